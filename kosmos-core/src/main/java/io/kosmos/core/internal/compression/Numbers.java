package io.kosmos.core.internal.compression;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The canonical way every number of a summary or report is printed: three significant digits, plain
 * between 0.001 and 1,000,000, scientific ({@code 3.42e-05}) outside. Counts are printed whole. A
 * printed number is therefore within half a unit of its third significant digit of the value it
 * stands for, which is what the summary checks test.
 */
public final class Numbers {

  private static final MathContext THREE = new MathContext(3, RoundingMode.HALF_UP);

  private Numbers() {}

  /**
   * Prints a number with three significant digits.
   *
   * @param value the number
   * @return the text
   */
  public static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal rounded = BigDecimal.valueOf(value).round(THREE);
    double abs = Math.abs(rounded.doubleValue());
    if (abs >= 1e-3 && abs < 1e6) {
      return rounded.stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%.2e", rounded.doubleValue());
  }

  /**
   * Prints a number, or a dash for none.
   *
   * @param value the number, or {@code null}
   * @return the text
   */
  public static String format(Double value) {
    return value == null ? "-" : format(value.doubleValue());
  }

  /**
   * Prints a ratio such as a compression ratio: one decimal.
   *
   * @param ratio the ratio
   * @return for example {@code 27.4}
   */
  public static String ratio(double ratio) {
    return String.format(Locale.ROOT, "%.1f", ratio);
  }
}
