package io.kosmos.cli.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the engine benchmarks print: plain text tables (the first two columns left-aligned, figures
 * right-aligned), latencies in microseconds or milliseconds, shares in percent, growth as a factor.
 */
final class TextTable {

  private TextTable() {}

  /**
   * Prints a table with a rule under its header.
   *
   * @param out where to print
   * @param header the column names
   * @param rows the rows, each as wide as the header
   */
  static void print(PrintStream out, List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    for (int c = 0; c < header.size(); c++) {
      width[c] = header.get(c).length();
      for (List<String> r : rows) {
        width[c] = Math.max(width[c], r.get(c).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, width);
    StringBuilder rule = new StringBuilder("  ");
    for (int w : width) {
      rule.append("-".repeat(w)).append("  ");
    }
    sb.append(rule.toString().stripTrailing()).append('\n');
    for (List<String> r : rows) {
      line(sb, r, width);
    }
    out.print(sb);
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width) {
    StringBuilder line = new StringBuilder("  ");
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      line.append(c < 2 ? pad(cell, width[c]) : padLeft(cell, width[c])).append("  ");
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(w - s.length());
  }

  private static String padLeft(String s, int w) {
    return " ".repeat(w - s.length()) + s;
  }

  /** The value at quantile {@code q} of the samples (nearest rank). */
  static double percentile(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, index)];
  }

  static double sum(long[] values) {
    double s = 0;
    for (long v : values) {
      s += v;
    }
    return s;
  }

  /** Nanoseconds as microseconds, or milliseconds from 1 ms. */
  static String us(double nanos) {
    return nanos >= 1e6
        ? String.format(Locale.ROOT, "%.2f ms", nanos / 1e6)
        : String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
  }

  /** Milliseconds, or seconds from 10 s. */
  static String ms(double millis) {
    return millis >= 10_000
        ? String.format(Locale.ROOT, "%.1f s", millis / 1000)
        : String.format(Locale.ROOT, "%.1f ms", millis);
  }

  static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }

  static String ratio(double r) {
    return String.format(Locale.ROOT, "%.1fx", r);
  }
}
