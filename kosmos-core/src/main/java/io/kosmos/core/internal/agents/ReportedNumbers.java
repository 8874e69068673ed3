package io.kosmos.core.internal.agents;

import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Statistics;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that the numbers a model reports for a finding were printed by the cells the finding
 * cites: a language model can write a p value no code computed, and the published Kosmos found that
 * statements are least accurate exactly there. A number matches a printed one when it is within 2%
 * of it, when it is the printed one rounded to fewer significant digits, or when both are below
 * 1e-4 (a p value printed as 3e-12 and reported as 0). The check marks a finding; it does not
 * refuse it.
 */
public final class ReportedNumbers {

  private static final Pattern NUMBER =
      Pattern.compile("(?<![\\w.])[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?");

  private ReportedNumbers() {}

  /**
   * The reported statistics no cited cell printed.
   *
   * @param s the statistics
   * @param cells the cited cells
   * @return descriptions such as {@code p value 0.031}; empty when every number was printed
   */
  public static List<String> unverified(Statistics s, List<ExecutedCell> cells) {
    if (s == null) {
      return List.of();
    }
    List<Double> printed = new ArrayList<>();
    for (ExecutedCell c : cells) {
      Matcher m = NUMBER.matcher(CellText.output(c.result()));
      while (m.find()) {
        try {
          printed.add(Double.parseDouble(m.group()));
        } catch (NumberFormatException e) {
          // not a number after all
        }
      }
    }
    List<String> missing = new ArrayList<>();
    check("statistic", s.statistic(), printed, missing);
    check("p value", s.pValue(), printed, missing);
    check("effect size", s.effectSize(), printed, missing);
    check("CI lower bound", s.ciLow(), printed, missing);
    check("CI upper bound", s.ciHigh(), printed, missing);
    check("n", s.n() == null ? null : s.n().doubleValue(), printed, missing);
    return missing;
  }

  private static void check(String what, Double value, List<Double> printed, List<String> out) {
    if (value == null || value.isNaN() || value.isInfinite()) {
      return;
    }
    for (double x : printed) {
      if (matches(value, x)) {
        return;
      }
    }
    out.add(what + " " + Text.number(value));
  }

  public static boolean matches(double reported, double printed) {
    if (reported == printed) {
      return true;
    }
    if (Math.abs(reported) < 1e-4 && Math.abs(printed) < 1e-4) {
      return true;
    }
    if (Math.abs(reported - printed) <= 0.02 * Math.abs(printed)) {
      return true;
    }
    for (int digits = 1; digits <= 6; digits++) {
      double rounded = new BigDecimal(printed).round(new MathContext(digits)).doubleValue();
      if (Math.abs(rounded - reported) <= 1e-12 * Math.max(1, Math.abs(reported))) {
        return true;
      }
    }
    return false;
  }
}
