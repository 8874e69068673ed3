package io.kosmos.sandbox;

import com.github.dockerjava.api.DockerClient;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.SandboxUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The environments of the Docker sandbox on one engine, for tools ({@code kosmos env build | list |
 * show | prune}): the base image this version of Kosmos runs, and the derived images {@code
 * kosmos-executor:<base>-<hash>} with packages installed, each with its lock file. Building one
 * applies the {@link PackageOptions} of the config (allow-list, deny-list, source), as an executor
 * does when a cell imports a package; the build has network only while it runs.
 *
 * <pre>{@code
 * try (Environments envs = Environments.open(config)) {
 *   Environment env = envs.build(List.of("lifelines==0.27.8"));
 *   System.out.println(env.image() + "\n" + env.lock());
 * }
 * }</pre>
 *
 * <p>Not thread-safe; cheap to open (no container is started).
 */
public final class Environments implements AutoCloseable {

  private final DockerClient docker;
  private final String baseImage;
  private final EnvironmentBuilder builder;

  private Environments(DockerClient docker, String baseImage, EnvironmentBuilder builder) {
    this.docker = docker;
    this.baseImage = baseImage;
    this.builder = builder;
  }

  /**
   * Connects to the engine of a config and finds its base image.
   *
   * @param config the engine, image and package options
   * @return the environments
   * @throws SandboxUnavailableException if no engine answers or the base image is missing (the
   *     message gives the fix)
   */
  public static Environments open(SandboxConfig config) {
    Objects.requireNonNull(config, "config");
    DockerEngine.Connection connection =
        DockerEngine.connect(config.dockerHost().orElse(null), Duration.ofMinutes(20));
    DockerClient docker = connection.client();
    try {
      docker.pingCmd().exec();
      String base = DockerSandbox.resolveImage(docker, config);
      return new Environments(
          docker, base, new EnvironmentBuilder(docker, new PackagePolicy(config.packages())));
    } catch (RuntimeException e) {
      closeQuietly(docker);
      if (e instanceof SandboxUnavailableException) {
        throw e;
      }
      throw new SandboxUnavailableException(
          "no Docker engine answers at "
              + connection.host()
              + " ("
              + DockerEngine.rootMessage(e)
              + "); run "
              + ExecutorImage.SETUP_COMMAND,
          e);
    }
  }

  /**
   * The base image environments are derived from.
   *
   * @return for example {@code kosmos-executor:1106ceaf3d5b}
   */
  public String baseImage() {
    return baseImage;
  }

  /**
   * The base environment, with its own lock.
   *
   * @return the environment
   * @throws SandboxUnavailableException if its lock cannot be read
   */
  public Environment base() {
    return describe(baseImage);
  }

  /**
   * The environment with packages on the base, built once (with network only during the build) and
   * found again by its hash afterwards.
   *
   * @param packages names with optional versions, such as {@code lifelines==0.27.8}
   * @return the environment
   * @throws InvalidInputException if a package is malformed, not allowed or denied, or the build
   *     fails for a reason pip names (not found on the index, a denied dependency)
   * @throws SandboxUnavailableException if the engine fails
   */
  public Environment build(List<String> packages) {
    List<Requirement> wanted = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    PackagePolicy policy = builder.policy();
    for (String p : packages) {
      Requirement r = Requirement.parse(p);
      Optional<String> denial = policy.denial(r.name());
      if (denial.isPresent()) {
        refused.add(r.name() + " is denied: " + denial.get());
      } else if (!policy.allowed(r.name())) {
        refused.add(r.name() + " is not on the allow-list (allow it: PackageOptions.allow)");
      }
      wanted.add(r);
    }
    if (!refused.isEmpty()) {
      throw new InvalidInputException(String.join("; ", refused));
    }
    try {
      return builder.ensure(baseImage, wanted);
    } catch (EnvironmentBuilder.BuildFailure e) {
      throw new InvalidInputException("cannot build the environment: " + e.getMessage());
    } catch (IOException e) {
      throw new SandboxUnavailableException(e.getMessage(), e);
    }
  }

  /**
   * The derived environments on the engine, newest first.
   *
   * @return the environments
   */
  public List<Environment> list() {
    try {
      return builder.list();
    } catch (IOException e) {
      throw new SandboxUnavailableException(e.getMessage(), e);
    }
  }

  /**
   * An environment by its image.
   *
   * @param image for example {@code kosmos-executor:1106ceaf3d5b-3fa29c01d2e4}
   * @return the environment, or empty if the engine does not have the image
   */
  public Optional<Environment> find(String image) {
    if (!builder.exists(image)) {
      return Optional.empty();
    }
    return Optional.of(describe(image));
  }

  /**
   * The lock a run recorded, from its directory.
   *
   * @param runDirectory the run's directory
   * @return the text of its {@code environment.lock}
   * @throws InvalidInputException if it has none
   */
  public static String recordedLock(Path runDirectory) {
    return RecordedEnvironment.read(runDirectory);
  }

  /**
   * Removes derived environments that no container uses and that were built before a time. Runs
   * that used one can still be executed again: {@link DockerSandboxExecutor#forRun} builds it again
   * from their lock.
   *
   * @param olderThan how long ago an environment must have been built to go
   * @return the images removed
   */
  public List<String> prune(Duration olderThan) {
    try {
      return builder.prune(olderThan, Clock.systemUTC().instant());
    } catch (IOException | RuntimeException e) {
      throw new SandboxUnavailableException("cannot prune environments: " + e.getMessage(), e);
    }
  }

  private Environment describe(String image) {
    try {
      return builder.describe(image);
    } catch (IOException e) {
      throw new SandboxUnavailableException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    closeQuietly(docker);
  }

  private static void closeQuietly(DockerClient docker) {
    try {
      docker.close();
    } catch (IOException | RuntimeException e) {
      // closing anyway
    }
  }
}
