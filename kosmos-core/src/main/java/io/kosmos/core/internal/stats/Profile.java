package io.kosmos.core.internal.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dataset's profile as the sandbox made it ({@code profile_table} in {@code common.py}): every
 * column's kind, missing values and levels, which columns are usable and which were set aside and
 * why. Inference only ever uses this profile; the host-side header is for planning the first cycle.
 *
 * @param dataset the dataset name
 * @param rows data rows
 * @param columns every column, in file order
 * @param unknownDictionary dictionary entries naming no column
 */
public record Profile(
    String dataset, int rows, List<Column> columns, List<String> unknownDictionary) {

  /** Kinds that are tested. */
  public static final List<String> USABLE_KINDS =
      List.of("continuous", "discrete", "binary", "categorical");

  /**
   * One column.
   *
   * @param name the name
   * @param kind continuous, discrete, binary, categorical, or a set-aside kind (identifier,
   *     constant, empty, datetime, text, mostly-missing)
   * @param n non-missing values
   * @param missingShare share of missing values
   * @param levels levels of a binary or categorical column, else empty
   * @param reason why it was set aside, or empty
   * @param description its dictionary description, or empty
   */
  public record Column(
      String name,
      String kind,
      int n,
      double missingShare,
      List<String> levels,
      String reason,
      String description) {

    public boolean usable() {
      return USABLE_KINDS.contains(kind);
    }

    public boolean numeric() {
      return kind.equals("continuous") || kind.equals("discrete");
    }

    public boolean grouping() {
      return kind.equals("binary") || kind.equals("categorical");
    }
  }

  public Profile {
    columns = List.copyOf(columns);
    unknownDictionary = List.copyOf(unknownDictionary);
  }

  /** Usable column names, in file order. */
  public List<String> usable() {
    return columns.stream().filter(Column::usable).map(Column::name).toList();
  }

  /** Set-aside columns with the reason, in file order. */
  public Map<String, String> setAside() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Column c : columns) {
      if (!c.usable()) {
        out.put(c.name(), c.kind() + (c.reason().isEmpty() ? "" : ": " + c.reason()));
      }
    }
    return out;
  }

  public Optional<Column> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Parses a profile result line. */
  public static Profile parse(JsonNode node) {
    List<Column> columns = new ArrayList<>();
    for (JsonNode c : node.path("columns")) {
      List<String> levels = new ArrayList<>();
      for (JsonNode l : c.path("levels")) {
        levels.add(l.asText());
      }
      columns.add(
          new Column(
              c.path("name").asText(),
              c.path("kind").asText(),
              c.path("n").asInt(),
              c.path("missing_share").asDouble(0),
              levels,
              c.path("reason").asText(""),
              c.path("description").asText("")));
    }
    List<String> unknown = new ArrayList<>();
    for (JsonNode u : node.path("unknown_dictionary")) {
      unknown.add(u.asText());
    }
    return new Profile(node.path("dataset").asText(), node.path("rows").asInt(), columns, unknown);
  }

  /** Parses a profile note. */
  public static Optional<Profile> parse(String note) {
    try {
      return Optional.of(parse(ResultLine.JSON.readTree(note)));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
