package io.kosmos.sandbox;

import io.kosmos.api.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A container's directory on the host, {@code <sandbox root>/<container name>/}: {@code data/} is
 * bind-mounted read-only at {@code /data} and receives a session's datasets when the container is
 * handed out (hard links where possible, copies otherwise: the container exists before the datasets
 * are known). {@code owner} names the JVM and the executor that made it, for the {@link Reaper}.
 * Nothing in it is writable from the container: the sockets live in a tmpfs of the container's own
 * ({@code /run/kosmos}), which the JVM reaches through {@code /proc/<pid>/root}.
 */
final class HostDirectory {

  /** The loopback names, as Docker writes them for a container on the network {@code none}. */
  private static final String HOSTS =
      "127.0.0.1\tlocalhost\n"
          + "::1\tlocalhost ip6-localhost ip6-loopback\n"
          + "fe00::0\tip6-localnet\n"
          + "ff00::0\tip6-mcastprefix\n"
          + "ff02::1\tip6-allnodes\n"
          + "ff02::2\tip6-allrouters\n";

  private final Path dir;
  private final int containerUid;
  private final int containerGid;

  private HostDirectory(Path dir, int containerUid, int containerGid) {
    this.dir = dir;
    this.containerUid = containerUid;
    this.containerGid = containerGid;
  }

  /**
   * Makes {@code <root>/<name>/data}, the owner file and the hosts file.
   *
   * @param root the sandbox root
   * @param name the container's name
   * @param owner this JVM
   * @param executorId the executor that owns the container
   * @param uid the container user
   * @param gid the container user's group
   * @return the directory
   * @throws IOException if it cannot be made
   */
  static HostDirectory create(
      Path root, String name, Owner owner, String executorId, int uid, int gid) throws IOException {
    Files.createDirectories(root);
    Path dir = root.resolve(name);
    Files.createDirectory(dir);
    setMode(dir, "rwxr-xr-x");
    HostDirectory host = new HostDirectory(dir, uid, gid);
    Files.writeString(
        dir.resolve("owner"),
        owner.id()
            + "\n"
            + owner.pid()
            + "\n"
            + owner.host()
            + "\n"
            + owner.startMillis()
            + "\n"
            + executorId
            + "\n",
        StandardCharsets.UTF_8);
    Path data = Files.createDirectory(host.dataDir());
    setMode(data, "rwxr-xr-x");
    Files.writeString(host.hostsFile(), HOSTS, StandardCharsets.US_ASCII);
    return host;
  }

  Path dir() {
    return dir;
  }

  Path dataDir() {
    return dir.resolve("data");
  }

  /** The container's {@code /etc/hosts} when it has no network (the loopback names only). */
  Path hostsFile() {
    return dir.resolve("hosts");
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

  /**
   * Deletes a tree without following symbolic links, relative to the directories already opened (no
   * path is resolved again), so that a link swapped in while it runs cannot lead outside.
   *
   * @param root the tree's root
   * @param includingRoot whether to delete the root itself too
   * @throws IOException if something cannot be deleted
   */
  static void deleteTree(Path root, boolean includingRoot) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(root);
      return;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
      if (stream instanceof SecureDirectoryStream<Path> secure) {
        emptySecurely(secure);
      } else {
        for (Path child : stream) {
          deleteTree(child, true);
        }
      }
    }
    if (includingRoot) {
      Files.deleteIfExists(root);
    }
  }

  private static void emptySecurely(SecureDirectoryStream<Path> dir) throws IOException {
    for (Path entry : dir) {
      Path name = entry.getFileName();
      BasicFileAttributes attributes =
          dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes();
      if (attributes.isDirectory()) {
        try (SecureDirectoryStream<Path> child =
            dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
          emptySecurely(child);
        }
        dir.deleteDirectory(name);
      } else {
        dir.deleteFile(name);
      }
    }
  }

  private static void setMode(Path path, String mode) throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
  }
}
