package io.kosmos.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the lock files the image's {@code kosmos-env lock} writes: a header of {@code # key: value}
 * lines ({@code image}, {@code base}, {@code requested} once per package, {@code source}, {@code
 * python}, {@code created}), then the sections {@code [installed]} (pinned with hashes), {@code
 * [python]} ({@code pip freeze --all}) and {@code [debian]} (package, version, architecture,
 * SHA-256 of the {@code .deb}).
 */
final class LockFile {

  private LockFile() {}

  /**
   * The first value of a header key.
   *
   * @param lock the lock's text
   * @param key for example {@code image}
   * @return the value, or empty
   */
  static Optional<String> header(String lock, String key) {
    List<String> values = headers(lock, key);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Every value of a header key, in order.
   *
   * @param lock the lock's text
   * @param key for example {@code requested}
   * @return the values
   */
  static List<String> headers(String lock, String key) {
    List<String> values = new ArrayList<>();
    String prefix = "# " + key + ": ";
    for (String line : lock.split("\n")) {
      if (line.startsWith("[")) {
        break;
      }
      if (line.startsWith(prefix)) {
        values.add(line.substring(prefix.length()).strip());
      }
    }
    return values;
  }

  /**
   * The lines of a section.
   *
   * @param lock the lock's text
   * @param name {@code installed}, {@code python} or {@code debian}
   * @return its non-blank lines
   */
  static List<String> section(String lock, String name) {
    List<String> lines = new ArrayList<>();
    boolean in = false;
    for (String line : lock.split("\n")) {
      if (line.startsWith("[")) {
        in = line.strip().equals("[" + name + "]");
        continue;
      }
      if (in && !line.isBlank()) {
        lines.add(line.strip());
      }
    }
    return lines;
  }

  /**
   * Whether two locks describe the same contents: the same sections, whatever their headers say
   * (the creation time differs between builds of the same environment).
   *
   * @param a a lock
   * @param b another
   * @return {@code true} if every section is equal
   */
  static boolean sameContents(String a, String b) {
    for (String name : List.of("installed", "python", "debian")) {
      if (!section(a, name).equals(section(b, name))) {
        return false;
      }
    }
    return true;
  }
}
