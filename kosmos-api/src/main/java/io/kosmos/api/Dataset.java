package io.kosmos.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A dataset given to a run: a file (CSV, TSV, Excel, ...) or a folder on the host, visible
 * read-only to analysis code at {@link #mountPath()}.
 *
 * @param name the name analysis code sees, the file name, for example {@code diabetes.csv}
 * @param path where it is on the host
 * @param sha256 the SHA-256 of its content (of every file, for a folder), recorded in {@code
 *     run.json} so that a resumed run can tell the data changed
 * @param sizeBytes its size
 * @param dictionary optional descriptions of its columns: column name to description
 */
public record Dataset(
    String name, Path path, String sha256, long sizeBytes, Map<String, String> dictionary) {

  /** Checks the components and copies the map. */
  public Dataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
    dictionary = Map.copyOf(dictionary);
  }

  /**
   * Where analysis code finds the dataset.
   *
   * @return {@code /data/} followed by the name
   */
  public String mountPath() {
    return "/data/" + name;
  }
}
