package io.kosmos.api;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link PlanCreator} and a {@link PlanReviewer} see when they plan a cycle.
 *
 * @param objective the research objective
 * @param cycle the cycle being planned, from 1
 * @param maxCycles the number of cycles the run was asked for
 * @param maxTasks the most tasks the plan may have
 * @param explorationShare the share of exploration tasks to aim for, from 0 to 1
 * @param datasets the run's datasets (empty for a literature-only run)
 * @param world the world model as it stands
 * @param cycleSummaries the compressed summaries of the cycles before, oldest first
 * @param literatureAvailable whether literature tasks can run (a {@link LiteratureSource} is
 *     configured)
 */
public record PlanningContext(
    String objective,
    int cycle,
    int maxCycles,
    int maxTasks,
    double explorationShare,
    List<Dataset> datasets,
    WorldModel world,
    List<String> cycleSummaries,
    boolean literatureAvailable) {

  /** Checks the components and copies the lists. */
  public PlanningContext {
    Objects.requireNonNull(objective, "objective");
    if (cycle < 1 || maxTasks < 1) {
      throw new IllegalArgumentException("cycle and maxTasks must be 1 or more");
    }
    datasets = List.copyOf(datasets);
    Objects.requireNonNull(world, "world");
    cycleSummaries = List.copyOf(cycleSummaries);
  }
}
