package io.kosmos.core.internal.artifacts;

import io.kosmos.api.ArtifactException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every file of a run is written here: to a temporary file in the same directory, then renamed over
 * the target in one atomic step. A reader (or a resumed run after {@code kill -9}) sees the old
 * content or the new one, never a mix. Temporary files end in {@link #TEMP_SUFFIX}; {@link
 * #deleteTemporaries} removes those a killed process left behind.
 *
 * <p>Atomicity is enough to survive a killed process. Surviving a power cut also needs the data on
 * disk, which costs an fsync (about a millisecond here), so each write says how durable it must be
 * ({@link Durability}): commit points are synced with their directory, files a commit depends on
 * are synced before it, and files the engine can rebuild are not synced.
 */
public final class AtomicFiles {

  /** Suffix of temporary files; nothing else in a run directory ends with it. */
  public static final String TEMP_SUFFIX = ".kosmos-tmp";

  /** How durable a write must be. */
  public enum Durability {
    /**
     * A commit point ({@code result.json}, {@code plan.json}, {@code run.json}): the content and
     * the rename are on disk when the write returns (file and directory synced).
     */
    COMMIT,
    /**
     * A file a later commit in the same directory depends on (a notebook before its {@code
     * result.json}): its content is synced now, and the commit's directory sync makes its rename
     * durable too. For a file in another directory, sync that directory before the commit.
     */
    STAGED,
    /**
     * A file the engine rebuilds or rewrites (the world snapshot, {@code task.json}, the report):
     * atomic, not synced.
     */
    REBUILDABLE
  }

  private AtomicFiles() {}

  /**
   * Writes a commit point atomically and durably.
   *
   * @param target the file
   * @param content its new content
   * @throws ArtifactException if it cannot be written
   */
  public static void write(Path target, byte[] content) {
    write(target, content, Durability.COMMIT);
  }

  /**
   * Writes a file atomically, as durable as asked.
   *
   * @param target the file
   * @param content its new content
   * @param durability how durable
   * @throws ArtifactException if it cannot be written
   */
  public static void write(Path target, byte[] content, Durability durability) {
    Path dir = target.toAbsolutePath().getParent();
    Path temp =
        dir.resolve(
            "."
                + target.getFileName()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + TEMP_SUFFIX);
    try {
      Files.createDirectories(dir);
      try (FileChannel channel =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        if (durability != Durability.REBUILDABLE) {
          channel.force(true);
        }
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      if (durability == Durability.COMMIT) {
        syncDirectory(dir);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // the temporary file is cleaned up when the run is next opened
      }
      throw new ArtifactException(
          "cannot write " + target + ": " + e + "; check free space and permissions", e);
    }
  }

  /**
   * Writes a UTF-8 text file atomically, as durable as asked.
   *
   * @param target the file
   * @param content its new content
   * @param durability how durable
   */
  public static void writeString(Path target, String content, Durability durability) {
    write(target, content.getBytes(StandardCharsets.UTF_8), durability);
  }

  /**
   * Deletes the temporary files a killed process left under a directory.
   *
   * @param root the directory
   */
  public static void deleteTemporaries(Path root) {
    if (!Files.isDirectory(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              if (file.getFileName().toString().endsWith(TEMP_SUFFIX)) {
                Files.deleteIfExists(file);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deletes a directory and everything under it, if it exists.
   *
   * @param dir the directory
   */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (NoSuchFileException ignored) {
      // already gone
    } catch (IOException e) {
      throw new ArtifactException("cannot delete " + dir + ": " + e, e);
    }
  }

  /**
   * Makes a file written {@link Durability#REBUILDABLE} durable after the fact (its content; sync
   * its directory for its name).
   *
   * @param file the file
   * @throws ArtifactException if it cannot be synced
   */
  public static void syncFile(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      throw new ArtifactException("cannot sync " + file + ": " + e, e);
    }
  }

  /**
   * Makes the renames in a directory durable.
   *
   * @param dir the directory
   */
  public static void syncDirectory(Path dir) {
    // Makes the rename itself durable. Linux allows fsync on a directory; elsewhere it may fail,
    // and the rename is still atomic, only not yet durable across a power cut.
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort
    }
  }
}
