package io.kosmos.core.internal.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.KosmosException;
import java.util.Optional;

/**
 * Reads the one machine-readable line an analysis cell prints, {@code KOSMOS_RESULT {json}}: the
 * numbers exactly as Python computed them (JSON floats are written with {@code repr}, which
 * round-trips). Free text is never parsed.
 */
public final class ResultLine {

  public static final String PREFIX = "KOSMOS_RESULT ";
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              false);

  private ResultLine() {}

  /**
   * The last result line a cell printed.
   *
   * @param stdout the cell's standard output
   * @return the parsed JSON, if the cell printed one
   * @throws KosmosException if the line is not valid JSON
   */
  public static Optional<JsonNode> parse(String stdout) {
    int at = stdout.lastIndexOf(PREFIX);
    while (at > 0 && stdout.charAt(at - 1) != '\n') {
      at = stdout.lastIndexOf(PREFIX, at - 1);
    }
    if (at < 0) {
      return Optional.empty();
    }
    int end = stdout.indexOf('\n', at);
    String json = stdout.substring(at + PREFIX.length(), end < 0 ? stdout.length() : end).strip();
    try {
      return Optional.of(JSON.readTree(json));
    } catch (JsonProcessingException e) {
      throw new KosmosException(
          "the analysis printed a result line that is not valid JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  /**
   * The result of a cell, or why there is none: the Python error, a timeout, or a missing line.
   *
   * @param cell the executed cell
   * @return the result, or a failure that says what happened
   */
  public static Outcome of(ExecutedCell cell) {
    if (!cell.result().isOk()) {
      String error =
          cell.result()
              .errorOutput()
              .map(e -> e.name() + ": " + e.value())
              .orElse(cell.result().status().name());
      return new Outcome(null, "cell " + cell.index() + " failed (" + error + ")");
    }
    Optional<JsonNode> node = parse(cell.result().stdout());
    if (node.isEmpty()) {
      return new Outcome(null, "cell " + cell.index() + " printed no result line");
    }
    JsonNode error = node.get().get("error");
    if (error != null && !error.isNull()) {
      return new Outcome(node.get(), "cell " + cell.index() + ": " + error.asText());
    }
    return new Outcome(node.get(), null);
  }

  /**
   * A cell's result, or the reason it has none.
   *
   * @param json the result line, or {@code null}
   * @param failure why there is no usable result, or {@code null}
   */
  public record Outcome(JsonNode json, String failure) {
    public boolean ok() {
      return failure == null;
    }
  }

  /** A number of a result, or {@code null} when it is absent or JSON null. */
  public static Double number(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || !v.isNumber() ? null : v.asDouble();
  }

  /** A text of a result, or {@code null}. */
  public static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
