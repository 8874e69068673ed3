package io.kosmos.core.internal.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers as printed in text, with the precision their digits carry: "0.586" stands for any value
 * from 0.5855 to 0.5865, "3.02e-41" for 3.015e-41 to 3.025e-41, "442" for 441.5 to 442.5. Digits
 * inside names ({@code x1}, {@code c1-t02}) are not numbers. The verifier compares a report's
 * printed numbers with what the re-executed cells printed (text, with its own precision) or
 * computed (their result lines' JSON, exact).
 */
public final class PrintedNumbers {

  private static final Pattern NUMBER =
      Pattern.compile(
          "(?<![\\w.\\-#/])(<\\s*)?(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)(%?)(?![\\w]|\\.\\d)");

  /**
   * A number in a text.
   *
   * @param text the digits as printed
   * @param value their value
   * @param halfUlp half a unit of the last printed digit: the value's uncertainty from rounding
   * @param start where it starts in the text
   * @param end where it ends
   * @param percent whether a percent sign follows
   * @param below whether a "<" precedes ("p < 1e-300")
   */
  public record Printed(
      String text,
      double value,
      double halfUlp,
      int start,
      int end,
      boolean percent,
      boolean below) {

    /** Whether an exact value rounds to this printed one (or a percent to its share). */
    public boolean matchesExact(double exact) {
      if (below) {
        return exact <= value * (1 + 1e-9);
      }
      double slack = halfUlp * (1 + 1e-6) + Math.abs(value) * 1e-12;
      return Math.abs(exact - value) <= slack
          || (percent && Math.abs(exact * 100 - value) <= slack);
    }

    /** Whether another printed number can be the same value. */
    public boolean matchesPrinted(Printed other) {
      // two roundings of one value lie closer than their half-units together; 150 and 151 do not
      return Math.abs(other.value - value) < (halfUlp + other.halfUlp) * (1 - 1e-9);
    }
  }

  private PrintedNumbers() {}

  /**
   * The numbers of a text, in order.
   *
   * @param text the text
   * @return its numbers
   */
  public static List<Printed> scan(String text) {
    List<Printed> out = new ArrayList<>();
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      String digits = m.group(2);
      double value;
      try {
        value = Double.parseDouble(digits);
      } catch (NumberFormatException e) {
        continue;
      }
      out.add(
          new Printed(
              digits,
              value,
              halfUlp(digits),
              m.start(),
              m.end(),
              !m.group(3).isEmpty(),
              m.group(1) != null));
    }
    return out;
  }

  /** Half a unit of the last printed digit of a number. */
  public static double halfUlp(String digits) {
    String mantissa = digits;
    int exp = 0;
    int e = digits.toLowerCase(java.util.Locale.ROOT).indexOf('e');
    if (e >= 0) {
      mantissa = digits.substring(0, e);
      exp = Integer.parseInt(digits.substring(e + 1).replace("+", ""));
    }
    int scale = new BigDecimal(mantissa).scale();
    if (scale == 0 && e < 0) {
      // "204000" may be a value rounded to three digits: trailing zeros of a number of four
      // digits or more are not taken as significant
      int zeros = 0;
      String digitsOnly = mantissa.replace("-", "");
      while (zeros < digitsOnly.length() - 1
          && digitsOnly.charAt(digitsOnly.length() - 1 - zeros) == '0') {
        zeros++;
      }
      if (digitsOnly.length() >= 4 && zeros >= 2) {
        return 0.5 * Math.pow(10, zeros);
      }
    }
    return 0.5 * Math.pow(10, exp - scale);
  }

  /**
   * Every number in a JSON value: its numbers, and its booleans as 1 and 0.
   *
   * @param node the JSON
   * @param into receives the numbers
   */
  public static void json(JsonNode node, List<Double> into) {
    if (node == null) {
      return;
    }
    if (node.isNumber()) {
      into.add(node.asDouble());
    } else if (node.isBoolean()) {
      into.add(node.asBoolean() ? 1.0 : 0.0);
    } else if (node.isContainerNode()) {
      for (JsonNode child : node) {
        json(child, into);
      }
      if (node.isObject()) {
        for (Map.Entry<String, JsonNode> f : node.properties()) {
          if (f.getValue().isArray()) {
            into.add((double) f.getValue().size());
          }
        }
      }
    }
  }
}
