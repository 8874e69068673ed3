package io.kosmos.core.internal.orchestration;

import io.kosmos.api.Agents;
import io.kosmos.api.Dataset;
import io.kosmos.api.Executor;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.SkillLoader;
import io.kosmos.core.internal.artifacts.Layout;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What every task of a run needs, the same for all of them: the question and the data, where
 * artifacts go, the team and its tools, and the limits of one task. The builder makes it once;
 * {@link TaskExecution} carries out each task with it. The run id is not part of it: a resumed run
 * keeps the id on disk, which is known only once the run is loaded.
 *
 * @param objective the objective
 * @param datasets the datasets, hashed
 * @param layout the artifacts layout
 * @param executor the executor, or {@code null} for a run without data
 * @param agents the team
 * @param sources the literature sources
 * @param skills the skill loader, or {@code null}
 * @param skillsPerTask how many skills to give an analyst
 * @param cellTimeout time limit of a cell
 * @param taskTimeout time limit of a task attempt
 * @param retry retry policy for sandbox failures
 * @param clock the clock for timestamps
 */
public record TaskEnvironment(
    String objective,
    List<Dataset> datasets,
    Layout layout,
    Executor executor,
    Agents agents,
    List<LiteratureSource> sources,
    SkillLoader skills,
    int skillsPerTask,
    Duration cellTimeout,
    Duration taskTimeout,
    RetryPolicy retry,
    Clock clock) {

  /** Copies the lists. */
  public TaskEnvironment {
    datasets = List.copyOf(datasets);
    sources = List.copyOf(sources);
  }
}
