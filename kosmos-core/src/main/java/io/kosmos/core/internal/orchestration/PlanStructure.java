package io.kosmos.core.internal.orchestration;

import io.kosmos.api.Plan;
import io.kosmos.api.PlanReview;
import io.kosmos.api.PlanningContext;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The structure every plan must have, checked by the engine whatever the reviewer said: at least
 * three data-analysis tasks when the run has data (or all tasks, if fewer were allowed), and every
 * task with a description and an expected output.
 */
public final class PlanStructure {

  /** Fewest data-analysis tasks a plan needs when there is data. */
  public static final int MIN_DATA_TASKS = PlanningContext.DEFAULT_MIN_DATA_TASKS;

  private PlanStructure() {}

  /**
   * The fewest data-analysis tasks a plan needs: {@value #MIN_DATA_TASKS}, or every task when fewer
   * are allowed, and none without data. Planners are told this number, so that no plan is asked for
   * what the limits make impossible.
   *
   * @param hasData whether the run has datasets
   * @param maxTasks the most tasks a plan may have
   * @return the number
   */
  public static int minDataTasks(boolean hasData, int maxTasks) {
    return hasData ? Math.min(MIN_DATA_TASKS, maxTasks) : 0;
  }

  /**
   * The structural problems of a plan.
   *
   * @param plan the plan
   * @param hasData whether the run has datasets
   * @param maxTasks the most tasks the plan may have
   * @return the problems, empty when the structure holds
   */
  public static List<String> problems(Plan plan, boolean hasData, int maxTasks) {
    List<String> problems = new ArrayList<>();
    if (plan.tasks().isEmpty()) {
      problems.add("the plan has no tasks");
    }
    if (hasData) {
      long dataTasks =
          plan.tasks().stream().filter(t -> t.kind() == TaskKind.DATA_ANALYSIS).count();
      int needed = minDataTasks(true, maxTasks);
      if (dataTasks < needed) {
        problems.add(
            "the plan has "
                + dataTasks
                + " data-analysis task(s); a run with data needs at least "
                + needed);
      }
    }
    for (Task task : plan.tasks()) {
      if (task.description().isBlank()) {
        problems.add("task " + task.id() + " has no description");
      }
      if (task.expectedOutput().isBlank()) {
        problems.add("task " + task.id() + " has no expected output");
      }
    }
    return problems;
  }

  /**
   * Adds the engine's structural problems to a review.
   *
   * @param review the reviewer's review
   * @param problems the engine's findings
   * @return the review with both sets of problems
   */
  public static PlanReview merge(PlanReview review, List<String> problems) {
    Set<String> all = new LinkedHashSet<>(review.structuralProblems());
    all.addAll(problems);
    return new PlanReview(review.scores(), List.copyOf(all), review.feedback());
  }

  /**
   * Whether a task can be carried out at all.
   *
   * @param task the task
   * @return {@code true} if it has a description and an expected output
   */
  public static boolean runnable(Task task) {
    return !task.description().isBlank() && !task.expectedOutput().isBlank();
  }
}
