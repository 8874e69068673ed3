package io.kosmos.core.internal.stats;

/**
 * Effect sizes on one scale: as a correlation, so that magnitudes compare across tests. Mirrors
 * {@code r_equivalent} in {@code common.py}.
 *
 * <ul>
 *   <li>r, rho, partial r, rank-biserial r, phi, Cramér's V: as they are;
 *   <li>Hedges' g, Cohen's d: d / sqrt(d² + 4);
 *   <li>eta squared, epsilon squared, partial eta squared: the square root;
 *   <li>odds ratios: ln(OR) · √3 / π as a d, then as above.
 * </ul>
 */
public final class Effects {

  private Effects() {}

  /** The size of an effect as a correlation, or {@code null} when the measure is unknown. */
  public static Double rEquivalent(Double effect, String measure) {
    Double signed = rEquivalentSigned(effect, measure);
    return signed == null ? null : Math.abs(signed);
  }

  /** The effect as a correlation, keeping its sign where the measure has one. */
  public static Double rEquivalentSigned(Double effect, String measure) {
    if (effect == null || measure == null) {
      return null;
    }
    double e = effect;
    return switch (family(measure)) {
      case "r" -> e;
      case "d" -> e / Math.sqrt(e * e + 4);
      case "variance" -> e <= 0 ? 0.0 : Math.sqrt(e);
      case "odds" -> {
        if (e <= 0) {
          yield null;
        }
        double d = Math.log(e) * Math.sqrt(3) / Math.PI;
        yield d / Math.sqrt(d * d + 4);
      }
      default -> null;
    };
  }

  /** Whether the measure has a sign (or a side of 1, for odds ratios). */
  public static boolean signed(String measure) {
    String f = measure == null ? "" : family(measure);
    return (f.equals("r") && !measure.equals("Cramér's V")) || f.equals("d") || f.equals("odds");
  }

  /** The value of no effect: 1 for odds ratios, else 0. */
  public static double nullValue(String measure) {
    return measure != null && family(measure).equals("odds") ? 1 : 0;
  }

  private static String family(String measure) {
    return switch (measure) {
      case "r", "rho", "partial r", "rank-biserial r", "phi", "Cramér's V" -> "r";
      case "Hedges' g", "Cohen's d" -> "d";
      case "eta squared", "epsilon squared", "partial eta squared" -> "variance";
      default -> measure.startsWith("odds ratio") ? "odds" : "";
    };
  }
}
