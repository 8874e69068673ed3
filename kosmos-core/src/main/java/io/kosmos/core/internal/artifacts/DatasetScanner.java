package io.kosmos.core.internal.artifacts;

import io.kosmos.api.Dataset;
import io.kosmos.api.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns a dataset path given to the builder into a {@link Dataset}: checks that it exists and can
 * be read, and hashes its content (every file, in path order, for a folder) so that a resumed run
 * can tell the data changed.
 */
public final class DatasetScanner {

  private DatasetScanner() {}

  /**
   * Scans a dataset.
   *
   * @param path a file or folder
   * @param dictionary column descriptions
   * @return the dataset
   * @throws InvalidInputException if it is missing, unreadable or empty
   */
  public static Dataset scan(Path path, Map<String, String> dictionary) {
    Path absolute = path.toAbsolutePath().normalize();
    if (!Files.exists(absolute)) {
      throw new InvalidInputException(
          "dataset "
              + absolute
              + " does not exist; check the path (it is resolved against "
              + Path.of("").toAbsolutePath()
              + ")");
    }
    if (!Files.isReadable(absolute)) {
      throw new InvalidInputException(
          "dataset "
              + absolute
              + " cannot be read (permission denied); make it readable by"
              + " the user running Kosmos");
    }
    if (!Files.isDirectory(absolute) && !Files.isRegularFile(absolute)) {
      throw new InvalidInputException(
          "dataset "
              + absolute
              + " cannot be read: it is not a regular file or folder (a socket, pipe or device);"
              + " give the path of a data file or of a folder of data files");
    }
    Path fileName = absolute.getFileName();
    if (fileName == null) {
      throw new InvalidInputException("dataset path " + path + " names no file or folder");
    }
    MessageDigest digest = Hashing.sha256();
    long size = 0;
    try {
      if (Files.isDirectory(absolute)) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(absolute)) {
          files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        if (files.isEmpty()) {
          throw new InvalidInputException(
              "dataset folder " + absolute + " holds no files; give a folder with data in it");
        }
        for (Path file : files) {
          digest.update(
              absolute
                  .relativize(file)
                  .toString()
                  .replace('\\', '/')
                  .getBytes(StandardCharsets.UTF_8));
          digest.update((byte) 0);
          size += readable(file, digest);
        }
      } else {
        size = readable(absolute, digest);
      }
    } catch (IOException e) {
      throw new InvalidInputException("dataset " + absolute + " cannot be read: " + e, e);
    }
    return new Dataset(
        fileName.toString(), absolute, HexFormat.of().formatHex(digest.digest()), size, dictionary);
  }

  private static long readable(Path file, MessageDigest digest) throws IOException {
    try {
      return Hashing.update(digest, file);
    } catch (AccessDeniedException e) {
      throw new InvalidInputException(
          "dataset file "
              + file
              + " cannot be read (permission denied); make it readable by the"
              + " user running Kosmos",
          e);
    }
  }
}
