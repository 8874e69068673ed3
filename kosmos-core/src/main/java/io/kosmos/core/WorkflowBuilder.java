package io.kosmos.core;

import io.kosmos.api.Agents;
import io.kosmos.api.Dataset;
import io.kosmos.api.Executor;
import io.kosmos.api.ExplorationSchedule;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.NoveltyDetector;
import io.kosmos.api.PlanReview;
import io.kosmos.api.ResearchListener;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.SkillLoader;
import io.kosmos.core.internal.artifacts.DatasetScanner;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.orchestration.PlanningPolicy;
import io.kosmos.core.internal.orchestration.RetryPolicy;
import io.kosmos.core.internal.orchestration.TaskEnvironment;
import io.kosmos.core.internal.workflow.EngineConfig;
import io.kosmos.core.internal.workflow.ResearchEngine;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.skills.FileSkillLoader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds a {@link ResearchWorkflow}; start one with {@link Kosmos#workflow()}.
 *
 * <pre>{@code
 * try (ResearchWorkflow workflow = Kosmos.workflow()
 *         .objective("What drives disease progression in this cohort?")
 *         .dataset(Path.of("diabetes.csv"))
 *         .artifactsDir(Path.of("runs/diabetes"))
 *         .executor(executor)
 *         .agents(agents)
 *         .build()) {
 *     ResearchResult result = workflow.run(5, 10);
 * }
 * }</pre>
 *
 * <p>Each option may be set once: setting it again fails at once, naming it. A value out of range
 * fails with {@link IllegalArgumentException} when it is set. {@link #build()} checks the rest:
 * that there is an objective, that every dataset exists and can be read (and hashes it), that an
 * executor is given when there is data, and that the artifacts directory is new, empty, or holds
 * this same run (same objective and data), which it then resumes.
 *
 * <p>Defaults: the offline statistical scientist as the team, artifacts under {@code
 * kosmos-runs/<run id>}, 4 tasks at once, 30 minutes per task, 10 minutes per cell, no run-time
 * limit, no budget, the {@linkplain ExplorationSchedule#standard() standard exploration schedule},
 * a {@linkplain NoveltyDetectors#textSimilarity(double) text similarity} novelty check at 0.8, plan
 * approval at mean 7 and minimum 5, three attempts for tasks the sandbox failed (2 s backoff,
 * doubling), the skills shipped on the class path, three skills per task.
 */
public final class WorkflowBuilder {

  private String objective;
  private final List<Path> datasetPaths = new ArrayList<>();
  private final List<Map<String, String>> dictionaries = new ArrayList<>();
  private Path artifactsDir;
  private Executor executor;
  private Agents agents;
  private final List<LiteratureSource> sources = new ArrayList<>();
  private SkillLoader skillLoader;
  private Integer skillsPerTask;
  private final List<ResearchListener> listeners = new ArrayList<>();
  private Integer maxConcurrentTasks;
  private Duration taskTimeout;
  private Duration cellTimeout;
  private Duration maxRunTime;
  private Budget budget;
  private ExplorationSchedule exploration;
  private NoveltyDetector novelty;
  private double[] reviewThresholds;
  private RetryPolicy retry;
  private MeterRegistry meterRegistry;
  private Clock clock;

  WorkflowBuilder() {}

  /**
   * Sets the research objective.
   *
   * @param objective the question, in a sentence or a paragraph
   * @return this builder
   * @throws InvalidInputException if it is empty
   */
  public WorkflowBuilder objective(String objective) {
    requireUnset(this.objective, "objective");
    Objects.requireNonNull(objective, "objective");
    if (objective.isBlank()) {
      throw new InvalidInputException(
          "the research objective is empty; say what the run should find out, for example"
              + " \"What drives disease progression in this cohort?\"");
    }
    this.objective = objective.strip();
    return this;
  }

  /**
   * Adds a dataset: a file (CSV, TSV, Excel, ...) or a folder, mounted read-only for analysis code
   * at {@code /data/<file name>}.
   *
   * @param path the file or folder
   * @return this builder
   */
  public WorkflowBuilder dataset(Path path) {
    return dataset(path, Map.of());
  }

  /**
   * Adds a dataset with descriptions of its columns.
   *
   * @param path the file or folder
   * @param dictionary column name to description
   * @return this builder
   */
  public WorkflowBuilder dataset(Path path, Map<String, String> dictionary) {
    datasetPaths.add(Objects.requireNonNull(path, "path"));
    dictionaries.add(Map.copyOf(Objects.requireNonNull(dictionary, "dictionary")));
    return this;
  }

  /**
   * Sets the artifacts directory: where the run keeps everything, and from which it resumes.
   *
   * @param dir a new or empty directory, or the directory of this same run
   * @return this builder
   */
  public WorkflowBuilder artifactsDir(Path dir) {
    requireUnset(artifactsDir, "artifactsDir");
    this.artifactsDir = Objects.requireNonNull(dir, "dir");
    return this;
  }

  /**
   * Sets the executor that runs analysis code. Required when there is a dataset. The workflow does
   * not close it.
   *
   * @param executor the executor
   * @return this builder
   */
  public WorkflowBuilder executor(Executor executor) {
    requireUnset(this.executor, "executor");
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * Sets the team that does the science: planner, reviewer, analysts, validator, report writer. The
   * default is the {@linkplain io.kosmos.core.team.offline.OfflineScientist offline statistical
   * scientist}, which needs no language model.
   *
   * @param agents the team
   * @return this builder
   */
  public WorkflowBuilder agents(Agents agents) {
    requireUnset(this.agents, "agents");
    this.agents = Objects.requireNonNull(agents, "agents");
    return this;
  }

  /**
   * Adds a literature source for literature tasks.
   *
   * @param source the source
   * @return this builder
   */
  public WorkflowBuilder literatureSource(LiteratureSource source) {
    sources.add(Objects.requireNonNull(source, "source"));
    return this;
  }

  /**
   * Sets where skills come from; the default reads the skills shipped on the class path.
   *
   * @param loader the loader
   * @return this builder
   */
  public WorkflowBuilder skillLoader(SkillLoader loader) {
    requireUnset(this.skillLoader, "skillLoader");
    this.skillLoader = Objects.requireNonNull(loader, "loader");
    return this;
  }

  /**
   * Sets how many skills each analyst is given.
   *
   * @param count 0 or more
   * @return this builder
   */
  public WorkflowBuilder skillsPerTask(int count) {
    requireUnset(this.skillsPerTask, "skillsPerTask");
    if (count < 0) {
      throw new IllegalArgumentException("skillsPerTask must be 0 or more, was " + count);
    }
    this.skillsPerTask = count;
    return this;
  }

  /**
   * Adds a listener for the run's events.
   *
   * @param listener the listener
   * @return this builder
   */
  public WorkflowBuilder listener(ResearchListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Sets how many tasks of a cycle run at once.
   *
   * @param count 1 or more
   * @return this builder
   */
  public WorkflowBuilder maxConcurrentTasks(int count) {
    requireUnset(this.maxConcurrentTasks, "maxConcurrentTasks");
    if (count < 1) {
      throw new IllegalArgumentException("maxConcurrentTasks must be 1 or more, was " + count);
    }
    this.maxConcurrentTasks = count;
    return this;
  }

  /**
   * Sets the time limit of one task; past it the task is stopped and recorded as failed.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public WorkflowBuilder taskTimeout(Duration timeout) {
    requireUnset(this.taskTimeout, "taskTimeout");
    this.taskTimeout = positive(timeout, "taskTimeout");
    return this;
  }

  /**
   * Sets the default time limit of one code cell.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public WorkflowBuilder cellTimeout(Duration timeout) {
    requireUnset(this.cellTimeout, "cellTimeout");
    this.cellTimeout = positive(timeout, "cellTimeout");
    return this;
  }

  /**
   * Sets how long one call of {@link ResearchWorkflow#run} may take; at the limit the tasks under
   * way are stopped (a resumed run redoes them), and the run ends with status {@code TIME_LIMIT}
   * and a report that says so.
   *
   * @param limit a positive duration
   * @return this builder
   */
  public WorkflowBuilder maxRunTime(Duration limit) {
    requireUnset(this.maxRunTime, "maxRunTime");
    this.maxRunTime = positive(limit, "maxRunTime");
    return this;
  }

  /**
   * Sets the run's language model budget: the same {@link Budget} the run's language model clients
   * are wrapped with ({@code LanguageModels.budgeted(model, budget)}). The workflow records what it
   * counts (tokens, cost) in {@code run.json}, the result and the report, and stops the run
   * cleanly, with status {@code BUDGET_SPENT} and a report that says so, once it is exhausted: new
   * tasks do not start, and a client that throws {@link io.kosmos.api.BudgetExceededException}
   * mid-task leaves its task for a resumed run. The limit applies to this session; the run record
   * adds up the usage of every session of a resumed run.
   *
   * @param budget the budget
   * @return this builder
   */
  public WorkflowBuilder budget(Budget budget) {
    requireUnset(this.budget, "budget");
    this.budget = Objects.requireNonNull(budget, "budget");
    return this;
  }

  /**
   * Sets the exploration schedule.
   *
   * @param schedule the schedule
   * @return this builder
   */
  public WorkflowBuilder explorationSchedule(ExplorationSchedule schedule) {
    requireUnset(this.exploration, "explorationSchedule");
    this.exploration = Objects.requireNonNull(schedule, "schedule");
    return this;
  }

  /**
   * Sets the novelty detector.
   *
   * @param detector the detector
   * @return this builder
   */
  public WorkflowBuilder noveltyDetector(NoveltyDetector detector) {
    requireUnset(this.novelty, "noveltyDetector");
    this.novelty = Objects.requireNonNull(detector, "detector");
    return this;
  }

  /**
   * Sets the plan approval thresholds.
   *
   * @param minMean lowest mean score, from 0 to 10
   * @param minEach lowest score of any dimension, from 0 to 10
   * @return this builder
   */
  public WorkflowBuilder reviewThresholds(double minMean, double minEach) {
    requireUnset(this.reviewThresholds, "reviewThresholds");
    if (!(minMean >= 0 && minMean <= 10) || !(minEach >= 0 && minEach <= 10)) {
      throw new IllegalArgumentException(
          "reviewThresholds must be between 0 and 10, were " + minMean + " and " + minEach);
    }
    this.reviewThresholds = new double[] {minMean, minEach};
    return this;
  }

  /**
   * Sets how a task the sandbox failed is retried.
   *
   * @param maxAttempts attempts in total, 1 or more
   * @param initialBackoff the wait after the first failure; it doubles, up to a minute
   * @return this builder
   */
  public WorkflowBuilder retries(int maxAttempts, Duration initialBackoff) {
    requireUnset(this.retry, "retries");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be 1 or more, was " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    if (initialBackoff.isNegative()) {
      throw new IllegalArgumentException(
          "initialBackoff cannot be negative, was " + initialBackoff);
    }
    Duration max = Duration.ofMinutes(1);
    this.retry =
        new RetryPolicy(
            maxAttempts, initialBackoff, initialBackoff.compareTo(max) > 0 ? initialBackoff : max);
    return this;
  }

  /**
   * Sets the registry the engine's meters go to: runs, cycles, tasks, findings, cells, task and
   * cycle duration histograms, workflows and tasks in progress, last progress, budget used (named
   * {@code kosmos.*}, listed with their tags in {@code docs/operations/metrics.md}). An executor
   * that is a Micrometer {@code MeterBinder} (the Docker sandbox) is bound to it too; model meters
   * come from {@link io.kosmos.core.llm.LanguageModels#metered}. Default: a private registry.
   *
   * @param registry the registry
   * @return this builder
   */
  public WorkflowBuilder meterRegistry(MeterRegistry registry) {
    requireUnset(this.meterRegistry, "meterRegistry");
    this.meterRegistry = Objects.requireNonNull(registry, "registry");
    return this;
  }

  /**
   * Sets the clock timestamps and the run-time limit are read from; for tests.
   *
   * @param clock the clock
   * @return this builder
   */
  public WorkflowBuilder clock(Clock clock) {
    requireUnset(this.clock, "clock");
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Checks the options, hashes the datasets, opens the artifacts directory and returns the
   * workflow. A directory that already holds this run is loaded, and {@link ResearchWorkflow#run}
   * resumes it.
   *
   * @return the workflow
   * @throws InvalidInputException if the objective is missing, or a dataset is missing, unreadable,
   *     empty, or named like another
   * @throws IllegalStateException if datasets are given without an executor
   * @throws io.kosmos.api.ArtifactException if the artifacts directory belongs to another run, is
   *     not a run directory, or holds a corrupt file (named in the message)
   */
  public ResearchWorkflow build() {
    if (objective == null) {
      throw new InvalidInputException(
          "no research objective: call objective(...) with what the run should find out");
    }
    Agents team = agents != null ? agents : io.kosmos.core.team.offline.OfflineScientist.agents();
    List<Dataset> datasets = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < datasetPaths.size(); i++) {
      Dataset d = DatasetScanner.scan(datasetPaths.get(i), dictionaries.get(i));
      if (!names.add(d.name())) {
        throw new InvalidInputException(
            "two datasets are named "
                + d.name()
                + "; analysis code sees each at /data/<name>, so rename one of them");
      }
      datasets.add(d);
    }
    if (!datasets.isEmpty() && executor == null) {
      throw new IllegalStateException(
          "datasets were given but no executor: call executor(...) with the sandbox that runs"
              + " analysis code (for example DockerSandboxExecutor)");
    }
    if (meterRegistry != null && executor instanceof MeterBinder metered) {
      metered.bindTo(meterRegistry); // the sandbox's meters beside the engine's
    }
    Clock c = clock != null ? clock : Clock.systemUTC();
    String runId =
        "run-"
            + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(c.instant())
            + "-"
            + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    Path dir = artifactsDir != null ? artifactsDir : Path.of("kosmos-runs", runId);
    double[] thresholds =
        reviewThresholds != null
            ? reviewThresholds
            : new double[] {PlanReview.DEFAULT_MIN_MEAN, PlanReview.DEFAULT_MIN_EACH};
    TaskEnvironment tasks =
        new TaskEnvironment(
            objective,
            datasets,
            new Layout(dir),
            executor,
            team,
            sources,
            skillLoader != null ? skillLoader : FileSkillLoader.classpath(),
            skillsPerTask != null ? skillsPerTask : 3,
            cellTimeout != null ? cellTimeout : Duration.ofMinutes(10),
            taskTimeout != null ? taskTimeout : Duration.ofMinutes(30),
            retry != null
                ? retry
                : new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofMinutes(1)),
            c);
    PlanningPolicy planning =
        new PlanningPolicy(
            exploration != null ? exploration : ExplorationSchedule.standard(),
            novelty != null ? novelty : NoveltyDetectors.textSimilarity(0.8),
            thresholds[0],
            thresholds[1]);
    EngineConfig config =
        new EngineConfig(
            runId,
            tasks,
            planning,
            maxConcurrentTasks != null ? maxConcurrentTasks : 4,
            maxRunTime,
            budget,
            listeners,
            meterRegistry != null ? meterRegistry : new SimpleMeterRegistry());
    return new ResearchEngine(config);
  }

  private static void requireUnset(Object value, String option) {
    if (value != null) {
      throw new IllegalStateException(option + " was already set; set each option once");
    }
  }

  private static Duration positive(Duration d, String option) {
    Objects.requireNonNull(d, option);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(option + " must be positive, was " + d);
    }
    return d;
  }

  @Override
  public String toString() {
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("objective", objective);
    set.put("datasets", datasetPaths);
    set.put("artifactsDir", artifactsDir);
    return "WorkflowBuilder" + set;
  }
}
