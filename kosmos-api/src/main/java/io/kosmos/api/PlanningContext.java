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
 * @param minDataTasks the fewest data-analysis tasks a plan must have, which the engine checks (0
 *     when the run has no data)
 * @param reviewMinMean the lowest mean review score that approves a plan
 * @param reviewMinEach the lowest score of any review dimension that approves a plan
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
    boolean literatureAvailable,
    int minDataTasks,
    double reviewMinMean,
    double reviewMinEach) {

  /** The fewest data-analysis tasks the engine asks of a plan when the run has data. */
  public static final int DEFAULT_MIN_DATA_TASKS = 3;

  /** Checks the components and copies the lists. */
  public PlanningContext {
    Objects.requireNonNull(objective, "objective");
    if (cycle < 1 || maxTasks < 1) {
      throw new IllegalArgumentException("cycle and maxTasks must be 1 or more");
    }
    if (minDataTasks < 0 || minDataTasks > maxTasks) {
      throw new IllegalArgumentException(
          "minDataTasks must be between 0 and maxTasks (" + maxTasks + "), was " + minDataTasks);
    }
    datasets = List.copyOf(datasets);
    Objects.requireNonNull(world, "world");
    cycleSummaries = List.copyOf(cycleSummaries);
  }

  /**
   * A context with the engine's default plan rules: at least {@value #DEFAULT_MIN_DATA_TASKS}
   * data-analysis tasks (or all tasks, if fewer are allowed) when the run has data, and approval at
   * a mean review score of 7 with no score below 5.
   *
   * @param objective the research objective
   * @param cycle the cycle being planned, from 1
   * @param maxCycles the number of cycles the run was asked for
   * @param maxTasks the most tasks the plan may have
   * @param explorationShare the share of exploration tasks to aim for, from 0 to 1
   * @param datasets the run's datasets
   * @param world the world model as it stands
   * @param cycleSummaries the compressed summaries of the cycles before, oldest first
   * @param literatureAvailable whether literature tasks can run
   */
  public PlanningContext(
      String objective,
      int cycle,
      int maxCycles,
      int maxTasks,
      double explorationShare,
      List<Dataset> datasets,
      WorldModel world,
      List<String> cycleSummaries,
      boolean literatureAvailable) {
    this(
        objective,
        cycle,
        maxCycles,
        maxTasks,
        explorationShare,
        datasets,
        world,
        cycleSummaries,
        literatureAvailable,
        datasets.isEmpty() ? 0 : Math.min(DEFAULT_MIN_DATA_TASKS, Math.max(maxTasks, 1)),
        7,
        5);
  }
}
