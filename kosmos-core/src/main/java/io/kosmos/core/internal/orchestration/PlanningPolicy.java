package io.kosmos.core.internal.orchestration;

import io.kosmos.api.ExplorationSchedule;
import io.kosmos.api.NoveltyDetector;
import io.kosmos.api.PlanReview;

/**
 * How the cycles of a run are planned: the share of exploration each cycle asks the planner for,
 * the novelty check every planned task goes through, and the review scores a plan needs to be
 * approved ({@link PlanReview#approved(double, double)}). {@link CyclePlanning} applies it; the run
 * record saves it.
 *
 * @param exploration the exploration schedule
 * @param novelty the novelty detector
 * @param reviewMinMean lowest mean review score for approval
 * @param reviewMinEach lowest review score of any dimension for approval
 */
public record PlanningPolicy(
    ExplorationSchedule exploration,
    NoveltyDetector novelty,
    double reviewMinMean,
    double reviewMinEach) {

  /**
   * Whether a review approves its plan.
   *
   * @param review the review
   * @return {@code true} if its scores reach the thresholds
   */
  public boolean approves(PlanReview review) {
    return review.approved(reviewMinMean, reviewMinEach);
  }
}
