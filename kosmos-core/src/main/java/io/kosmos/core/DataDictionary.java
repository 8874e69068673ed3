package io.kosmos.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.InvalidInputException;
import io.kosmos.core.internal.text.CsvRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Descriptions of the columns of one or more data files, read from a file, for {@link
 * WorkflowBuilder#dataset(Path, Map)}. The planners read them to match columns to the objective,
 * and the report quotes them, so a column called {@code s5} can be understood as "log of serum
 * triglycerides".
 *
 * <pre>{@code
 * Path data = Path.of("diabetes.csv");
 * DataDictionary dictionary = DataDictionary.read(Path.of("diabetes.dictionary.csv"));
 * Kosmos.workflow().dataset(data, dictionary.forDataset(data))...
 * }</pre>
 *
 * <p><b>Formats.</b> A CSV file (RFC 4180: quoted fields may hold commas, quotes and new lines)
 * with a header row naming the columns {@code column} and {@code description}, and optionally
 * {@code dataset}, the data file an entry belongs to; or a JSON object mapping columns to
 * descriptions, or data file names to such objects. Entries without a data file apply to every data
 * file; an entry for a data file wins over one for all.
 *
 * <pre>
 * column,description,dataset
 * bmi,body mass index,
 * s5,"log of serum triglycerides, mmol/L",diabetes.csv
 *
 * {"bmi": "body mass index", "diabetes.csv": {"s5": "log of serum triglycerides"}}
 * </pre>
 *
 * <p>By convention the dictionary of {@code diabetes.csv} is {@code diabetes.dictionary.csv} (or
 * {@code .json}) next to it; {@link #besideDataFile(Path)} finds it, as {@code kosmos run} does
 * when no {@code --dictionary} is given. Immutable.
 */
public final class DataDictionary {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DataDictionary EMPTY = new DataDictionary(Map.of(), Map.of());

  private final Map<String, String> common;
  private final Map<String, Map<String, String>> byDataset;

  private DataDictionary(Map<String, String> common, Map<String, Map<String, String>> byDataset) {
    this.common = copy(common);
    Map<String, Map<String, String>> by = new LinkedHashMap<>();
    byDataset.forEach((dataset, entries) -> by.put(dataset, copy(entries)));
    this.byDataset = Collections.unmodifiableMap(by);
  }

  private static Map<String, String> copy(Map<String, String> entries) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /**
   * A dictionary with no entries.
   *
   * @return the empty dictionary
   */
  public static DataDictionary empty() {
    return EMPTY;
  }

  /**
   * Reads a dictionary: JSON if the file name ends in {@code .json}, CSV otherwise.
   *
   * @param file the dictionary file
   * @return the dictionary
   * @throws InvalidInputException if the file cannot be read, is not valid JSON, or is a CSV file
   *     without a header naming {@code column} and {@code description}
   */
  public static DataDictionary read(Path file) {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).replace("\uFEFF", "");
    } catch (IOException e) {
      throw new InvalidInputException(
          "the data dictionary " + file + " cannot be read: " + e.getMessage(), e);
    }
    Map<String, String> common = new LinkedHashMap<>();
    Map<String, Map<String, String>> byDataset = new LinkedHashMap<>();
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
      readJson(file, text, common, byDataset);
    } else {
      readCsv(file, text, common, byDataset);
    }
    return new DataDictionary(common, byDataset);
  }

  /**
   * The dictionary file next to a data file, if there is one: the data file's name with {@code
   * .dictionary.csv} or {@code .dictionary.json} in place of its extension ({@code diabetes.csv} →
   * {@code diabetes.dictionary.csv}).
   *
   * @param dataFile the data file
   * @return the dictionary file, or empty if there is none
   */
  public static Optional<Path> besideDataFile(Path dataFile) {
    String name = dataFile.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    for (String ext : List.of(".dictionary.csv", ".dictionary.json")) {
      Path p = dataFile.resolveSibling(stem + ext);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * This dictionary with another's entries added; where both describe a column, the other's
   * description wins.
   *
   * @param later the dictionary read later
   * @return the combined dictionary
   */
  public DataDictionary and(DataDictionary later) {
    Map<String, String> c = new LinkedHashMap<>(common);
    c.putAll(later.common);
    Map<String, Map<String, String>> by = new LinkedHashMap<>(byDataset);
    later.byDataset.forEach(
        (dataset, entries) ->
            by.merge(
                dataset,
                entries,
                (a, b) -> {
                  Map<String, String> m = new LinkedHashMap<>(a);
                  m.putAll(b);
                  return m;
                }));
    return new DataDictionary(c, by);
  }

  /**
   * The descriptions of a data file's columns: the entries for every data file, and those for this
   * one, which win.
   *
   * @param dataFileName the data file's name, for example {@code diabetes.csv}
   * @return column to description, in the dictionary's order
   */
  public Map<String, String> forDataset(String dataFileName) {
    Map<String, String> entries = new LinkedHashMap<>(common);
    entries.putAll(byDataset.getOrDefault(dataFileName, Map.of()));
    return Collections.unmodifiableMap(entries);
  }

  /**
   * The descriptions of a data file's columns, by the file's name.
   *
   * @param dataFile the data file
   * @return column to description
   */
  public Map<String, String> forDataset(Path dataFile) {
    return forDataset(dataFile.getFileName().toString());
  }

  /**
   * The entries that name no data file.
   *
   * @return column to description
   */
  public Map<String, String> common() {
    return common;
  }

  /**
   * The entries that name a data file.
   *
   * @return data file name to (column to description)
   */
  public Map<String, Map<String, String>> byDataset() {
    return byDataset;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataDictionary d
        && common.equals(d.common)
        && byDataset.equals(d.byDataset);
  }

  @Override
  public int hashCode() {
    return Objects.hash(common, byDataset);
  }

  @Override
  public String toString() {
    return "DataDictionary{common=" + common + ", byDataset=" + byDataset + "}";
  }

  private static void readJson(
      Path file, String text, Map<String, String> common, Map<String, Map<String, String>> by) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (IOException e) {
      throw new InvalidInputException(
          "the data dictionary " + file + " is not valid JSON: " + e.getMessage(), e);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isObject()) {
        Map<String, String> m = by.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>());
        e.getValue().fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asText()));
      } else {
        common.put(e.getKey(), e.getValue().asText());
      }
    }
  }

  private static void readCsv(
      Path file, String text, Map<String, String> common, Map<String, Map<String, String>> by) {
    try (BufferedReader in = new BufferedReader(new StringReader(text))) {
      List<String> header = null;
      List<String> row;
      while ((row = CsvRecords.next(in, ',')) != null) {
        if (row.size() == 1 && row.getFirst().isBlank()) {
          continue;
        }
        if (header == null) {
          header = row.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
          if (!header.contains("column") || !header.contains("description")) {
            throw new InvalidInputException(
                "the data dictionary "
                    + file
                    + " needs a header row naming the columns 'column' and 'description' (and"
                    + " optionally 'dataset'); it has: "
                    + String.join(", ", row));
          }
          continue;
        }
        String column = field(row, header.indexOf("column")).strip();
        String description = field(row, header.indexOf("description")).strip();
        String dataset = field(row, header.indexOf("dataset")).strip();
        if (column.isEmpty()) {
          continue;
        }
        if (dataset.isEmpty()) {
          common.put(column, description);
        } else {
          by.computeIfAbsent(dataset, k -> new LinkedHashMap<>()).put(column, description);
        }
      }
    } catch (IOException e) {
      throw new InvalidInputException("the data dictionary " + file + " cannot be read", e);
    }
  }

  private static String field(List<String> row, int i) {
    return i >= 0 && i < row.size() ? row.get(i) : "";
  }
}
