package io.kosmos.core.validation;

import io.kosmos.api.EffectMeasure;
import io.kosmos.api.Estimate;
import io.kosmos.api.Statistics;
import io.kosmos.core.internal.stats.Effects;
import io.kosmos.core.internal.stats.Fmt;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a finding's statistics say about the size of its effect, read through the closed vocabulary
 * of {@link EffectMeasure}: the measure, the effect as a correlation (to compare across tests), and
 * whether a claim of no effect is backed by a confidence interval inside the negligible band. Every
 * sentence it returns states what the numbers show, so that a validator's reasons are true.
 */
final class EffectEvidence {

  /** How a claim of no effect fares against its confidence interval. */
  enum Equivalence {
    /** The CI lies within the negligible band. */
    SHOWN,
    /** The CI reaches beyond the band. */
    NOT_SHOWN,
    /** Nothing to judge it by: no effect size, no CI, or a measure Kosmos cannot convert. */
    CANNOT_JUDGE
  }

  /**
   * The verdict on a claim of no effect, with the sentence that explains it.
   *
   * @param equivalence the verdict
   * @param reason why, in one sentence
   */
  record NullClaim(Equivalence equivalence, String reason) {}

  private final Statistics s;
  private final Optional<EffectMeasure> measure;

  EffectEvidence(Statistics s) {
    this.s = s;
    this.measure = s.measure();
  }

  /** Whether the finding states explicitly that its test gives no effect size. */
  boolean noEffectSize() {
    return measure.map(m -> m == EffectMeasure.NONE).orElse(false);
  }

  /** A measure was written that is not in the vocabulary. */
  boolean unknownMeasure() {
    return s.effectMeasure() != null && !s.effectMeasure().isBlank() && measure.isEmpty();
  }

  /**
   * The effect's size as a correlation, from the main effect size, else from the largest of the
   * further estimates.
   *
   * @return the size, or {@code null} when no effect size can be put on that scale
   */
  Double magnitude() {
    Double main = Effects.rEquivalent(s.effectSize(), s.effectMeasure());
    if (main != null) {
      return main;
    }
    Double best = null;
    for (Estimate e : s.estimates()) {
      Double r = Effects.rEquivalent(e.effectSize(), e.effectMeasure());
      if (r != null && (best == null || r > best)) {
        best = r;
      }
    }
    return best;
  }

  /** Why the effect's size cannot be judged, for a reason; only meaningful when it cannot. */
  String whyNoMagnitude() {
    if (noEffectSize() || (s.effectSize() == null && s.effectMeasure() == null)) {
      return "the test gives no effect size";
    }
    if (unknownMeasure()) {
      return "its effect measure '"
          + s.effectMeasure()
          + "' is not one Kosmos can put on a common scale ("
          + vocabulary()
          + ")";
    }
    if (s.effectSize() == null) {
      return "it names a measure (" + s.effectMeasure() + ") but gives no effect size";
    }
    return "its effect size " + Fmt.num(s.effectSize()) + " is not a valid " + label();
  }

