package io.kosmos.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Whether this machine can run a {@link DockerSandboxExecutor}: is a Docker engine reachable, and
 * is the executor image there. {@code kosmos doctor} prints it; {@link
 * DockerSandboxExecutor#create} fails with the same words.
 *
 * @param dockerHost the engine address tried
 * @param engineVersion the engine's version, or empty if it did not answer
 * @param image the image the executor would run
 * @param imagePresent whether that image is on the engine
 * @param problem what is wrong, or empty
 * @param fix the command or step that fixes it, or empty
 */
public record SandboxDiagnosis(
    String dockerHost,
    String engineVersion,
    String image,
    boolean imagePresent,
    String problem,
    String fix) {

  /** The command that makes a machine ready. */
  public static final String SETUP_COMMAND = ExecutorImage.SETUP_COMMAND;

  /** Checks the components. */
  public SandboxDiagnosis {
    Objects.requireNonNull(dockerHost, "dockerHost");
    Objects.requireNonNull(engineVersion, "engineVersion");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(fix, "fix");
  }

  /**
   * Whether the engine answered.
   *
   * @return {@code true} if it did
   */
  public boolean engineReachable() {
    return !engineVersion.isEmpty();
  }

  /**
   * Whether an executor can start.
   *
   * @return {@code true} if the engine answered and the image is there
   */
  public boolean ready() {
    return engineReachable() && imagePresent;
  }

  /**
   * Checks the engine and the image a config would use. Never throws.
   *
   * @param config the config (its image override and Docker host count)
   * @return the diagnosis
   */
  public static SandboxDiagnosis of(SandboxConfig config) {
    String image;
    try {
      image = config.image().orElseGet(ExecutorImage::expectedTag);
    } catch (RuntimeException e) {
      return new SandboxDiagnosis(
          "?",
          "",
          "?",
          false,
          "the executor image's build context is missing: " + e.getMessage(),
          "rebuild Kosmos (./mvnw package)");
    }
    DockerEngine.Connection connection;
    try {
      connection = DockerEngine.connect(config.dockerHost().orElse(null), Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      return engineMissing(
          "?", image, "the Docker configuration cannot be read: " + e.getMessage());
    }
    try (DockerClient docker = connection.client()) {
      String version;
      try {
        version = docker.versionCmd().exec().getVersion();
      } catch (RuntimeException e) {
        return engineMissing(
            connection.host(),
            image,
            "no Docker engine answers at "
                + connection.host()
                + " ("
                + DockerEngine.rootMessage(e)
                + ")");
      }
      boolean present = exists(docker, image);
      if (present) {
        return new SandboxDiagnosis(connection.host(), version, image, true, "", "");
      }
      if (config.image().isEmpty()
          && config.useLatestImage()
          && exists(docker, ExecutorImage.LATEST)) {
        return new SandboxDiagnosis(connection.host(), version, ExecutorImage.LATEST, true, "", "");
      }
      return new SandboxDiagnosis(
          connection.host(),
          version,
          image,
          false,
          "the executor image " + image + " is not built",
          SETUP_COMMAND + " (builds it; several minutes the first time)");
    } catch (IOException e) {
      return engineMissing(connection.host(), image, DockerEngine.rootMessage(e));
    }
  }

  private static boolean exists(DockerClient docker, String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static SandboxDiagnosis engineMissing(String host, String image, String problem) {
    return new SandboxDiagnosis(
        host,
        "",
        image,
        false,
        problem,
        SETUP_COMMAND
            + " (on Debian as root it installs docker.io and starts dockerd; elsewhere it says"
            + " what to do)");
  }
}
