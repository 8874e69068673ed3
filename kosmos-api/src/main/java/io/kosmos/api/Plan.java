package io.kosmos.api;

import java.util.List;
import java.util.Objects;

/**
 * The tasks a {@link PlanCreator} proposes for one cycle.
 *
 * @param cycle the cycle, from 1
 * @param tasks the tasks, at most the cycle's task limit
 * @param rationale why these tasks, in a few sentences
 * @param explorationShare the share of exploration tasks the planner aimed for, from 0 to 1
 */
public record Plan(int cycle, List<Task> tasks, String rationale, double explorationShare) {

  /** Checks the components and copies the list. */
  public Plan {
    if (cycle < 1) {
      throw new IllegalArgumentException("cycle must be 1 or more, was " + cycle);
    }
    tasks = List.copyOf(tasks);
    Objects.requireNonNull(rationale, "rationale");
    if (!(explorationShare >= 0 && explorationShare <= 1)) {
      throw new IllegalArgumentException(
          "explorationShare must be between 0 and 1, was " + explorationShare);
    }
  }

  /**
   * Returns a copy with other tasks.
   *
   * @param newTasks the tasks
   * @return the copy
   */
  public Plan withTasks(List<Task> newTasks) {
    return new Plan(cycle, newTasks, rationale, explorationShare);
  }
}