  /**
   * Judges a claim of no effect by its confidence interval: it holds when the whole 95% CI, as a
   * correlation, lies within the negligible band.
   *
   * @param negligible the band's half-width, as a correlation
   * @return the verdict and its reason
   */
  NullClaim nullClaim(double negligible) {
    String band = "|r| < " + Fmt.plain(negligible);
    if (noEffectSize() || (s.effectSize() == null && s.effectMeasure() == null)) {
      return new NullClaim(
          Equivalence.CANNOT_JUDGE,
          "a claim of no effect needs an effect size with a 95% confidence interval to show that"
              + " any effect is negligible, and this test gives none (a p value above the"
              + " significance level alone is absence of evidence, not evidence of absence)");
    }
    if (unknownMeasure()) {
      return new NullClaim(
          Equivalence.CANNOT_JUDGE,
          "a claim of no effect is judged by its 95% confidence interval, but its effect measure '"
              + s.effectMeasure()
              + "' is not one Kosmos can put on a common scale ("
              + vocabulary()
              + ")");
    }
    if (s.ciLow() == null || s.ciHigh() == null) {
      return new NullClaim(
          Equivalence.CANNOT_JUDGE,
          "a claim of no effect needs the 95% confidence interval of its "
              + label()
              + " to show that any effect is negligible, and it gives none");
    }
    EffectMeasure m = measure.orElseThrow();
    Double lo = Effects.rEquivalentSigned(s.ciLow(), m);
    Double hi = Effects.rEquivalentSigned(s.ciHigh(), m);
    if (lo == null || hi == null) {
      return new NullClaim(
          Equivalence.CANNOT_JUDGE,
          "its 95% CI " + Fmt.ci(s.ciLow(), s.ciHigh()) + " is not a valid range for a " + label());
    }
    double reach = Math.max(Math.abs(lo), Math.abs(hi));
    String inUnits = bandInUnits(m, negligible);
    if (reach < negligible) {
      return new NullClaim(
          Equivalence.SHOWN,
          "no effect: the 95% CI "
              + Fmt.ci(s.ciLow(), s.ciHigh())
              + " of the "
              + label()
              + " lies within the negligible band ("
              + band
              + inUnits
              + ")");
    }
    return new NullClaim(
        Equivalence.NOT_SHOWN,
        "the 95% CI "
            + Fmt.ci(s.ciLow(), s.ciHigh())
            + " of the "
            + label()
            + " does not rule out a non-negligible effect: it reaches |r| = "
            + Fmt.num(reach)
            + ", beyond the negligible band ("
            + band
            + inUnits
            + "); absence of evidence is not evidence of absence");
  }

  /**
   * Whether the main CI excludes no effect, for a measure with a direction.
   *
   * @return {@code true} or {@code false}, or {@code null} when there is no CI or the measure has
   *     no direction
   */
  Boolean ciExcludesNoEffect() {
    if (s.ciLow() == null || s.ciHigh() == null || measure.isEmpty() || !measure.get().signed()) {
      return null;
    }
    double zero = measure.get().nullValue();
    return s.ciLow() > zero || s.ciHigh() < zero;
  }

  /** The measure as people read it. */
  String label() {
    return measure
        .map(EffectMeasure::label)
        .orElse(s.effectMeasure() == null ? "effect size" : s.effectMeasure());
  }

  /** The negligible band in the measure's own units, where that reads differently from r. */
  private static String bandInUnits(EffectMeasure m, double r) {
    double d = 2 * r / Math.sqrt(1 - r * r);
    return switch (m.family()) {
      case DIFFERENCE -> ", that is |" + m.label() + "| < " + Fmt.num(d);
      case RATIO -> {
        double ratio = Math.exp(d * Math.PI / Math.sqrt(3));
        yield ", that is a "
            + m.label()
            + " between "
            + Fmt.num(1 / ratio)
            + " and "
            + Fmt.num(ratio);
      }
      case AUC -> ", that is an AUC between " + Fmt.num(1 - auc(d)) + " and " + Fmt.num(auc(d));
      case VARIANCE -> ", that is " + m.label() + " < " + Fmt.num(r * r);
      default -> "";
    };
  }

  private static double auc(double d) {
    // Φ(d / √2) by the error function's series-free approximation (Abramowitz and Stegun 7.1.26)
    double x = d / Math.sqrt(2) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * Math.abs(x));
    double y =
        1
            - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                    + 0.254829592)
                * t
                * Math.exp(-x * x);
    double erf = x >= 0 ? y : -y;
    return 0.5 * (1 + erf);
  }

  static String vocabulary() {
    return "it knows "
        + Arrays.stream(EffectMeasure.values())
            .filter(m -> m != EffectMeasure.NONE)
            .map(EffectMeasure::label)
            .collect(Collectors.joining(", "));
  }
}
