package io.kosmos.core.internal.numbers;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The numbers of a report statement and what each is: a number a cited cell printed, an adjusted p
 * value (recomputed from the re-executed run), a count of the run's tests, or a setting (q, alpha,
 * a threshold) and the "95" of "95% CI", which are not results and are not checked.
 */
public final class StatementNumbers {

  /** What a number of a statement stands for. */
  public enum Kind {
    /** A result a cited cell printed or computed. */
    DATA,
    /** A Benjamini-Hochberg adjusted p value. */
    ADJUSTED_P,
    /** How many tests the run's false discovery rate covered. */
    TEST_COUNT,
    /** A setting or a label: not a result. */
    SETTING
  }

  /**
   * A number of a statement.
   *
   * @param printed the number as printed
   * @param kind what it stands for
   */
  public record Token(PrintedNumbers.Printed printed, Kind kind) {}

  private static final Pattern ADJUSTED =
      Pattern.compile("(adjusted p|p_adj|adjusted)\\s*[=:]?\\s*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern SETTING =
      Pattern.compile(
          "(\\bq|\\balpha|α|\\|r\\||\\bp)\\s*(<|>|<=|>=|≤|≥)\\s*$|\\bq\\s*=\\s*$",
          Pattern.CASE_INSENSITIVE);

  /** "p < 0.05", where the "<" belongs to the number: a threshold. */
  private static final Pattern BELOW_SETTING =
      Pattern.compile("(\\bq|\\balpha|α|\\|r\\||\\bp)\\s*$", Pattern.CASE_INSENSITIVE);

  private static final Pattern TESTS =
      Pattern.compile("^\\s+(statistical\\s+)?tests\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern CI_LABEL =
      Pattern.compile("^%\\s*(CI|confidence|bootstrap|interval)", Pattern.CASE_INSENSITIVE);

  private StatementNumbers() {}

  /**
   * The numbers of a statement, each with what it stands for.
   *
   * @param text the statement
   * @return the numbers, in order
   */
  public static List<Token> of(String text) {
    List<Token> out = new ArrayList<>();
    for (PrintedNumbers.Printed p : PrintedNumbers.scan(text)) {
      String before = text.substring(Math.max(0, p.start() - 24), p.start());
      String after = text.substring(p.end() - (p.percent() ? 1 : 0));
      Kind kind;
      if (p.percent() && CI_LABEL.matcher(after).find()) {
        kind = Kind.SETTING;
      } else if (ADJUSTED.matcher(before).find()) {
        kind = Kind.ADJUSTED_P;
      } else if (SETTING.matcher(before).find()
          || (p.below() && BELOW_SETTING.matcher(before).find())) {
        kind = Kind.SETTING;
      } else if (TESTS.matcher(after).find()) {
        kind = Kind.TEST_COUNT;
      } else {
        kind = Kind.DATA;
      }
      out.add(new Token(p, kind));
    }
    return out;
  }
}
