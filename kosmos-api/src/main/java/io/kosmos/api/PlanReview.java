package io.kosmos.api;

import java.util.List;
import java.util.Map;

/**
 * A {@link PlanReviewer}'s judgement of a {@link Plan}: a score from 0 to 10 on each of {@link
 * #DIMENSIONS}, the structural problems found, and feedback for a revision.
 *
 * <p>The approval rule is the same for every reviewer: the mean score is at least 7, no score is
 * below 5, and there are no structural problems (see {@link #approved(double, double)}).
 *
 * @param scores dimension name to score, from 0 to 10, for every one of {@link #DIMENSIONS}
 * @param structuralProblems what breaks the plan's required structure (too few data-analysis tasks,
 *     a task without a description or an expected output, ...); empty when it holds
 * @param feedback what a revision should change, one item per point
 */
public record PlanReview(
    Map<String, Double> scores, List<String> structuralProblems, List<String> feedback) {

  /** The scored dimensions, in order. */
  public static final List<String> DIMENSIONS =
      List.of("specificity", "relevance", "novelty", "coverage", "feasibility");

  /** Default minimum mean score for approval. */
  public static final double DEFAULT_MIN_MEAN = 7.0;

  /** Default minimum score of every dimension for approval. */
  public static final double DEFAULT_MIN_EACH = 5.0;

  /** Checks that every dimension is scored in range and copies the collections. */
  public PlanReview {
    scores = Map.copyOf(scores);
    for (String dimension : DIMENSIONS) {
      Double score = scores.get(dimension);
      if (score == null || !(score >= 0 && score <= 10)) {
        throw new IllegalArgumentException(
            "a plan review needs a score from 0 to 10 for '" + dimension + "', got " + score);
      }
    }
    structuralProblems = List.copyOf(structuralProblems);
    feedback = List.copyOf(feedback);
  }

  /**
   * The mean of the dimension scores.
   *
   * @return the mean
   */
  public double mean() {
    return DIMENSIONS.stream().mapToDouble(scores::get).average().orElse(0);
  }

  /**
   * The lowest dimension score.
   *
   * @return the minimum
   */
  public double min() {
    return DIMENSIONS.stream().mapToDouble(scores::get).min().orElse(0);
  }

  /**
   * Applies the approval rule with the default thresholds.
   *
   * @return whether the plan is approved
   */
  public boolean approved() {
    return approved(DEFAULT_MIN_MEAN, DEFAULT_MIN_EACH);
  }

  /**
   * Applies the approval rule: mean at least {@code minMean}, every score at least {@code minEach},
   * no structural problem.
   *
   * @param minMean the lowest acceptable mean
   * @param minEach the lowest acceptable score of any dimension
   * @return whether the plan is approved
   */
  public boolean approved(double minMean, double minEach) {
    return mean() >= minMean && min() >= minEach && structuralProblems.isEmpty();
  }
}
