package io.kosmos.sandbox;

import io.kosmos.api.InvalidInputException;
import io.kosmos.api.SandboxUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The environment a run recorded ({@code environment.lock} in its directory), had again: the image
 * the lock names when the engine has it with the same contents, or the same packages built again on
 * the same base from the lock's pinned, hashed requirements.
 */
final class RecordedEnvironment {

  private static final Logger LOG = LoggerFactory.getLogger(RecordedEnvironment.class);

  /** The lock file's name in a run directory. */
  static final String FILE = "environment.lock";

  private RecordedEnvironment() {}

  /**
   * Reads a run's lock file.
   *
   * @param runDirectory the run's directory
   * @return the lock's text
   * @throws InvalidInputException if there is none
   */
  static String read(Path runDirectory) {
    Path file = runDirectory.resolve(FILE);
    try {
      String lock = Files.readString(file, StandardCharsets.UTF_8);
      if (LockFile.header(lock, "image").isEmpty()) {
        throw new InvalidInputException(file + " is not a Kosmos environment lock (no image line)");
      }
      return lock;
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          runDirectory
              + " has no "
              + FILE
              + ": the run was made before environments were recorded, or not with the Docker"
              + " sandbox; execute it with DockerSandboxExecutor.create(config) instead");
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The environment a lock describes, built again if its image is gone.
   *
   * @param builder the executor's environment builder (its source wins over the lock's)
   * @param lock the lock
   * @return the environment
   * @throws SandboxUnavailableException if it cannot be had
   */
  static Environment restore(EnvironmentBuilder builder, String lock) {
    String image = LockFile.header(lock, "image").orElseThrow();
    try {
      if (builder.exists(image)) {
        Environment present = builder.describe(image);
        if (LockFile.sameContents(present.lock(), lock)) {
          return present;
        }
        LOG.warn("the image {} no longer holds what the run recorded; building it again", image);
      }
      Environment rebuilt = withSourceOf(builder, lock).rebuild(lock);
      List<String> differences = differences(lock, rebuilt.lock());
      if (!LockFile.section(lock, "installed").equals(rebuilt.installed())) {
        throw new SandboxUnavailableException(
            "the environment built again from the lock differs in the packages it pinned: "
                + differences);
      }
      if (!differences.isEmpty()) {
        LOG.warn(
            "the environment {} was built again, but its base differs from the run's in {}"
                + " package(s), for example {}: results may differ",
            image,
            differences.size(),
            differences.subList(0, Math.min(3, differences.size())));
      }
      return rebuilt;
    } catch (EnvironmentBuilder.BuildFailure | IOException e) {
      throw new SandboxUnavailableException(
          "cannot have the environment the run recorded (" + image + "): " + e.getMessage(), e);
    }
  }

  /** The builder, given the lock's source when the configuration names none. */
  private static EnvironmentBuilder withSourceOf(EnvironmentBuilder builder, String lock) {
    PackageOptions options = builder.policy().options();
    if (options.index().isPresent() || options.findLinks().isPresent()) {
      return builder;
    }
    String source = LockFile.header(lock, "source").orElse("none");
    PackageOptions.Builder withSource = options.newBuilder();
    if (source.startsWith("index ")) {
      withSource.index(source.substring("index ".length()));
    } else if (source.startsWith("wheels ")) {
      withSource.findLinks(Path.of(source.substring("wheels ".length())));
    } else {
      return builder;
    }
    return builder.withPolicy(new PackagePolicy(withSource.build()));
  }

  private static List<String> differences(String recorded, String now) {
    List<String> out = new ArrayList<>();
    for (String section : List.of("python", "debian")) {
      List<String> a = LockFile.section(recorded, section);
      List<String> b = LockFile.section(now, section);
      for (String line : a) {
        if (!b.contains(line)) {
          out.add(line);
        }
      }
    }
    return out;
  }
}
