package io.kosmos.cli;

import io.kosmos.api.InvalidInputException;
import io.kosmos.core.DataDictionary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the command line reads besides the data: data dictionaries, sizes and durations.
 *
 * <p>Data dictionaries are read by {@link DataDictionary}, the library's own reader, so that a file
 * that works with {@code kosmos run --dictionary} works the same for a program that embeds Kosmos.
 * Without {@code --dictionary}, the file {@linkplain DataDictionary#besideDataFile(Path) next to
 * each data file} is used when it exists ({@code diabetes.csv} → {@code diabetes.dictionary.csv}).
 */
final class DataArguments {

  private static final Pattern SIZE =
      Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\\s*");
  private static final Pattern SHORT_DURATION =
      Pattern.compile("(?i)\\s*(\\d+)\\s*(s|m|min|h)\\s*");

  private DataArguments() {}

  /**
   * The dictionary for each data file: from the given dictionary files (later files win), else the
   * file found next to each data file.
   *
   * @param data the data files
   * @param dictionaries dictionary files given with {@code --dictionary}, possibly none
   * @return per data file (same order), column to description
   */
  static List<Map<String, String>> dictionaries(List<Path> data, List<Path> dictionaries) {
    DataDictionary given =
        dictionaries.stream()
            .map(DataDictionary::read)
            .reduce(DataDictionary.empty(), DataDictionary::and);
    List<Map<String, String>> out = new ArrayList<>();
    for (Path file : data) {
      DataDictionary dictionary =
          dictionaries.isEmpty()
              ? DataDictionary.besideDataFile(file)
                  .map(DataDictionary::read)
                  .orElse(DataDictionary.empty())
              : given;
      out.add(dictionary.forDataset(file));
    }
    return out;
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
