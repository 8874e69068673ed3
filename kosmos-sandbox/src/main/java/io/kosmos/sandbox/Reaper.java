package io.kosmos.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what sandbox executors left behind: containers and networks labelled {@code
 * io.kosmos.sandbox=true}, and their host directories. {@link #reapDead} runs when an executor
 * starts and removes the leftovers of JVMs that are gone (killed with {@code kill -9}, crashed);
 * {@link #removeExecutor} runs from the JVM shutdown hook and removes one executor's own.
 */
final class Reaper {

  private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);

  private Reaper() {}

  /** What a reaping removed. */
  public record Result(int containers, int networks, int directories) {}

  /**
   * Removes the containers, networks and host directories of dead JVMs.
   *
   * @param docker the engine
   * @param sandboxRoot the host directory holding per-container directories
   * @return what was removed
   */
  public static Result reapDead(DockerClient docker, Path sandboxRoot) {
    int containers = 0;
    int networks = 0;
    for (Container c : listContainers(docker, null)) {
      Optional<Owner> owner = Owner.fromLabels(c.getLabels());
      if (owner.isPresent() && owner.get().isDead()) {
        removeContainer(docker, c);
        containers++;
      }
    }
    for (Network n : ContainerLauncher.networksOf(docker)) {
      Optional<Owner> owner = Owner.fromLabels(n.getLabels());
      if (owner.isPresent() && owner.get().isDead()) {
        removeNetwork(docker, n);
        networks++;
      }
    }
    int directories = reapDirectories(sandboxRoot, null);
    if (containers + networks + directories > 0) {
      LOG.info(
          "removed what dead JVMs left: {} container(s), {} network(s), {} host director(ies)",
          containers,
          networks,
          directories);
    }
    return new Result(containers, networks, directories);
  }

  /**
   * Removes everything one executor of this JVM made.
   *
   * @param docker the engine
   * @param owner this JVM
   * @param executorId the executor
   * @param sandboxRoot the host directory holding per-container directories
   * @return what was removed
   */
  public static Result removeExecutor(
      DockerClient docker, Owner owner, String executorId, Path sandboxRoot) {
    int containers = 0;
    int networks = 0;
    for (Container c : listContainers(docker, executorId)) {
      if (owner.id().equals(c.getLabels().get(Owner.LABEL_OWNER))) {
        removeContainer(docker, c);
        containers++;
      }
    }
    for (Network n : ContainerLauncher.networksOf(docker)) {
      Map<String, String> labels = n.getLabels();
      if (labels != null
          && owner.id().equals(labels.get(Owner.LABEL_OWNER))
          && executorId.equals(labels.get(Owner.LABEL_EXECUTOR))) {
        removeNetwork(docker, n);
        networks++;
      }
    }
    return new Result(containers, networks, reapDirectories(sandboxRoot, owner));
  }

  private static List<Container> listContainers(DockerClient docker, String executorId) {
    var cmd = docker.listContainersCmd().withShowAll(true);
    if (executorId == null) {
      cmd = cmd.withLabelFilter(Map.of(Owner.LABEL, "true"));
    } else {
      cmd = cmd.withLabelFilter(Map.of(Owner.LABEL, "true", Owner.LABEL_EXECUTOR, executorId));
    }
    return cmd.exec();
  }

  private static void removeContainer(DockerClient docker, Container c) {
    try {
      docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // gone already
    } catch (RuntimeException e) {
      LOG.warn("cannot remove container {}: {}", c.getId(), e.getMessage());
    }
    String dir = c.getLabels() == null ? null : c.getLabels().get(Owner.LABEL_DIR);
    if (dir != null) {
      deleteIfOwned(Path.of(dir), Owner.fromLabels(c.getLabels()).orElse(null));
    }
  }

  private static void removeNetwork(DockerClient docker, Network n) {
    try {
      docker.removeNetworkCmd(n.getId()).exec();
    } catch (NotFoundException e) {
      // gone already
    } catch (RuntimeException e) {
      LOG.warn("cannot remove network {}: {}", n.getName(), e.getMessage());
    }
  }

  /** Deletes per-container directories whose owner is dead (or is {@code only}, if given). */
  private static int reapDirectories(Path root, Owner only) {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        Optional<Owner> owner = readOwner(dir);
        if (owner.isEmpty()) {
          continue;
        }
        boolean remove = only == null ? owner.get().isDead() : owner.get().id().equals(only.id());
        if (remove) {
          try {
            HostDirectory.deleteTree(dir, true);
            removed++;
          } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.getMessage());
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list {}: {}", root, e.getMessage());
    }
    return removed;
  }

  private static void deleteIfOwned(Path dir, Owner owner) {
    Optional<Owner> written = readOwner(dir);
    if (owner != null && written.isPresent() && written.get().id().equals(owner.id())) {
      try {
        HostDirectory.deleteTree(dir, true);
      } catch (IOException e) {
        LOG.warn("cannot delete {}: {}", dir, e.getMessage());
      }
    }
  }

  private static Optional<Owner> readOwner(Path dir) {
    Path file = dir.resolve("owner");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.size() < 4) {
        return Optional.empty();
      }
      return Optional.of(
          new Owner(
              lines.get(0),
              Long.parseLong(lines.get(1).strip()),
              lines.get(2),
              Long.parseLong(lines.get(3).strip())));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
