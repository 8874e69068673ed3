package io.kosmos.api;

/**
 * Plans a cycle: up to N tasks from the objective and the world model, balancing exploration of new
 * directions against exploitation of what was found. The engine has the plan reviewed; a rejected
 * plan is revised once with the review's feedback.
 *
 * <p>Implementations: the offline statistical planner and the language model planner, in
 * kosmos-core.
 */
public interface PlanCreator {

  /**
   * Plans a cycle.
   *
   * @param context the objective, the world model, the limits and the exploration share
   * @return a plan with at most {@link PlanningContext#maxTasks()} tasks
   */
  Plan plan(PlanningContext context);

  /**
   * Revises a rejected plan.
   *
   * @param context the same context the plan was made in
   * @param rejected the rejected plan
   * @param review the review, with its scores, structural problems and feedback
   * @return the revised plan
   */
  Plan revise(PlanningContext context, Plan rejected, PlanReview review);
}
