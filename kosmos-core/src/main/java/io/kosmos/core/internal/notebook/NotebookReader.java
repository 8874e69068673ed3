package io.kosmos.core.internal.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.ArtifactException;
import io.kosmos.core.internal.artifacts.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back the cells of a saved notebook: their sources, to check citations against them, and
 * what they printed, to check a re-execution against it.
 */
public final class NotebookReader {

  private NotebookReader() {}

  /**
   * A cell of a saved notebook.
   *
   * @param type {@code code} or {@code markdown}
   * @param source the source, lines joined
   * @param text what a person reads under a code cell: its standard output, then the plain text of
   *     its result (empty for markdown)
   * @param error the error name and value if the cell failed, else empty
   */
  public record SavedCell(String type, String source, String text, String error) {}

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
      StringBuilder shown = new StringBuilder();
      String error = "";
      for (JsonNode o : cell.path("outputs")) {
        switch (o.path("output_type").asText()) {
          case "stream" -> {
            if (o.path("name").asText().equals("stdout")) {
              shown.append(text(o.get("text")));
            }
          }
          case "execute_result" -> {
            if (!shown.isEmpty() && shown.charAt(shown.length() - 1) != '\n') {
              shown.append('\n');
            }
            shown.append(text(o.path("data").get("text/plain")));
          }
          case "error" -> error = o.path("ename").asText() + ": " + o.path("evalue").asText();
          default -> {}
        }
      }
      out.add(
          new SavedCell(
              cell.path("cell_type").asText(), text(cell.get("source")), shown.toString(), error));
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
