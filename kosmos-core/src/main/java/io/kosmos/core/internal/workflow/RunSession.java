package io.kosmos.core.internal.workflow;

import io.kosmos.api.BudgetExceededException;
import io.kosmos.api.Finding;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.ModelException;
import io.kosmos.api.ModelResponseException;
import io.kosmos.api.PlanningContext;
import io.kosmos.api.ResearchEvent;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.RunStatus;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.TaskKind;
import io.kosmos.core.internal.artifacts.AtomicFiles;
import io.kosmos.core.internal.artifacts.CompressionRecord;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.artifacts.PlanRecord;
import io.kosmos.core.internal.artifacts.ReassessmentRecord;
import io.kosmos.core.internal.artifacts.RunRecord;
import io.kosmos.core.internal.artifacts.TaskRecord;
import io.kosmos.core.internal.compression.Compressor;
import io.kosmos.core.internal.orchestration.Debug;
import io.kosmos.core.internal.orchestration.LogContext;
import io.kosmos.core.internal.orchestration.PlanStructure;
import io.kosmos.core.internal.orchestration.StopConditions;
import io.kosmos.core.internal.orchestration.StopSignal;
import io.kosmos.core.internal.orchestration.TaskScheduler;
import io.kosmos.core.internal.report.ReportAssembler;
import io.kosmos.core.internal.world.WorldFiles;
import io.kosmos.core.internal.world.WorldState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of {@link ResearchEngine#run}. It loads the run from disk and records the session in
 * {@code run.json}, then runs cycles until the cycles asked for are done or something stops the run
 * ({@link StopConditions}), then ends the run: {@code run.json}, the result, the report.
 *
 * <p>A cycle is: its plan ({@link io.kosmos.core.internal.orchestration.CyclePlanning}), committed
 * before any task starts; its tasks ({@link TaskScheduler}); then, only if every task committed,
 * its end: results applied to the world model in plan order, the {@link CycleReassessment}, the
 * summary and compression, committed in the background by {@link CycleCommits}. A cycle cut short
 * keeps the results it committed for the result and the report, and a resumed run finishes it.
 */
final class RunSession {

  private static final Logger LOG = LoggerFactory.getLogger(RunSession.class);

  private final ResearchEngine engine;
  private final EngineConfig config;
  private final Layout layout;
  private final EventBus events;
  private final int cycles;
  private final int tasksPerCycle;
  private final Instant startedAt;
  private final StopConditions stop;
  private final StopSignal signal;
  private final RunTotals totals;
  private final CycleCommits commits;
  private final CycleReassessment reassessment;
  private final TaskScheduler.Observer observer;
  private final List<PlanRecord> plans = new ArrayList<>();
  private final List<TaskRecord> records = new ArrayList<>();
  private final List<String> summaries = new ArrayList<>();
  private final List<CompressionRecord> compressions = new ArrayList<>();
  private RunRecord run;
  private WorldState w;
  private SandboxUnavailableException sandboxFailure;

  RunSession(ResearchEngine engine, int cycles, int tasksPerCycle) {
    this.engine = engine;
    this.config = engine.config;
    this.layout = config.layout();
    this.events = engine.events;
    this.cycles = cycles;
    this.tasksPerCycle = tasksPerCycle;
    this.totals = new RunTotals(config.budget());
    this.startedAt = config.clock().instant();
    this.stop =
        StopConditions.start(startedAt, config.maxRunTime(), config.budget(), config.clock());
    this.signal = stop.signal();
    this.commits = new CycleCommits(layout, engine.threads);
    this.reassessment =
        new CycleReassessment(layout, config.agents().validator(), config.objective());
    this.observer = new TaskEvents(engine.metrics, events);
  }

  /**
   * The session's stop signal, for cancel and close.
   *
   * @return the signal
   */
  StopSignal signal() {
    return signal;
  }

  /**
   * Runs the session.
   *
   * @return the result
   */
  ResearchResult run() {
    RunLoader.Loaded loaded = RunLoader.load(layout, config.objective(), config.datasets());
    // the run is ours: remove what a killed process left half-written
    AtomicFiles.deleteTemporaries(layout.root());
    w = loaded.world();
    engine.sessionStarted(this, w);
    plans.addAll(loaded.plans());
    loaded.records().forEach(records::addAll);
    summaries.addAll(loaded.summaries());
    compressions.addAll(loaded.compressions());
    int firstCycle = start(loaded);
    totals.start(layout, config.clock());
    try {
      List<TaskRecord> unfinished = runCycles(firstCycle, loaded.partial());
      return end(unfinished);
    } finally {
      totals.stop();
    }
  }

  /** Records the session in run.json, drops stale cycles and announces the run. */
  private int start(RunLoader.Loaded loaded) {
    boolean resumed = loaded.run() != null;
    int firstCycle = loaded.cyclesCompleted() + 1;
    RunRecord base =
        resumed ? loaded.run() : RunSetup.newRecord(config, engine.runId(), cycles, tasksPerCycle);
    if (loaded.rolledBack()) {
      LOG.warn(
          "results of cycle {} are missing: run {} goes back to it and redoes the cycles after",
          firstCycle,
          engine.runId());
      base =
          base.withProgress(
              loaded.cyclesCompleted(),
              base.elapsed(),
              base.usage(),
              base.costUsd(),
              base.cacheSavingUsd(),
              config.clock().instant());
    }
    totals.continueFrom(base, layout);
    run =
        base.withSession(
            RunSetup.configuration(config, cycles, tasksPerCycle),
            config.agents().description(),
            RunSetup.executorInfo(config),
            RunSetup.versions(),
            new RunRecord.Session(startedAt, null, firstCycle, RunStatus.RUNNING));
    run = run.withEnvironment(environment());
    Json.write(layout.runJson(), run);
    if (loaded.rolledBack()) {
      // run.json no longer counts them, so the later cycles' folders are stale
      for (int c = firstCycle + 1; c <= loaded.run().cyclesCompleted(); c++) {
        AtomicFiles.deleteTree(layout.cycleDir(c));
      }
    }
    if (!loaded.snapshotCurrent()) {
      WorldFiles.write(layout.worldDir(), w, loaded.cyclesCompleted());
    }
    events.emit(
        new ResearchEvent.RunStarted(engine.runId(), config.objective(), resumed, firstCycle));
    return firstCycle;
  }

  /**
   * Runs cycles from {@code firstCycle} until the last one asked for or a stop.
   *
   * @return the results committed in a cycle cut short (empty if none was)
   */
  private List<TaskRecord> runCycles(int firstCycle, RunLoader.Partial partial) {
    RunLoader.Partial inProgress = partial;
    for (int cycle = firstCycle; cycle <= cycles; cycle++) {
      stop.check();
      if (signal.stopping()) {
        break;
      }
      Optional<List<TaskRecord>> cutShort = runCycle(cycle, inProgress);
      inProgress = null;
      if (cutShort.isPresent()) {
        return cutShort.get();
      }
    }
    return List.of();
  }

  /**
   * Runs one cycle: its plan (the committed one of a cycle in progress), its tasks, its end.
   *
   * @return empty if the cycle completed; else the results it committed before the run stopped
   */
  private Optional<List<TaskRecord>> runCycle(int cycle, RunLoader.Partial inProgress) {
    long cycleStart = System.nanoTime();
    LogContext.put(LogContext.CYCLE, cycle);
    engine.metrics.cycleStarted();
    events.emit(new ResearchEvent.CycleStarted(cycle));
    PlanRecord plan;
    Map<String, TaskRecord> committed;
    if (inProgress != null && inProgress.plan().cycle() == cycle) {
      plan = inProgress.plan();
      committed = inProgress.committed();
    } else {
      plan = plan(cycle);
      if (plan == null) {
        return Optional.of(List.of());
      }
      committed = Map.of();
    }
    events.emit(
        new ResearchEvent.PlanReady(cycle, plan.plan(), plan.finalReview(), plan.approved()));
    List<TaskScheduler.Outcome> outcomes =
        engine.scheduler.run(cycle, plan.plan().tasks(), committed, w, stop, observer);
    List<TaskRecord> cycleRecords = new ArrayList<>();
    boolean complete = true;
    for (TaskScheduler.Outcome o : outcomes) {
      if (o instanceof TaskScheduler.Committed c) {
        cycleRecords.add(c.record());
      } else {
        complete = false;
      }
    }
    if (!complete || signal.hard()) {
      plans.add(plan);
      return Optional.of(cycleRecords);
    }
    SandboxUnavailableException down = sandboxDown(cycleRecords);
    if (down != null) {
      sandboxFailure = down;
      signal.request(RunStatus.FAILED, down.getMessage(), false);
      plans.add(plan);
      return Optional.of(cycleRecords);
    }
    finishCycle(cycle, plan, cycleRecords, cycleStart);
    return Optional.empty();
  }

  /**
   * Plans a cycle and commits the plan.
   *
   * @return the plan, or {@code null} if the run stops instead (the reason is on the signal)
   */
  /** Tries of a planning round whose answer cannot be used (not: no model, no key, no budget). */
  private static final int PLAN_ATTEMPTS = 3;

  private PlanRecord plan(int cycle) {
    PlanningContext context =
        new PlanningContext(
            config.objective(),
            cycle,
            cycles,
            tasksPerCycle,
            config.planning().exploration().share(cycle),
            config.datasets(),
            w,
            summaries,
            !config.tasks().sources().isEmpty(),
            PlanStructure.minDataTasks(!config.datasets().isEmpty(), tasksPerCycle),
            config.planning().reviewMinMean(),
            config.planning().reviewMinEach());
    PlanRecord plan = planOnce(cycle, context);
    if (plan != null && plan.plan().tasks().isEmpty()) {
      // a careless planner answers with no tasks now and then: ask once more before believing it
      LOG.info("the plan for cycle {} has no tasks; asking the planner once more", cycle);
      plan = planOnce(cycle, context);
      if (plan != null && plan.plan().tasks().isEmpty()) {
        endWithEmptyPlan(cycle, plan);
        return null;
      }
    }
    if (plan == null) {
      return null;
    }
    // a plan is committed only once run.json counts the cycle before it
    commits.awaitCommit();
    Json.write(layout.planJson(cycle), plan);
    return plan;
  }

  /** A planning round (tried again on an unusable answer); null if the run stops instead. */
  private PlanRecord planOnce(int cycle, PlanningContext context) {
    for (int attempt = 1; ; attempt++) {
      try {
        return engine.planning.plan(context, config.clock().instant());
      } catch (BudgetExceededException | ModelAuthenticationException e) {
        return planFailed(cycle, e);
      } catch (RuntimeException e) {
        boolean unreachable = e instanceof ModelException && !(e instanceof ModelResponseException);
        if (unreachable || attempt >= PLAN_ATTEMPTS) {
          return planFailed(cycle, e);
        }
        LOG.info("planning cycle {} failed, trying again: {}", cycle, Debug.describe(e));
      }
    }
  }

  private PlanRecord planFailed(int cycle, RuntimeException e) {
    if (e instanceof BudgetExceededException) {
      String why = "the budget was spent while planning cycle " + cycle + ": " + e.getMessage();
      signal.request(RunStatus.BUDGET_SPENT, why, false);
    } else if (e instanceof ModelAuthenticationException auth) {
      signal.fail(auth, TaskScheduler.credentialsRejected(auth));
    } else {
      LOG.error("planning cycle {} failed: {}", cycle, Debug.describe(e), Debug.trace(e));
      String why = "planning cycle " + cycle + " failed: " + ResearchEngine.describe(e);
      signal.request(RunStatus.FAILED, why, false);
    }
    return null;
  }

  /**
   * Ends the run after two plans with no tasks. After cycles that investigated something, that
   * means nothing is left (the offline scientist ends so when its candidates are exhausted). Before
   * any task ran it cannot mean that: the planner failed, and the run fails saying so. No plan is
   * saved for this cycle, so a resumed run plans it afresh.
   */
  private void endWithEmptyPlan(int cycle, PlanRecord plan) {
    String rationale = plan.plan().rationale();
    String because =
        rationale == null || rationale.isBlank() ? "" : " (its rationale: \"" + rationale + "\")";
    if (records.isEmpty() && cycle == 1) {
      signal.request(
          RunStatus.FAILED,
          "the planner proposed no tasks for cycle 1, twice"
              + because
              + ": nothing was investigated. Check the objective and the datasets, or use a"
              + " stronger model",
          false);
      return;
    }
    signal.request(
        RunStatus.COMPLETED,
        "nothing left to investigate after "
            + (cycle - 1)
            + " of "
            + cycles
            + " cycle(s): the plan for cycle "
            + cycle
            + " has no tasks"
            + because,
        false);
  }

  /** Applies the cycle's results, reassesses, summarizes, and commits the cycle's end. */
  private void finishCycle(
      int cycle, PlanRecord plan, List<TaskRecord> cycleRecords, long cycleStart) {
    for (TaskRecord r : cycleRecords) {
      for (Finding f : w.apply(r)) {
        engine.metrics.findingAdded(f);
        events.emit(new ResearchEvent.FindingAdded(f));
      }
    }
    ReassessmentRecord fresh = reassessment.apply(cycle, w, signal);
    String summary = Compressor.cycleSummary(cycle, cycleRecords, w);
    CompressionRecord compression = Compressor.measure(cycle, cycleRecords, summary);
    commits.snapshot(w, cycle);
    plans.add(plan);
    records.addAll(cycleRecords);
    summaries.add(summary);
    compressions.add(compression);
    run = totals.progress(run, cycle, config.clock().instant()).withEnvironment(environment());
    // run.json counts the cycle once its files are durable, while the next cycle is planned; the
    // next plan is committed only after (see plan()).
    commits.commit(cycle, summary, compression, fresh, run);
    engine.metrics.cycleFinished(
        Duration.ofNanos(System.nanoTime() - cycleStart), compression.ratio());
    events.emit(new ResearchEvent.CycleFinished(cycle, summary, compression.ratio()));
  }

  /** Ends the run: final status in run.json, the result, the report; rethrows a fatal failure. */
  private ResearchResult end(List<TaskRecord> unfinished) {
    commits.awaitCommit();
    RunStatus status = signal.status() == null ? RunStatus.COMPLETED : signal.status();
    String reason =
        signal.status() == null ? "all " + cycles + " cycle(s) completed" : signal.reason();
    int completed = run.cyclesCompleted();
    if (status != RunStatus.COMPLETED) {
      reason += " (after " + completed + " completed cycle(s))";
    }
    // The world snapshot on disk holds completed cycles only; results committed in the
    // unfinished cycle join the in-memory world model for the result and the report.
    for (TaskRecord r : unfinished) {
      for (Finding f : w.apply(r)) {
        events.emit(new ResearchEvent.FindingAdded(f));
      }
    }
    records.addAll(unfinished);
    commits.awaitSnapshot();
    ReportAssembler.Synthesis synthesis = engine.reporter.synthesize(w, summaries, signal);
    if (status == RunStatus.COMPLETED
        && (signal.status() == RunStatus.BUDGET_SPENT || signal.status() == RunStatus.FAILED)) {
      status = signal.status();
      reason = signal.reason();
    }
    Instant now = config.clock().instant();
    run =
        totals
            .progress(run, completed, now)
            .withEnvironment(environment())
            .withStatus(status, reason, now)
            .withSessionEnded(now, status);
    Json.write(layout.runJson(), run);
    ResearchResult result = result(status, reason, completed);
    events.emit(new ResearchEvent.RunFinished(result));
    engine.reporter.write(
        new ReportAssembler.Inputs(run, w, plans, records, compressions, synthesis, layout));
    rethrowWhatStoppedTheRun();
    return result;
  }

  /** The run's environment now (an executor may move a run to a larger one as it goes). */
  private RunRecord.Environment environment() {
    return RunSetup.environment(config, layout, engine.runId(), run.environment());
  }

  private ResearchResult result(RunStatus status, String reason, int completed) {
    int succeeded = 0;
    int failed = 0;
    for (TaskRecord r : records) {
      if (r.succeeded()) {
        succeeded++;
      } else {
        failed++;
      }
    }
    return new ResearchResult(
        engine.runId(),
        status,
        reason,
        completed,
        succeeded,
        failed,
        w.findings(),
        layout.root(),
        run.elapsed(),
        run.usage(),
        run.costUsd());
  }

  /** Failures the application must fix are thrown once the report says what happened. */
  private void rethrowWhatStoppedTheRun() {
    if (signal.fatal() instanceof ModelAuthenticationException e) {
      throw new ModelAuthenticationException(
          e.getMessage()
              + " (the run stopped with status FAILED; its report at "
              + layout.reportDir()
              + " says so; fix the key and run again to resume)",
          e);
    }
    if (sandboxFailure != null) {
      throw new SandboxUnavailableException(
          sandboxFailure.getMessage()
              + " (every data-analysis task of the cycle failed in the sandbox; the run stopped"
              + " and its report at "
              + layout.reportDir()
              + " says so; fix the sandbox and run again to resume)",
          sandboxFailure);
    }
  }

  private static SandboxUnavailableException sandboxDown(List<TaskRecord> records) {
    List<TaskRecord> data =
        records.stream().filter(r -> r.task().kind() == TaskKind.DATA_ANALYSIS).toList();
    if (data.isEmpty() || !data.stream().allMatch(r -> !r.succeeded() && r.retryable())) {
      return null;
    }
    return new SandboxUnavailableException(
        "the sandbox was unavailable for every data-analysis task of cycle "
            + data.getFirst().cycle()
            + ": "
            + data.getFirst().failure());
  }
}
