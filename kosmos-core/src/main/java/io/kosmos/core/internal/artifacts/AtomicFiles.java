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
 * Every file of a run is written here: to a temporary file in the same directory, flushed to disk,
 * then renamed over the target in one atomic step. A reader (or a resumed run after {@code kill
 * -9}) sees the old content or the new one, never a mix. Temporary files end in {@link
 * #TEMP_SUFFIX}; {@link #deleteTemporaries} removes those a killed process left behind.
 */
public final class AtomicFiles {

  /** Suffix of temporary files; nothing else in a run directory ends with it. */
  public static final String TEMP_SUFFIX = ".kosmos-tmp";

  private AtomicFiles() {}

  /**
   * Writes a file atomically and durably.
   *
   * @param target the file
   * @param content its new content
   * @throws ArtifactException if it cannot be written
   */
  public static void write(Path target, byte[] content) {
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
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(dir);
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
   * Writes a UTF-8 text file atomically and durably.
   *
   * @param target the file
   * @param content its new content
   */
  public static void writeString(Path target, String content) {
    write(target, content.getBytes(StandardCharsets.UTF_8));
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

  private static void syncDirectory(Path dir) {
    // Makes the rename itself durable. Linux allows fsync on a directory; elsewhere it may fail,
    // and the rename is still atomic, only not yet durable across a power cut.
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort
    }
  }
}
