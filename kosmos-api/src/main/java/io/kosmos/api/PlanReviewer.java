package io.kosmos.api;

/**
 * Scores a {@link Plan} on specificity, relevance, novelty, coverage and feasibility (0 to 10) and
 * checks its structure (at least three data-analysis tasks when there is data, every task with a
 * description and an expected output). The engine applies {@link PlanReview#approved(double,
 * double)}.
 */
public interface PlanReviewer {

  /**
   * Reviews a plan.
   *
   * @param plan the plan
   * @param context what the plan was made from
   * @return the scores, structural problems and feedback
   */
  PlanReview review(Plan plan, PlanningContext context);
}
