package io.kosmos.core.internal.workflow;

import io.kosmos.api.Agents;
import io.kosmos.api.Dataset;
import io.kosmos.api.Executor;
import io.kosmos.api.ExplorationSchedule;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.NoveltyDetector;
import io.kosmos.api.ResearchListener;
import io.kosmos.api.SkillLoader;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.orchestration.RetryPolicy;
import io.kosmos.core.llm.Budget;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Everything the builder checked, as the engine uses it.
 *
 * @param runId the run id for a new run (an existing run keeps its own)
 * @param objective the objective
 * @param datasets the datasets, hashed
 * @param layout the artifacts layout
 * @param executor the executor, or {@code null}
 * @param agents the team
 * @param sources the literature sources
 * @param skills the skill loader, or {@code null}
 * @param skillsPerTask skills given to each analyst
 * @param listeners the listeners
 * @param maxConcurrentTasks tasks at once
 * @param taskTimeout time limit of one task attempt
 * @param cellTimeout time limit of one cell
 * @param maxRunTime time limit of one call of {@code run}, or {@code null}
 * @param budget the language model budget, or {@code null}
 * @param exploration the exploration schedule
 * @param novelty the novelty detector
 * @param reviewMinMean lowest mean review score for approval
 * @param reviewMinEach lowest review score for approval
 * @param retry retry policy for sandbox failures
 * @param meterRegistry the meter registry
 * @param clock the clock
 */
public record EngineConfig(
    String runId,
    String objective,
    List<Dataset> datasets,
    Layout layout,
    Executor executor,
    Agents agents,
    List<LiteratureSource> sources,
    SkillLoader skills,
    int skillsPerTask,
    List<ResearchListener> listeners,
    int maxConcurrentTasks,
    Duration taskTimeout,
    Duration cellTimeout,
    Duration maxRunTime,
    Budget budget,
    ExplorationSchedule exploration,
    NoveltyDetector novelty,
    double reviewMinMean,
    double reviewMinEach,
    RetryPolicy retry,
    MeterRegistry meterRegistry,
    Clock clock) {

  /** Copies the lists. */
  public EngineConfig {
    datasets = List.copyOf(datasets);
    sources = List.copyOf(sources);
    listeners = List.copyOf(listeners);
  }
}
