package io.kosmos.core.internal.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.core.internal.numbers.PrintedNumbers;
import io.kosmos.core.internal.stats.ResultLine;
import java.util.List;
import java.util.Map;

/**
 * Whether a re-executed cell printed what it printed in the run: the same text (numbers equal
 * within their printed precision), and the same result line (numbers equal to 1e-7, relatively).
 */
final class OutputComparison {

  private OutputComparison() {}

  /**
   * What differs between a cell's saved output and its output now.
   *
   * @param saved the text saved in the notebook
   * @param now the text printed again
   * @return the first difference in words, or {@code null} when they are the same
   */
  static String differs(String saved, String now) {
    JsonNode a = ResultLine.parse(saved).orElse(null);
    JsonNode b = ResultLine.parse(now).orElse(null);
    if ((a == null) != (b == null)) {
      return a == null ? "it now prints a result line" : "it no longer prints its result line";
    }
    if (a != null) {
      String d = json(a, b, "");
      if (d != null) {
        return "its result line differs at " + d;
      }
    }
    return text(strip(saved), strip(now));
  }

  private static String strip(String text) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!line.startsWith(ResultLine.PREFIX)) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  private static String text(String saved, String now) {
    if (saved.equals(now)) {
      return null;
    }
    List<PrintedNumbers.Printed> x = PrintedNumbers.scan(saved);
    List<PrintedNumbers.Printed> y = PrintedNumbers.scan(now);
    String wordsX = saved.replaceAll("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?", "#");
    String wordsY = now.replaceAll("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?", "#");
    if (!wordsX.equals(wordsY) || x.size() != y.size()) {
      return "its printed text differs: " + firstLine(saved, now);
    }
    for (int i = 0; i < x.size(); i++) {
      if (!x.get(i).matchesPrinted(y.get(i))) {
        return "it printed " + y.get(i).text() + " where it printed " + x.get(i).text();
      }
    }
    return null;
  }

  private static String firstLine(String saved, String now) {
    String[] a = saved.split("\n");
    String[] b = now.split("\n");
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String x = i < a.length ? a[i] : "";
      String y = i < b.length ? b[i] : "";
      if (!x.equals(y)) {
        return "\"" + clip(y) + "\" where it printed \"" + clip(x) + "\"";
      }
    }
    return "";
  }

  private static String clip(String s) {
    return s.length() <= 100 ? s : s.substring(0, 99) + "…";
  }

  private static String json(JsonNode a, JsonNode b, String path) {
    if (a.isNumber() && b.isNumber()) {
      double x = a.asDouble();
      double y = b.asDouble();
      // relative: a p value of 1e-41 is as checkable as an r of 0.5
      return Math.abs(x - y) <= 1e-7 * Math.max(Math.abs(x), Math.abs(y)) + 1e-300
          ? null
          : path + " (" + y + " now, " + x + " in the run)";
    }
    if (a.isObject() && b.isObject()) {
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        JsonNode other = b.get(e.getKey());
        if (other == null) {
          return path + "/" + e.getKey() + " (missing now)";
        }
        String d = json(e.getValue(), other, path + "/" + e.getKey());
        if (d != null) {
          return d;
        }
      }
      return a.size() == b.size() ? null : path + " (other fields now)";
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return path + " (" + b.size() + " items now, " + a.size() + " in the run)";
      }
      for (int i = 0; i < a.size(); i++) {
        String d = json(a.get(i), b.get(i), path + "/" + i);
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    return a.equals(b) ? null : path + " (" + b + " now, " + a + " in the run)";
  }
}
