package io.kosmos.sandbox;

import io.kosmos.api.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A container's directory on the host, {@code <sandbox root>/<container name>/}: {@code run/} is
 * bind-mounted at {@code /run/kosmos} and receives Jupyter's socket; {@code data/} is bind-mounted
 * read-only at {@code /data} and receives a session's datasets when the container is handed out
 * (hard links where possible, copies otherwise: the container exists before the datasets are
 * known). {@code owner} names the JVM that made it, for the {@link Reaper}.
 */
final class HostDirectory {

  static final String SOCKET_NAME = "jupyter.sock";

  private final Path dir;
  private final int containerUid;
  private final int containerGid;
  private final boolean jvmIsRoot;

  private HostDirectory(Path dir, int containerUid, int containerGid, boolean jvmIsRoot) {
    this.dir = dir;
    this.containerUid = containerUid;
    this.containerGid = containerGid;
    this.jvmIsRoot = jvmIsRoot;
  }

  /** Makes {@code <root>/<name>/{run,data}} with the permissions the container user needs. */
  static HostDirectory create(Path root, String name, Owner owner, int uid, int gid, boolean root0)
      throws IOException {
    Files.createDirectories(root);
    Path dir = root.resolve(name);
    Files.createDirectory(dir);
    setMode(dir, "rwxr-xr-x");
    HostDirectory host = new HostDirectory(dir, uid, gid, root0);
    Files.writeString(
        dir.resolve("owner"),
        owner.id() + "\n" + owner.pid() + "\n" + owner.host() + "\n" + owner.startMillis() + "\n",
        StandardCharsets.UTF_8);
    Path run = Files.createDirectory(host.runDir());
    Path data = Files.createDirectory(host.dataDir());
    setMode(data, "rwxr-xr-x");
    setMode(run, "rwx------");
    if (root0) {
      Files.setAttribute(run, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(run, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }
    return host;
  }

  Path dir() {
    return dir;
  }

  Path runDir() {
    return dir.resolve("run");
  }

  Path dataDir() {
    return dir.resolve("data");
  }

  Path socket() {
    return runDir().resolve(SOCKET_NAME);
  }

  /**
   * Makes the datasets visible in the container at {@code /data/<file name>}.
   *
   * @param datasets files or folders on the host
   * @throws InvalidInputException if one does not exist, cannot be read, or two share a name
   */
  void linkDatasets(List<Path> datasets) {
    for (Path dataset : datasets) {
      Path source = dataset.toAbsolutePath().normalize();
      if (!Files.exists(source)) {
        throw new InvalidInputException(
            "dataset " + dataset + " does not exist; pass an existing file or folder");
      }
      if (!Files.isReadable(source)) {
        throw new InvalidInputException("dataset " + dataset + " cannot be read by this process");
      }
      Path name = source.getFileName();
      if (name == null) {
        throw new InvalidInputException("dataset " + dataset + " has no file name");
      }
      Path target = dataDir().resolve(name.toString());
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new InvalidInputException(
            "two datasets are named " + name + "; /data/" + name + " can hold only one");
      }
      try {
        if (Files.isDirectory(source)) {
          try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
              Path t = target.resolve(source.relativize(p).toString());
              if (Files.isDirectory(p)) {
                Files.createDirectories(t);
                setMode(t, "rwxr-xr-x");
              } else if (Files.isRegularFile(p)) {
                place(p, t);
              }
            }
          }
        } else {
          place(source, target);
        }
      } catch (IOException e) {
        throw new InvalidInputException(
            "dataset " + dataset + " cannot be made visible to the sandbox: " + e.getMessage(), e);
      }
    }
  }

  /** Hard link when the container user can read the file through it; a copy otherwise. */
  private void place(Path source, Path target) throws IOException {
    if (readableByContainer(source)) {
      try {
        Files.createLink(target, source);
        return;
      } catch (FileSystemException | UnsupportedOperationException e) {
        // Another file system, or links not allowed: copy.
      }
    }
    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    setMode(target, "rw-r--r--");
  }

  private boolean readableByContainer(Path file) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (perms.contains(PosixFilePermission.OTHERS_READ)) {
      return true;
    }
    int owner = (Integer) Files.getAttribute(file, "unix:uid");
    int group = (Integer) Files.getAttribute(file, "unix:gid");
    return (owner == containerUid && perms.contains(PosixFilePermission.OWNER_READ))
        || (group == containerGid && perms.contains(PosixFilePermission.GROUP_READ));
  }

  /** Empties {@code data/} (for a container going back to the pool). */
  void clearData() throws IOException {
    deleteTree(dataDir(), false);
  }

  /** Deletes the whole directory, socket included. */
  void delete() {
    try {
      deleteTree(dir, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path root, boolean includingRoot) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!includingRoot && p.equals(root)) {
          continue;
        }
        Files.deleteIfExists(p);
      }
    }
  }

  boolean jvmIsRoot() {
    return jvmIsRoot;
  }

  private static void setMode(Path path, String mode) throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
  }
}
