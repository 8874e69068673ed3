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
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what sandbox executors left behind: containers and networks labelled {@code
 * io.kosmos.sandbox=true}, and their host directories. {@link #reapDead} runs when an executor
 * starts and removes the leftovers of JVMs that are gone (killed with {@code kill -9}, crashed);
 * {@link #removeExecutor} runs when an executor closes (and from the JVM shutdown hook) and removes
 * that executor's own: several executors of one JVM may share a sandbox root. Each result counts
 * what was removed, host directories deleted with their containers included.
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
    int directories = 0;
    for (Container c : listContainers(docker, null)) {
      Optional<Owner> owner = Owner.fromLabels(c.getLabels());
      if (owner.isPresent() && owner.get().isDead()) {
        directories += removeContainer(docker, c);
        containers++;
      }
    }
    for (Network n : ExecutorNetwork.networksOf(docker)) {
      Optional<Owner> owner = Owner.fromLabels(n.getLabels());
      if (owner.isPresent() && owner.get().isDead()) {
        removeNetwork(docker, n);
        networks++;
      }
    }
    directories += reapDirectories(sandboxRoot, dir -> dir.owner().isDead());
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
   * Removes everything one executor of this JVM made, and nothing of another executor, of this JVM
   * or any other, that shares the sandbox root.
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
    int directories = 0;
    for (Container c : listContainers(docker, executorId)) {
      if (owner.id().equals(c.getLabels().get(Owner.LABEL_OWNER))) {
        directories += removeContainer(docker, c);
        containers++;
      }
    }
    for (Network n : ExecutorNetwork.networksOf(docker)) {
      Map<String, String> labels = n.getLabels();
      if (labels != null
          && owner.id().equals(labels.get(Owner.LABEL_OWNER))
          && executorId.equals(labels.get(Owner.LABEL_EXECUTOR))) {
        removeNetwork(docker, n);
        networks++;
      }
    }
    directories +=
        reapDirectories(
            sandboxRoot,
            dir -> dir.owner().id().equals(owner.id()) && executorId.equals(dir.executorId()));
    return new Result(containers, networks, directories);
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

  /** Removes a container and its host directory; returns the directories deleted (0 or 1). */
  private static int removeContainer(DockerClient docker, Container c) {
    try {
      docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // gone already
    } catch (RuntimeException e) {
      LOG.warn("cannot remove container {}: {}", c.getId(), e.getMessage());
    }
    String dir = c.getLabels() == null ? null : c.getLabels().get(Owner.LABEL_DIR);
    Optional<Owner> owner = Owner.fromLabels(c.getLabels());
    if (dir == null || owner.isEmpty()) {
      return 0;
    }
    Optional<DirectoryOwner> written = readOwner(Path.of(dir));
    if (written.isEmpty() || !written.get().owner().id().equals(owner.get().id())) {
      return 0;
    }
    try {
      HostDirectory.deleteTree(Path.of(dir), true);
      return 1;
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.getMessage());
      return 0;
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

  /** Deletes the per-container directories the filter selects; returns how many. */
  private static int reapDirectories(Path root, Predicate<DirectoryOwner> remove) {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        Optional<DirectoryOwner> owner = readOwner(dir);
        if (owner.isPresent() && remove.test(owner.get())) {
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

  /**
   * Who made a per-container directory, from its {@code owner} file.
   *
   * @param owner the JVM
   * @param executorId the executor, empty in directories made before executors were named there
   */
  record DirectoryOwner(Owner owner, String executorId) {}

  private static Optional<DirectoryOwner> readOwner(Path dir) {
    Path file = dir.resolve("owner");
    if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.size() < 4) {
        return Optional.empty();
      }
      Owner owner =
          new Owner(
              lines.get(0),
              Long.parseLong(lines.get(1).strip()),
              lines.get(2),
              Long.parseLong(lines.get(3).strip()));
      return Optional.of(new DirectoryOwner(owner, lines.size() > 4 ? lines.get(4).strip() : ""));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
