package io.kosmos.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One further estimate of a finding besides its main one ({@link Statistics}): the effect in a
 * subgroup, an interaction term, the same effect under another model. A finding that says "BMI
 * predicts progression in both sexes, more strongly in men" carries the interaction test as its
 * statistics and one estimate per sex.
 *
 * @param label what was estimated, for example {@code sex = 1}, {@code bmi × sex} or {@code
 *     adjusted for age}
 * @param effectSize the effect size, or {@code null}
 * @param effectMeasure what the effect size is, preferably a label of {@link EffectMeasure}, or
 *     {@code null}
 * @param ciLow lower bound of its 95% confidence interval, or {@code null}
 * @param ciHigh upper bound of its 95% confidence interval, or {@code null}
 * @param pValue its p value, or {@code null}
 * @param n the observations it rests on, or {@code null}
 */
public record Estimate(
    String label,
    @Nullable Double effectSize,
    @Nullable String effectMeasure,
    @Nullable Double ciLow,
    @Nullable Double ciHigh,
    @Nullable Double pValue,
    @Nullable Integer n) {

  /** Checks the components. */
  public Estimate {
    Objects.requireNonNull(label, "label");
    if (pValue != null && !(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue must be between 0 and 1, was " + pValue);
    }
    if (n != null && n < 0) {
      throw new IllegalArgumentException("n cannot be negative, was " + n);
    }
  }
}
