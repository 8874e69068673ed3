package io.kosmos.core.internal.agents;

import java.util.List;
import java.util.Locale;

/** Bounds on what goes into a prompt, so that no prompt grows with the run. */
public final class Text {

  private Text() {}

  /**
   * Cuts a text to a length, saying how much was left out.
   *
   * @param s the text, or {@code null}
   * @param max the most characters to keep
   * @return the text, cut if needed
   */
  public static String clip(String s, int max) {
    if (s == null) {
      return "";
    }
    if (s.length() <= max) {
      return s;
    }
    return s.substring(0, max) + " … [" + (s.length() - max) + " more characters]";
  }

  /**
   * Keeps the start and the end of a long text (an output: the head says what it is, the tail holds
   * the result or the error).
   *
   * @param s the text
   * @param max the most characters to keep
   * @return the text, with its middle left out if needed
   */
  public static String headTail(String s, int max) {
    if (s == null) {
      return "";
    }
    if (s.length() <= max) {
      return s;
    }
    int head = max * 3 / 5;
    int tail = max - head;
    return s.substring(0, head)
        + "\n… ["
        + (s.length() - head - tail)
        + " characters left out] …\n"
        + s.substring(s.length() - tail);
  }

  /**
   * One line per item, as a Markdown list.
   *
   * @param items the items
   * @return the list, or an empty string when there are none
   */
  public static String bullets(List<String> items) {
    StringBuilder sb = new StringBuilder();
    for (String item : items) {
      if (!sb.isEmpty()) {
        sb.append('\n');
      }
      sb.append("- ").append(item);
    }
    return sb.toString();
  }

  /**
   * A number for a prompt: up to six significant digits, no exponent for ordinary values.
   *
   * @param d the number, or {@code null}
   * @return the text, or {@code "null"}
   */
  public static String number(Double d) {
    if (d == null) {
      return "null";
    }
    return String.format(Locale.ROOT, "%.6g", d)
        .replaceAll("(\\.\\d*?)0+(e|$)", "$1$2")
        .replaceAll("\\.(e|$)", "$1");
  }

  /**
   * Whether a text is {@code null} or blank.
   *
   * @param s the text
   * @return {@code true} if there is nothing in it
   */
  public static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
