package io.kosmos.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link Validator}'s judgement of a {@link Finding}.
 *
 * @param validator which validator judged, for example {@code statistical} or {@code scholar-eval}
 * @param passed whether the finding passes
 * @param score the overall score, from 0 to 1
 * @param dimensions per-dimension scores from 0 to 1, for example {@code rigor}, {@code novelty}
 * @param reasons why it passed or failed, one point per item; a failed finding always says why
 */
public record ValidationResult(
    String validator,
    boolean passed,
    double score,
    Map<String, Double> dimensions,
    List<String> reasons) {

  /** Checks the components and copies the collections. */
  public ValidationResult {
    Objects.requireNonNull(validator, "validator");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be between 0 and 1, was " + score);
    }
    dimensions = Map.copyOf(dimensions);
    reasons = List.copyOf(reasons);
    if (!passed && reasons.isEmpty()) {
      throw new IllegalArgumentException("a failed validation must say why");
    }
  }
}
