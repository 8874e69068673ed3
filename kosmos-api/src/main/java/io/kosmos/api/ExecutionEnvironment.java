package io.kosmos.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The software a run's code executes in, pinned: which environment it is, the packages asked for on
 * top of the executor's base, and the lock that says exactly what is inside (versions and hashes),
 * so that the run can be executed again later in the identical environment.
 *
 * <p>The engine stores the lock in the run's directory ({@code environment.lock}) and names it in
 * {@code run.json}.
 *
 * @param id the environment's identity, for example the image {@code
 *     kosmos-executor:1106ceaf3d5b-3fa29c01d2e4}
 * @param packages the packages asked for on top of the base, as requirements ({@code
 *     lifelines==0.27.8}); empty for the base itself
 * @param lock the lock file's text: every package with its exact version and, where known, its hash
 */
public record ExecutionEnvironment(String id, List<String> packages, String lock) {

  /** Checks the components and copies the list. */
  public ExecutionEnvironment {
    Objects.requireNonNull(id, "id");
    packages = List.copyOf(packages);
    Objects.requireNonNull(lock, "lock");
  }

  /**
   * The SHA-256 of the lock's text (UTF-8), which names this exact environment.
   *
   * @return lowercase hex
   */
  public String lockSha256() {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(lock.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
