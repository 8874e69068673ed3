package io.kosmos.cli;

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
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the command line reads besides the data: data dictionaries, sizes and durations.
 *
 * <p>A data dictionary is a CSV file with a header {@code column,description} (an optional third
 * column {@code dataset} names the data file an entry belongs to), or a JSON object mapping columns
 * to descriptions (or data file names to such objects). Without {@code --dictionary}, a file named
 * like the data with {@code .dictionary.csv} or {@code .dictionary.json} in place of its extension
 * is used when it exists ({@code diabetes.csv} → {@code diabetes.dictionary.csv}).
 */
final class DataArguments {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SIZE =
      Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\\s*");
  private static final Pattern SHORT_DURATION =
      Pattern.compile("(?i)\\s*(\\d+)\\s*(s|m|min|h)\\s*");

  private DataArguments() {}

  /**
   * The dictionary for each data file: from the given dictionary files, else the file found next to
   * each data file.
   *
   * @param data the data files
   * @param dictionaries dictionary files given with {@code --dictionary}, possibly none
   * @return per data file (same order), column to description
   */
  static List<Map<String, String>> dictionaries(List<Path> data, List<Path> dictionaries) {
    List<Map<String, String>> out = new ArrayList<>();
    Map<String, Map<String, String>> byDataset = new LinkedHashMap<>();
    Map<String, String> common = new LinkedHashMap<>();
    for (Path d : dictionaries) {
      read(d, byDataset, common);
    }
    for (Path file : data) {
      Map<String, String> dict = new LinkedHashMap<>(common);
      String name = file.getFileName().toString();
      dict.putAll(byDataset.getOrDefault(name, Map.of()));
      if (dictionaries.isEmpty()) {
        Path found = sibling(file);
        if (found != null) {
          Map<String, Map<String, String>> by = new LinkedHashMap<>();
          Map<String, String> c = new LinkedHashMap<>();
          read(found, by, c);
          dict.putAll(c);
          dict.putAll(by.getOrDefault(name, Map.of()));
        }
      }
      out.add(dict);
    }
    return out;
  }

  /** The dictionary next to a data file, or {@code null}. */
  static Path sibling(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    for (String ext : List.of(".dictionary.csv", ".dictionary.json")) {
      Path p = file.resolveSibling(stem + ext);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  private static void read(
      Path file, Map<String, Map<String, String>> byDataset, Map<String, String> common) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(
          "the data dictionary " + file + " cannot be read: " + e.getMessage(), e);
    }
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
      try {
        JsonNode node = JSON.readTree(text);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (e.getValue().isObject()) {
            Map<String, String> m =
                byDataset.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>());
            e.getValue().fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asText()));
          } else {
            common.put(e.getKey(), e.getValue().asText());
          }
        }
      } catch (IOException e) {
        throw new InvalidInputException(
            "the data dictionary " + file + " is not valid JSON: " + e.getMessage(), e);
      }
      return;
    }
    try (BufferedReader in = new BufferedReader(new StringReader(text.replace("\uFEFF", "")))) {
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
        String column = get(row, header.indexOf("column"));
        String description = get(row, header.indexOf("description"));
        String dataset = header.contains("dataset") ? get(row, header.indexOf("dataset")) : "";
        if (column.isBlank()) {
          continue;
        }
        if (dataset.isBlank()) {
          common.put(column.strip(), description.strip());
        } else {
          byDataset
              .computeIfAbsent(dataset.strip(), k -> new LinkedHashMap<>())
              .put(column.strip(), description.strip());
        }
      }
    } catch (IOException e) {
      throw new InvalidInputException("the data dictionary " + file + " cannot be read", e);
    }
  }

  private static String get(List<String> row, int i) {
    return i >= 0 && i < row.size() ? row.get(i) : "";
  }

  /**
   * Parses a size: bytes, or a number with k, m or g (binary units: 256m is 256 MiB).
   *
   * @param text the size
   * @return bytes
   */
  static long size(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new InvalidInputException(
          "'" + text + "' is not a size; give bytes or a number with k, m or g, for example 512m");
    }
    double v = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long factor =
        switch (unit.charAt(0)) {
          case 'k' -> 1L << 10;
          case 'm' -> 1L << 20;
          case 'g' -> 1L << 30;
          default -> 1;
        };
    return (long) (v * factor);
  }

  /**
   * Parses a duration: 90s, 30m, 2h, or ISO-8601 (PT1H30M).
   *
   * @param text the duration
   * @return the duration
   */
  static Duration duration(String text) {
    Matcher m = SHORT_DURATION.matcher(text);
    if (m.matches()) {
      long v = Long.parseLong(m.group(1));
      return switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "s" -> Duration.ofSeconds(v);
        case "h" -> Duration.ofHours(v);
        default -> Duration.ofMinutes(v);
      };
    }
    try {
      return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "'" + text + "' is not a duration; give for example 90s, 30m, 2h or PT1H30M");
    }
  }

  /** A short name for a run directory: the objective's first words, lower case, dashed. */
  static String slug(String objective) {
    String s =
        objective.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    String[] words = s.split("-");
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      if (w.isEmpty()) {
        continue;
      }
      if (sb.length() + w.length() > 40) {
        break;
      }
      if (!sb.isEmpty()) {
        sb.append('-');
      }
      sb.append(w);
    }
    return sb.isEmpty() ? "run" : sb.toString();
  }
}
