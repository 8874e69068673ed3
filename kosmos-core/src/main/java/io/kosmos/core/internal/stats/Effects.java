package io.kosmos.core.internal.stats;

import io.kosmos.api.EffectMeasure;

/**
 * Effect sizes on one scale: as a correlation, so that magnitudes compare across tests. Mirrors
 * {@code r_equivalent} in {@code common.py} for the measures the offline analyst writes, and reads
 * any measure through {@link EffectMeasure#parse(String)}, so "Cramer's V" and "adjusted odds
 * ratio" count as what they are.
 *
 * <ul>
 *   <li>correlations (r, rho, partial r, rank-biserial r, phi, Cramér's V): as they are;
 *   <li>standardized differences (Cohen's d, Hedges' g): d / sqrt(d² + 4);
 *   <li>shares of variance (R², η², partial η², ε²): the square root;
 *   <li>ratios (odds, risk and hazard ratios): ln(ratio) · √3 / π as a d, then as above (exact for
 *       odds ratios under the logistic model, an approximation for the other two);
 *   <li>an AUC: √2 · Φ⁻¹(AUC) as a d (the binormal model), then as above.
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
    return EffectMeasure.parse(measure).map(m -> rEquivalentSigned(effect, m)).orElse(null);
  }

  /**
   * The effect as a correlation, keeping its sign where the measure has one.
   *
   * @param effect the effect size
   * @param measure its measure
   * @return the correlation, or {@code null} when the value cannot be one of the measure (a ratio
   *     of 0 or below, an AUC outside 0 to 1) or the measure is {@link EffectMeasure#NONE}
   */
  public static Double rEquivalentSigned(double effect, EffectMeasure measure) {
    return switch (measure.family()) {
      case CORRELATION -> effect;
      case DIFFERENCE -> fromD(effect);
      case VARIANCE -> effect <= 0 ? 0.0 : Math.sqrt(Math.min(1, effect));
      case RATIO -> effect <= 0 ? null : fromD(Math.log(effect) * Math.sqrt(3) / Math.PI);
      case AUC -> {
        if (!(effect > 0 && effect < 1)) {
          yield effect == 1 || effect == 0 ? Math.signum(effect - 0.5) : null;
        }
        yield fromD(Math.sqrt(2) * inverseNormal(effect));
      }
      case NONE -> null;
    };
  }

  private static double fromD(double d) {
    return d / Math.sqrt(d * d + 4);
  }

  /** Whether the measure has a sign (or a side of 1, for ratios, or of 0.5, for an AUC). */
  public static boolean signed(String measure) {
    return EffectMeasure.parse(measure).map(EffectMeasure::signed).orElse(false);
  }

  /** The value of no effect: 1 for ratios, 0.5 for an AUC, else 0. */
  public static double nullValue(String measure) {
    return EffectMeasure.parse(measure).map(EffectMeasure::nullValue).orElse(0.0);
  }

  /**
   * The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).
   *
   * @param p a probability strictly between 0 and 1
   * @return z such that Φ(z) = p
   */
  static double inverseNormal(double p) {
    double[] a = {
      -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
    };
    double[] b = {
      -5.447609879822406e+01,
      1.615858368580409e+02,
      -1.556989798598866e+02,
      6.680131188771972e+01,
      -1.328068155288572e+01
    };
    double[] c = {
      -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
    };
    double[] d = {
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
    };
    double low = 0.02425;
    if (p < low) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - low) {
      double q = Math.sqrt(-2 * Math.log(1 - p));
      return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
        * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
}
