package io.kosmos.core.internal.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Benjamini–Hochberg adjusted p values (the step-up procedure, 1995): with the m p values sorted,
 * the adjusted value of the i-th smallest is {@code min over j >= i of p(j) * m / j}, capped at 1.
 * A test is a discovery at false discovery rate q when its adjusted p is at most q.
 */
public final class BenjaminiHochberg {

  private BenjaminiHochberg() {}

  /**
   * Adjusts p values.
   *
   * @param p the raw p values, each from 0 to 1
   * @return the adjusted values, in the same order
   */
  public static double[] adjust(double[] p) {
    int m = p.length;
    Integer[] order =
        IntStream.range(0, m)
            .boxed()
            .sorted(Comparator.comparingDouble(i -> p[i]))
            .toArray(Integer[]::new);
    double[] adjusted = new double[m];
    double min = 1;
    for (int rank = m; rank >= 1; rank--) {
      int i = order[rank - 1];
      min = Math.min(min, p[i] * m / rank);
      adjusted[i] = Math.min(1, min);
    }
    return adjusted;
  }

  /**
   * The adjusted p of a value against a family it does not belong to (a repeat of a counted test):
   * the step-up value {@code min over family values q >= p of q * m / rank(q)}, which equals the
   * adjusted p of an equal member.
   *
   * @param family the family's raw p values
   * @param p the value
   * @return its adjusted p, 1 when no member is as large
   */
  public static double against(double[] family, double p) {
    double[] sorted = family.clone();
    Arrays.sort(sorted);
    int m = sorted.length;
    double min = 1;
    for (int rank = m; rank >= 1; rank--) {
      double q = sorted[rank - 1];
      if (q < p) {
        break;
      }
      min = Math.min(min, q * m / rank);
    }
    return Math.min(1, min);
  }

  /**
   * The p values of a family with one more test, adjusted; the last value is the new test's.
   *
   * @param family the family's raw p values
   * @param extra the new test's raw p
   * @return the new test's adjusted p
   */
  public static double adjustOne(double[] family, double extra) {
    double[] all = Arrays.copyOf(family, family.length + 1);
    all[family.length] = extra;
    return adjust(all)[family.length];
  }
}
