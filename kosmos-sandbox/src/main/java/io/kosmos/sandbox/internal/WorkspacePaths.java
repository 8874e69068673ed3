package io.kosmos.sandbox.internal;

import io.kosmos.api.InvalidInputException;
import java.util.Objects;

/** Rejects paths that are absolute or leave the workspace. */
public final class WorkspacePaths {
  static final String OUTPUT_DIR = "output";

  private WorkspacePaths() {}

  /**
   * The path, normalised, if it stays inside the workspace.
   *
   * @param path a path relative to the workspace
   * @return the normalised path
   * @throws InvalidInputException if it is absolute, empty or leaves the workspace
   */
  public static String check(String path) {
    Objects.requireNonNull(path, "path");
    String p = path.replace('\\', '/');
    if (p.isBlank() || p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
      throw new InvalidInputException(
          "path " + path + " must be relative to the workspace, for example output/table.csv");
    }
    StringBuilder normal = new StringBuilder();
    for (String part : p.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new InvalidInputException("path " + path + " leaves the workspace");
      }
      normal.append(normal.isEmpty() ? "" : "/").append(part);
    }
    if (normal.isEmpty()) {
      throw new InvalidInputException("path " + path + " names no file");
    }
    return normal.toString();
  }
}
