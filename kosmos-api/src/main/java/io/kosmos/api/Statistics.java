package io.kosmos.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The numbers behind a data-analysis {@link Finding}. Compression keeps every one of them: a
 * summary of a finding reports its test, statistic, p value, effect size, confidence interval and n
 * exactly.
 *
 * <p>Components that do not apply to a test are {@code null}. A p value too small for the test's
 * software to print ("p &lt; 1e-16") is written as that bound with {@link #P_BELOW} set in {@link
 * #extra()}: see {@link #pValueIsBound()}. A finding with more than one estimate (the effect in
 * each subgroup, an interaction term) keeps its main test here and the others in {@link
 * #estimates()}.
 *
 * @param test the test, for example {@code Spearman correlation} or {@code Welch t-test}
 * @param statistic the test statistic, or {@code null}
 * @param pValue the raw p value, or {@code null}
 * @param adjustedP the p value adjusted for multiple testing across the run (Benjamini–Hochberg),
 *     or {@code null} if not adjusted
 * @param effectSize the effect size, or {@code null}
 * @param effectMeasure what the effect size is, for example {@code r}, {@code Cohen's d}, {@code
 *     odds ratio}; {@code null} when there is no effect size
 * @param ciLow lower bound of the effect size's 95% confidence interval, or {@code null}
 * @param ciHigh upper bound of the effect size's 95% confidence interval, or {@code null}
 * @param n the number of observations used, or {@code null}
 * @param extra further named numbers (degrees of freedom, permutation p, R², ...)
 * @param estimates further estimates of the same finding (subgroups, interaction terms); empty for
 *     none
 */
public record Statistics(
    String test,
    @Nullable Double statistic,
    @Nullable Double pValue,
    @Nullable Double adjustedP,
    @Nullable Double effectSize,
    @Nullable String effectMeasure,
    @Nullable Double ciLow,
    @Nullable Double ciHigh,
    @Nullable Integer n,
    Map<String, Double> extra,
    List<Estimate> estimates) {

  /**
   * The key of {@link #extra()} that, set to 1, says the p value is an upper bound: the test gave
   * "p &lt; {@link #pValue()}" (below what its software can print), not the value itself.
   */
  public static final String P_BELOW = "p_below";

  /** Checks the components and copies the map and the list. */
  public Statistics {
    Objects.requireNonNull(test, "test");
    extra = Map.copyOf(extra);
    estimates = estimates == null ? List.of() : List.copyOf(estimates);
    if (pValue != null && !(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue must be between 0 and 1, was " + pValue);
    }
    if (adjustedP != null && !(adjustedP >= 0 && adjustedP <= 1)) {
      throw new IllegalArgumentException("adjustedP must be between 0 and 1, was " + adjustedP);
    }
  }

  /**
   * Statistics with one estimate only, the main one.
   *
   * @param test the test
   * @param statistic the test statistic, or {@code null}
   * @param pValue the raw p value, or {@code null}
   * @param adjustedP the adjusted p value, or {@code null}
   * @param effectSize the effect size, or {@code null}
   * @param effectMeasure what the effect size is, or {@code null}
   * @param ciLow lower bound of the 95% confidence interval, or {@code null}
   * @param ciHigh upper bound of the 95% confidence interval, or {@code null}
   * @param n the number of observations, or {@code null}
   * @param extra further named numbers
   */
  public Statistics(
      String test,
      @Nullable Double statistic,
      @Nullable Double pValue,
      @Nullable Double adjustedP,
      @Nullable Double effectSize,
      @Nullable String effectMeasure,
      @Nullable Double ciLow,
      @Nullable Double ciHigh,
      @Nullable Integer n,
      Map<String, Double> extra) {
    this(
        test,
        statistic,
        pValue,
        adjustedP,
        effectSize,
        effectMeasure,
        ciLow,
        ciHigh,
        n,
        extra,
        List.of());
  }

  /**
   * Whether the p value is an upper bound ("p &lt; 1e-16") rather than the value itself.
   *
   * @return {@code true} when {@link #P_BELOW} is set to 1 in {@link #extra()}
   */
  public boolean pValueIsBound() {
    Double below = extra.get(P_BELOW);
    return below != null && below > 0;
  }

  /**
   * The effect measure read as one of the closed vocabulary.
   *
   * @return the measure, or empty when there is none or it is not one Kosmos knows
   */
  public java.util.Optional<EffectMeasure> measure() {
    return EffectMeasure.parse(effectMeasure);
  }

  /**
   * What is inconsistent in these numbers: an effect size outside its own 95% confidence interval,
   * or an interval whose lower bound is above its upper bound, in the main estimate or in any of
   * {@link #estimates()}. Rounding is allowed for: an effect within half a percent of the
   * interval's width of a bound is inside it. The engine refuses to validate a finding whose
   * statistics are inconsistent, with these sentences as the reasons.
   *
   * @return one sentence per inconsistency; empty when the numbers agree
   */
  public List<String> inconsistencies() {
    List<String> out = new java.util.ArrayList<>();
    interval("the effect size", effectSize, ciLow, ciHigh, out);
    for (Estimate e : estimates) {
      interval("the estimate '" + e.label() + "'", e.effectSize(), e.ciLow(), e.ciHigh(), out);
    }
    return out;
  }

  private static void interval(
      String what,
      @Nullable Double effect,
      @Nullable Double low,
      @Nullable Double high,
      List<String> out) {
    if (low == null || high == null) {
      return;
    }
    if (low > high) {
      out.add(
          what
              + "'s 95% CI is reversed: its lower bound "
              + low
              + " is above its upper bound "
              + high);
      return;
    }
    if (effect == null) {
      return;
    }
    double slack = 0.005 * (high - low) + 1e-9 * Math.max(1, Math.abs(effect));
    if (effect < low - slack || effect > high + slack) {
      out.add(what + " " + effect + " lies outside its own 95% CI [" + low + ", " + high + "]");
    }
  }

  /**
   * Returns a copy with an adjusted p value.
   *
   * @param adjusted the adjusted p value
   * @return the copy
   */
  public Statistics withAdjustedP(Double adjusted) {
    return new Statistics(
        test,
        statistic,
        pValue,
        adjusted,
        effectSize,
        effectMeasure,
        ciLow,
        ciHigh,
        n,
        extra,
        estimates);
  }

  /**
   * The p value to judge significance by: the adjusted one when there is one, else the raw one.
   *
   * @return the p value, or {@code null} if there is none
   */
  public @Nullable Double significanceP() {
    return adjustedP != null ? adjustedP : pValue;
  }
}
