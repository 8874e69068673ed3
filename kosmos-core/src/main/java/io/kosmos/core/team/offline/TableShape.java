package io.kosmos.core.team.offline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a delimited table as the host sees it before the sandbox reads it (mirroring {@code
 * tables.py}, which decides for good): the delimiter that splits most lines into the same number of
 * fields, the preamble before the header (a title, notes), and a wide panel's columns after
 * reshaping (years as columns become a {@code year} column and one column per indicator). The
 * planner plans the first cycle from these columns.
 */
final class TableShape {

  static final Pattern YEAR_COLUMN =
      Pattern.compile("^\\s*[A-Za-z]{0,2}((?:1[89]|20)\\d\\d)(?:\\s*\\[YR\\d{4}\\])?\\s*$");
  private static final Pattern INDICATOR =
      Pattern.compile(
          "indicator|series|variable|measure|metric|item|subject", Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMBER =
      Pattern.compile("^[+-]?(\\d+[.,]?\\d*|[.,]\\d+)([eE][+-]?\\d+)?$");

  private TableShape() {}

  /**
   * The delimiter and the header line of the first lines of a file.
   *
   * @param lines the first non-blank lines
   * @param ext the file's extension
   * @return the delimiter and the index of the header line among {@code lines}
   */
  static Layout layout(List<String> lines, String ext) {
    char[] order =
        ext.equals("tsv") || ext.equals("tab")
            ? new char[] {'\t', ',', ';', '|'}
            : new char[] {',', ';', '\t', '|'};
    char best = order[0];
    double bestShare = -1;
    int bestModal = 1;
    List<Integer> bestCounts = List.of();
    for (char d : order) {
      List<Integer> counts = new ArrayList<>();
      Map<Integer, Integer> freq = new HashMap<>();
      for (String l : lines) {
        int n = fields(l, d);
        counts.add(n);
        if (n > 1) {
          freq.merge(n, 1, Integer::sum);
        }
      }
      if (freq.isEmpty()) {
        continue;
      }
      int modal =
          freq.entrySet().stream()
              .max(
                  (a, b) ->
                      a.getValue().equals(b.getValue())
                          ? Integer.compare(a.getKey(), b.getKey())
                          : Integer.compare(a.getValue(), b.getValue()))
              .orElseThrow()
              .getKey();
      double share = freq.get(modal) / (double) lines.size();
      if (share > bestShare || (share == bestShare && modal > bestModal)) {
        best = d;
        bestShare = share;
        bestModal = modal;
        bestCounts = counts;
      }
    }
    int start = Math.max(0, bestCounts.indexOf(bestModal));
    return new Layout(best, start);
  }

  /**
   * A delimiter and where the header is.
   *
   * @param delimiter the field delimiter
   * @param headerLine the index of the header among the first non-blank lines
   */
  record Layout(char delimiter, int headerLine) {}

  private static int fields(String line, char d) {
    int n = 1;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == d && !quoted) {
        n++;
      }
    }
    return n;
  }

  /** Whether a header is data: every field a number, as in the rows below. */
  static boolean isData(List<String> header) {
    return !header.isEmpty() && header.stream().allMatch(h -> NUMBER.matcher(h.strip()).matches());
  }

  /**
   * The columns a wide panel has once reshaped: the entity column, {@code year}, and one column per
   * indicator (the values of the indicator column, from the sample), or the file's stem when there
   * is no indicator column; {@code null} when the table is not a wide panel.
   *
   * @param header the header
   * @param rows the sampled rows
   * @param stem the file name without its extension
   * @return the reshaped columns, or {@code null}
   */
  static List<String> widePanel(List<String> header, List<List<String>> rows, String stem) {
    List<Integer> years = new ArrayList<>();
    for (int j = 0; j < header.size(); j++) {
      if (YEAR_COLUMN.matcher(header.get(j)).matches()) {
        years.add(j);
      }
    }
    if (years.size() < 3) {
      return null;
    }
    List<Integer> ids = new ArrayList<>();
    for (int j = 0; j < header.size(); j++) {
      if (!years.contains(j) && !header.get(j).isBlank() && textColumn(rows, j)) {
        ids.add(j);
      }
    }
    if (ids.isEmpty()) {
      return null;
    }
    Integer indicator = null;
    for (int j : ids) {
      if (INDICATOR.matcher(header.get(j)).find()) {
        indicator = j;
        break;
      }
    }
    if (indicator == null && ids.size() >= 2) {
      indicator = repeating(rows, ids);
    }
    final Integer ind = indicator;
    int entity = ids.stream().filter(j -> !j.equals(ind)).findFirst().orElse(ids.getFirst());
    List<String> out = new ArrayList<>(List.of(header.get(entity), "year"));
    if (indicator == null) {
      out.add(stem);
      return out;
    }
    Set<String> names = new LinkedHashSet<>();
    for (List<String> r : rows) {
      if (indicator < r.size() && !r.get(indicator).isBlank()) {
        names.add(r.get(indicator).strip());
      }
    }
    out.addAll(new java.util.TreeSet<>(names));
    return out;
  }

  private static boolean textColumn(List<List<String>> rows, int j) {
    int text = 0;
    int filled = 0;
    for (List<String> r : rows) {
      String v = j < r.size() ? r.get(j).strip() : "";
      if (!v.isEmpty()) {
        filled++;
        if (!NUMBER.matcher(v).matches()) {
          text++;
        }
      }
    }
    return filled > 0 && text > filled / 2;
  }

  /** The id column whose values repeat most while another picks out a row with it. */
  private static Integer repeating(List<List<String>> rows, List<Integer> ids) {
    Integer best = null;
    int fewest = Integer.MAX_VALUE;
    for (int j : ids) {
      Set<String> values = new HashSet<>();
      for (List<String> r : rows) {
        values.add(j < r.size() ? r.get(j).strip().toLowerCase(Locale.ROOT) : "");
      }
      if (values.size() > 1 && values.size() < fewest && values.size() < rows.size()) {
        fewest = values.size();
        best = j;
      }
    }
    return best;
  }

  /** The year of a year-like column name, or {@code null}. */
  static Integer year(String column) {
    Matcher m = YEAR_COLUMN.matcher(column);
    return m.matches() ? Integer.parseInt(m.group(1)) : null;
  }
}
