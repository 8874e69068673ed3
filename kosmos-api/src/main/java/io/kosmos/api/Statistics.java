package io.kosmos.api;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The numbers behind a data-analysis {@link Finding}. Compression keeps every one of them: a
 * summary of a finding reports its test, statistic, p value, effect size, confidence interval and n
 * exactly.
 *
 * <p>Components that do not apply to a test are {@code null}.
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
    Map<String, Double> extra) {

  /** Checks the components and copies the map. */
  public Statistics {
    Objects.requireNonNull(test, "test");
    extra = Map.copyOf(extra);
    if (pValue != null && !(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue must be between 0 and 1, was " + pValue);
    }
    if (adjustedP != null && !(adjustedP >= 0 && adjustedP <= 1)) {
      throw new IllegalArgumentException("adjustedP must be between 0 and 1, was " + adjustedP);
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
        test, statistic, pValue, adjusted, effectSize, effectMeasure, ciLow, ciHigh, n, extra);
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
