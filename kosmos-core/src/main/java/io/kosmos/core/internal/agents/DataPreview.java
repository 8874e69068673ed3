package io.kosmos.core.internal.agents;

import io.kosmos.api.Dataset;
import io.kosmos.core.internal.text.CsvRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A first look at a delimited data file, read in the JVM before any task has profiled it in the
 * sandbox, so that the first planner knows the columns, their kinds and what is likely set aside:
 * the number of rows, each column's kind (numeric, binary, categorical, text) with its missing
 * values and range or levels from the first {@value #SAMPLE_ROWS} rows, and warnings for columns
 * that look like identifiers, are constant, are named twice, or that the dictionary names but the
 * file lacks. Spreadsheets and unreadable files get a line saying so; the first analysis profiles
 * them.
 */
final class DataPreview {

  static final int SAMPLE_ROWS = 2_000;
  private static final int MAX_COLUMNS = 60;
  private static final Set<String> MISSING =
      Set.of("", "na", "n/a", "nan", "null", "none", "?", ".", "-", "#n/a");

  private DataPreview() {}

  /** The previews of every dataset, one block each. */
  static String describe(List<Dataset> datasets) {
    List<String> blocks = new ArrayList<>();
    for (Dataset d : datasets) {
      blocks.add("## " + d.name() + "\n" + describe(d));
    }
    return String.join("\n\n", blocks);
  }

  /** The preview of one dataset. */
  static String describe(Dataset d) {
    String name = d.path().getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".xlsx") || name.endsWith(".xlsm") || name.endsWith(".xls")) {
      return "A spreadsheet: no preview; the first analysis profiles it.";
    }
    try (BufferedReader in = Files.newBufferedReader(d.path(), StandardCharsets.UTF_8)) {
      in.mark(64 * 1024);
      String first = in.readLine();
      if (first == null) {
        return "The file is empty.";
      }
      in.reset();
      char delimiter = delimiter(first, name);
      List<String> header = CsvRecords.next(in, delimiter);
      List<Column> columns = new ArrayList<>();
      for (String h : header) {
        columns.add(new Column(h.strip()));
      }
      long rows = 0;
      List<String> record;
      while ((record = CsvRecords.next(in, delimiter)) != null) {
        if (record.size() == 1 && record.get(0).isBlank()) {
          continue;
        }
        if (rows < SAMPLE_ROWS) {
          for (int i = 0; i < columns.size(); i++) {
            columns.get(i).add(i < record.size() ? record.get(i) : "");
          }
        }
        rows++;
      }
      return text(d, columns, rows, delimiter);
    } catch (IOException | RuntimeException e) {
      return "Cannot be previewed (" + e.getMessage() + "); the first analysis profiles it.";
    }
  }

  private static char delimiter(String header, String name) {
    char best = name.endsWith(".tsv") || name.endsWith(".tab") ? '\t' : ',';
    int most = count(header, best);
    for (char c : new char[] {',', '\t', ';', '|'}) {
      if (count(header, c) > most) {
        best = c;
        most = count(header, c);
      }
    }
    return best;
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      n += s.charAt(i) == c ? 1 : 0;
    }
    return n;
  }

  private static String text(Dataset d, List<Column> columns, long rows, char delimiter) {
    StringBuilder sb = new StringBuilder();
    sb.append(rows)
        .append(" rows, ")
        .append(columns.size())
        .append(" columns")
        .append(delimiter == ',' ? "" : " (delimiter " + shown(delimiter) + ")")
        .append(
            rows > SAMPLE_ROWS ? "; kinds and ranges from the first " + SAMPLE_ROWS + " rows" : "")
        .append(":\n");
    int shown = 0;
    for (Column c : columns) {
      if (shown++ == MAX_COLUMNS) {
        sb.append("- … ").append(columns.size() - MAX_COLUMNS).append(" more columns\n");
        break;
      }
      sb.append("- ").append(c.name).append(": ").append(c.describe()).append('\n');
    }
    List<String> warnings = warnings(d, columns);
    if (!warnings.isEmpty()) {
      sb.append("Warnings:\n");
      for (String w : warnings) {
        sb.append("- ").append(w).append('\n');
      }
    }
    return sb.toString().strip();
  }

  private static String shown(char delimiter) {
    return delimiter == '\t' ? "tab" : "'" + delimiter + "'";
  }

  private static List<String> warnings(Dataset d, List<Column> columns) {
    List<String> warnings = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Column c : columns) {
      if (!names.add(c.name)) {
        warnings.add("two columns are named '" + c.name + "'");
      }
      String aside = c.setAside();
      if (aside != null) {
        warnings.add(c.name + " is likely to be set aside: " + aside);
      }
    }
    Set<String> unknown = new TreeSet<>(d.dictionary().keySet());
    unknown.removeAll(names);
    if (!unknown.isEmpty()) {
      warnings.add(
          "the data dictionary names columns the file does not have: "
              + String.join(", ", unknown));
    }
    return warnings;
  }

  /** One column's values in the sample. */
  private static final class Column {
    final String name;
    int present;
    int missing;
    int numeric;
    int integers;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    final Set<String> levels = new LinkedHashSet<>();
    boolean manyLevels;
    long previous = Long.MIN_VALUE;
    boolean increasing = true;
    int longest;

    Column(String name) {
      this.name = name;
    }

    void add(String raw) {
      String v = raw.strip();
      if (MISSING.contains(v.toLowerCase(Locale.ROOT))) {
        missing++;
        return;
      }
      present++;
      longest = Math.max(longest, v.length());
      if (!manyLevels) {
        levels.add(v);
        manyLevels = levels.size() > 50;
      }
      try {
        double x = Double.parseDouble(v);
        numeric++;
        min = Math.min(min, x);
        max = Math.max(max, x);
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
          integers++;
          increasing &= (long) x > previous;
          previous = (long) x;
        } else {
          increasing = false;
        }
      } catch (NumberFormatException e) {
        increasing = false;
      }
    }

    boolean isNumeric() {
      return present > 0 && numeric == present;
    }

    String describe() {
      String miss = missing == 0 ? "no missing" : missing + " missing";
      if (present == 0) {
        return "empty (" + miss + ")";
      }
      if (levels.size() == 2 && !manyLevels) {
        return "binary, values " + String.join(" and ", levels) + "; " + miss;
      }
      if (isNumeric()) {
        String kind = integers == present ? "integer" : "numeric";
        return kind + " from " + Text.number(min) + " to " + Text.number(max) + "; " + miss;
      }
      if (!manyLevels && levels.size() <= 20) {
        return "categorical, " + levels.size() + " levels (" + shortList() + "); " + miss;
      }
      return "text, " + (manyLevels ? "more than 50" : levels.size()) + " distinct values; " + miss;
    }

    private String shortList() {
      List<String> shown = new ArrayList<>();
      for (String l : levels) {
        if (shown.size() == 6) {
          shown.add("…");
          break;
        }
        shown.add(Text.clip(l, 30));
      }
      return String.join(", ", shown);
    }

    /** Why the column is likely to be set aside, or {@code null}. */
    String setAside() {
      String lower = name.toLowerCase(Locale.ROOT);
      boolean idName =
          lower.equals("id")
              || lower.endsWith("_id")
              || lower.endsWith(" id")
              || lower.startsWith("id_")
              || lower.equals("index")
              || lower.isEmpty()
              || lower.startsWith("unnamed");
      if (present > 0 && levels.size() == 1 && !manyLevels) {
        return "constant";
      }
      if (idName && (manyLevels || levels.size() == present)) {
        return "an identifier (its name, and a distinct value in every row)";
      }
      if (isNumeric() && integers == present && increasing && present > 20) {
        return "an identifier (consecutive increasing integers)";
      }
      if (!isNumeric() && manyLevels && longest > 40) {
        return "free text";
      }
      return null;
    }
  }
}
