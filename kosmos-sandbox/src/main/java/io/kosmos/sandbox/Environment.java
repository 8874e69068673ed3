package io.kosmos.sandbox;

import io.kosmos.api.ExecutionEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An environment of the Docker sandbox: an executor image, either the base image this version of
 * Kosmos builds ({@code kosmos-executor:<hash>}) or one derived from it with packages installed
 * ({@code kosmos-executor:<base>-<hash>}), with its lock file. {@link Environments} lists, shows,
 * builds and prunes them; {@code kosmos env} prints them.
 *
 * @param image the image, for example {@code kosmos-executor:1106ceaf3d5b-3fa29c01d2e4}
 * @param base the image it was derived from, or empty for a base image
 * @param packages the packages asked for on top of the base, as requirements; empty for a base
 * @param source where the packages came from ({@code index <url>}, {@code wheels <folder>}), or
 *     {@code none}
 * @param created when the image was built
 * @param sizeBytes the image's size
 * @param lock the lock file: exact versions and hashes of what is inside (see {@code
 *     docs/sandbox.md}, "Packages and environments")
 */
public record Environment(
    String image,
    String base,
    List<String> packages,
    String source,
    Instant created,
    long sizeBytes,
    String lock) {

  /** Checks the components and copies the list. */
  public Environment {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(base, "base");
    packages = List.copyOf(packages);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(lock, "lock");
  }

  /**
   * Whether this is a base image, with no packages added.
   *
   * @return {@code true} for a base image
   */
  public boolean isBase() {
    return base.isEmpty();
  }

  /**
   * The environment as a run records it.
   *
   * @return the image, packages and lock
   */
  public ExecutionEnvironment toExecutionEnvironment() {
    return new ExecutionEnvironment(image, packages, lock);
  }

  /**
   * The SHA-256 of the lock file.
   *
   * @return lowercase hex
   */
  public String lockSha256() {
    return toExecutionEnvironment().lockSha256();
  }

  /**
   * The pinned packages that were installed on top of the base: the lock's {@code [installed]}
   * section, one {@code name==version --hash=sha256:...} per line.
   *
   * @return the lines
   */
  public List<String> installed() {
    return LockFile.section(lock, "installed");
  }
}
