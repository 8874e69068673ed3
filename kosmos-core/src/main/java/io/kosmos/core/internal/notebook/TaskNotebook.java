package io.kosmos.core.internal.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.Output;
import io.kosmos.core.internal.artifacts.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cells of one task's notebook, in order, and their rendering as an nbformat 4.5 {@code .ipynb}
 * file that Jupyter opens: code cells with their execution count and outputs (stream, display data,
 * execute result, error, images included), markdown cells, a python3 kernelspec. Cell indexes count
 * markdown cells, as {@link ExecutedCell#index()} does.
 */
public final class TaskNotebook {

  /** One cell. */
  public sealed interface Cell permits CodeCell, MarkdownCell {
    /**
     * The cell's index.
     *
     * @return the index, from 0
     */
    int index();

    /**
     * The cell's source.
     *
     * @return the source
     */
    String source();
  }

  /**
   * A code cell that ran.
   *
   * @param cell the cell as the analyst sees it
   */
  public record CodeCell(ExecutedCell cell) implements Cell {
    @Override
    public int index() {
      return cell.index();
    }

    @Override
    public String source() {
      return cell.code();
    }
  }

  /**
   * A markdown cell.
   *
   * @param index the index
   * @param source the markdown
   */
  public record MarkdownCell(int index, String source) implements Cell {}

  private final List<Cell> cells = new ArrayList<>();

  /**
   * The index the next cell gets.
   *
   * @return the index
   */
  public synchronized int nextIndex() {
    return cells.size();
  }

  /**
   * Appends a code cell; its index must be {@link #nextIndex()}.
   *
   * @param cell the cell
   */
  public synchronized void addCode(ExecutedCell cell) {
    if (cell.index() != cells.size()) {
      throw new IllegalStateException(
          "cell index " + cell.index() + " out of order, expected " + cells.size());
    }
    cells.add(new CodeCell(cell));
  }

  /**
   * Appends a markdown cell.
   *
   * @param markdown the markdown
   * @return the cell's index
   */
  public synchronized int addMarkdown(String markdown) {
    int index = cells.size();
    cells.add(new MarkdownCell(index, markdown));
    return index;
  }

  /**
   * The cells so far.
   *
   * @return a copy
   */
  public synchronized List<Cell> cells() {
    return List.copyOf(cells);
  }

  /**
   * The code cells so far.
   *
   * @return the executed cells, in order
   */
  public synchronized List<ExecutedCell> codeCells() {
    List<ExecutedCell> out = new ArrayList<>();
    for (Cell c : cells) {
      if (c instanceof CodeCell code) {
        out.add(code.cell());
      }
    }
    return out;
  }

  /**
   * The size of the image data the notebook embeds (base64 text), which {@link #toIpynb} with
   * images left out does not contain.
   *
   * @return the number of bytes
   */
  public synchronized long imageBytes() {
    long total = 0;
    for (Cell c : cells) {
      if (c instanceof CodeCell code) {
        for (Output o : code.cell().result().outputs()) {
          Map<String, String> data =
              switch (o) {
                case Output.DisplayData d -> d.data();
                case Output.ExecuteResult r -> r.data();
                default -> Map.of();
              };
          for (Map.Entry<String, String> e : data.entrySet()) {
            if (e.getKey().startsWith("image/")) {
              total += e.getValue().length();
            }
          }
        }
      }
    }
    return total;
  }

  /**
   * Renders the notebook as {@code .ipynb} JSON.
   *
   * @param kosmosMetadata what to put under {@code metadata.kosmos}
   * @param includeImages whether to keep image data (false gives the text-only size)
   * @return UTF-8 JSON
   */
  public byte[] toIpynb(Map<String, Object> kosmosMetadata, boolean includeImages) {
    ObjectMapper mapper = Json.mapper();
    ObjectNode root = mapper.createObjectNode();
    ObjectNode metadata = root.putObject("metadata");
    ObjectNode kernelspec = metadata.putObject("kernelspec");
    kernelspec.put("display_name", "Python 3");
    kernelspec.put("language", "python");
    kernelspec.put("name", "python3");
    ObjectNode languageInfo = metadata.putObject("language_info");
    languageInfo.put("name", "python");
    languageInfo.put("file_extension", ".py");
    languageInfo.put("mimetype", "text/x-python");
    metadata.set("kosmos", mapper.valueToTree(new TreeMap<>(kosmosMetadata)));
    root.put("nbformat", 4);
    root.put("nbformat_minor", 5);
    ArrayNode cellsNode = root.putArray("cells");
    for (Cell cell : cells()) {
      ObjectNode node = cellsNode.addObject();
      node.put("id", "cell-" + cell.index());
      switch (cell) {
        case MarkdownCell md -> {
          node.put("cell_type", "markdown");
          node.putObject("metadata");
          node.set("source", lines(mapper, md.source()));
        }
        case CodeCell code -> {
          ExecutionResult result = code.cell().result();
          node.put("cell_type", "code");
          if (result.executionCount() > 0) {
            node.put("execution_count", result.executionCount());
          } else {
            node.putNull("execution_count");
          }
          ObjectNode cellMetadata = node.putObject("metadata");
          cellMetadata.put("kosmos_status", result.status().name());
          cellMetadata.put("kosmos_elapsed_ms", result.elapsed().toMillis());
          if (!code.cell().figures().isEmpty()) {
            cellMetadata.set("kosmos_figures", mapper.valueToTree(code.cell().figures()));
          }
          node.set("source", lines(mapper, code.source()));
          node.set("outputs", outputs(mapper, result, includeImages));
        }
      }
    }
    try {
      return mapper.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render notebook", e);
    }
  }

  private static ArrayNode outputs(ObjectMapper mapper, ExecutionResult result, boolean images) {
    ArrayNode out = mapper.createArrayNode();
    boolean hasError = false;
    for (Output output : result.outputs()) {
      ObjectNode node = out.addObject();
      node.put("output_type", output.outputType());
      switch (output) {
        case Output.Stream s -> {
          node.put("name", s.name());
          node.set("text", lines(mapper, s.text()));
        }
        case Output.DisplayData d -> {
          node.set("data", bundle(mapper, d.data(), images));
          node.set("metadata", metadataBundle(mapper, d.metadata()));
        }
        case Output.ExecuteResult r -> {
          node.put("execution_count", r.executionCount() > 0 ? r.executionCount() : 1);
          node.set("data", bundle(mapper, r.data(), images));
          node.set("metadata", metadataBundle(mapper, r.metadata()));
        }
        case Output.Error e -> {
          hasError = true;
          error(mapper, node, e);
        }
      }
    }
    if (!hasError && result.error() != null) {
      // An error the executor reported (a timeout, a dead kernel) is shown like a kernel error.
      ObjectNode node = out.addObject();
      node.put("output_type", "error");
      error(mapper, node, result.error());
    }
    return out;
  }

  private static void error(ObjectMapper mapper, ObjectNode node, Output.Error e) {
    node.put("ename", e.name());
    node.put("evalue", e.value());
    ArrayNode tb = node.putArray("traceback");
    e.traceback().forEach(tb::add);
  }

  private static ObjectNode bundle(ObjectMapper mapper, Map<String, String> data, boolean images) {
    ObjectNode node = mapper.createObjectNode();
    for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
      String mime = e.getKey();
      if (isJsonMime(mime)) {
        node.set(mime, parseOrText(mapper, e.getValue()));
      } else if (mime.startsWith("image/")) {
        node.put(mime, images ? e.getValue() : "");
      } else {
        node.set(mime, lines(mapper, e.getValue()));
      }
    }
    return node;
  }

  private static ObjectNode metadataBundle(ObjectMapper mapper, Map<String, String> metadata) {
    ObjectNode node = mapper.createObjectNode();
    for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
      node.set(e.getKey(), parseOrText(mapper, e.getValue()));
    }
    return node;
  }

  private static boolean isJsonMime(String mime) {
    return mime.matches("^application/(.*\\+)?json$");
  }

  private static JsonNode parseOrText(ObjectMapper mapper, String text) {
    try {
      JsonNode parsed = mapper.readTree(text);
      return parsed == null ? mapper.getNodeFactory().textNode(text) : parsed;
    } catch (JsonProcessingException e) {
      return mapper.getNodeFactory().textNode(text);
    }
  }

  /** A multiline string as nbformat stores it: a list of lines, each but the last ending in \n. */
  static ArrayNode lines(ObjectMapper mapper, String text) {
    ArrayNode array = mapper.createArrayNode();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        array.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      array.add(text.substring(start));
    }
    return array;
  }

  /**
   * Counts the lines of a piece of code that are not blank.
   *
   * @param code the code
   * @return the count
   */
  public static int linesOfCode(String code) {
    int count = 0;
    for (String line : code.split("\n", -1)) {
      if (!line.isBlank()) {
        count++;
      }
    }
    return count;
  }
}
