package io.kosmos.core.internal.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Numbers for people to read in claims, descriptions and reports: three significant digits. */
public final class Fmt {

  private Fmt() {}

  /**
   * A number with three significant digits, in scientific notation below 0.001 or from 100,000.
   *
   * @param v the number, or {@code null}
   * @return the text, or "n/a"
   */
  public static String num(Double v) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-3 || a >= 1e5)) {
      return String.format(Locale.ROOT, "%.2e", v).replace("e-0", "e-").replace("e+0", "e+");
    }
    if (a == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(3));
    if (d.precision() < 3) {
      d = d.setScale(d.scale() + 3 - d.precision());
    }
    String s = d.toPlainString();
    if (a >= 1 && s.contains(".")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }

  /**
   * A setting as people write it: 0.05, 0.1, 2000.
   *
   * @param v the value
   * @return the text, with no trailing zeros
   */
  public static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /**
   * A p value: "&lt; 1e-300" for 0, else like {@link #num}.
   *
   * @param p the p value
   * @return the text
   */
  public static String p(Double p) {
    if (p == null) {
      return "n/a";
    }
    return p == 0 ? "< 1e-300" : num(p);
  }

  /** A 95% CI as "lo to hi", or empty when a bound is missing. */
  public static String ci(Double lo, Double hi) {
    if (lo == null || hi == null) {
      return "";
    }
    return num(lo) + " to " + num(hi);
  }
}
