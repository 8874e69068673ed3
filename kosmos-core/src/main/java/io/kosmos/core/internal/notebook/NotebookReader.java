package io.kosmos.core.internal.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.ArtifactException;
import io.kosmos.core.internal.artifacts.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads back the cell sources of a saved notebook, to check citations against them. */
public final class NotebookReader {

  private NotebookReader() {}

  /**
   * A cell of a saved notebook.
   *
   * @param type {@code code} or {@code markdown}
   * @param source the source, lines joined
   */
  public record SavedCell(String type, String source) {}

  /**
   * Reads the cells of a notebook.
   *
   * @param file the {@code .ipynb} file
   * @return the cells, in order
   * @throws ArtifactException if the file is missing or is not a notebook
   */
  public static List<SavedCell> cells(Path file) {
    JsonNode root = Json.readTree(file);
    JsonNode cells = root.get("cells");
    if (cells == null || !cells.isArray() || root.path("nbformat").asInt() != 4) {
      throw new ArtifactException(
          "artifact file " + file + " is not an nbformat 4 notebook (no cells list)");
    }
    List<SavedCell> out = new ArrayList<>();
    for (JsonNode cell : cells) {
      out.add(new SavedCell(cell.path("cell_type").asText(), text(cell.get("source"))));
    }
    return out;
  }

  /**
   * Joins an nbformat multiline string.
   *
   * @param node a string or a list of strings
   * @return the text
   */
  public static String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return "";
    }
    if (node.isArray()) {
      StringBuilder sb = new StringBuilder();
      node.forEach(n -> sb.append(n.asText()));
      return sb.toString();
    }
    return node.asText();
  }
}
