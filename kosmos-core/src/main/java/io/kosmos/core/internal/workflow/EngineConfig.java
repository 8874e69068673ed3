package io.kosmos.core.internal.workflow;

import io.kosmos.api.Agents;
import io.kosmos.api.Dataset;
import io.kosmos.api.Executor;
import io.kosmos.api.ResearchListener;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.orchestration.PlanningPolicy;
import io.kosmos.core.internal.orchestration.TaskEnvironment;
import io.kosmos.core.llm.Budget;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Everything the builder checked, as the engine uses it: what each task needs, how cycles are
 * planned, how many tasks run at once, the limits of a call of {@code run()}, and who is told.
 *
 * @param runId the run id for a new run (an existing run keeps its own)
 * @param tasks what every task needs: objective, data, layout, team, tools, task limits, clock
 * @param planning the exploration schedule, novelty check and review thresholds
 * @param maxConcurrentTasks tasks at once
 * @param maxRunTime time limit of one call of {@code run}, or {@code null}
 * @param budget the language model budget, or {@code null}
 * @param listeners the listeners
 * @param meterRegistry the meter registry
 */
public record EngineConfig(
    String runId,
    TaskEnvironment tasks,
    PlanningPolicy planning,
    int maxConcurrentTasks,
    Duration maxRunTime,
    Budget budget,
    List<ResearchListener> listeners,
    MeterRegistry meterRegistry) {

  /** Copies the list. */
  public EngineConfig {
    listeners = List.copyOf(listeners);
  }

  /**
   * The objective.
   *
   * @return the objective
   */
  public String objective() {
    return tasks.objective();
  }

  /**
   * The datasets, hashed.
   *
   * @return the datasets
   */
  public List<Dataset> datasets() {
    return tasks.datasets();
  }

  /**
   * The artifacts layout.
   *
   * @return the layout
   */
  public Layout layout() {
    return tasks.layout();
  }

  /**
   * The team.
   *
   * @return the agents
   */
  public Agents agents() {
    return tasks.agents();
  }

  /**
   * The executor.
   *
   * @return the executor, or {@code null} for a run without data
   */
  public Executor executor() {
    return tasks.executor();
  }

  /**
   * The clock.
   *
   * @return the clock
   */
  public Clock clock() {
    return tasks.clock();
  }
}
