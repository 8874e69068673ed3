package io.kosmos.core.internal.workflow;

import io.kosmos.api.ArtifactException;
import io.kosmos.api.BudgetExceededException;
import io.kosmos.api.ExecutorInfo;
import io.kosmos.api.Finding;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.PlanningContext;
import io.kosmos.api.ReportContext;
import io.kosmos.api.ReportStatement;
import io.kosmos.api.ResearchEvent;
import io.kosmos.api.ResearchListener;
import io.kosmos.api.ResearchReport;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.Skill;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.api.TokenUsage;
import io.kosmos.api.ValidationContext;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.artifacts.AtomicFiles;
import io.kosmos.core.internal.artifacts.CompressionRecord;
import io.kosmos.core.internal.artifacts.Hashing;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.artifacts.PlanRecord;
import io.kosmos.core.internal.artifacts.ReassessmentRecord;
import io.kosmos.core.internal.artifacts.RunRecord;
import io.kosmos.core.internal.artifacts.TaskRecord;
import io.kosmos.core.internal.compression.Compressor;
import io.kosmos.core.internal.orchestration.CyclePlanning;
import io.kosmos.core.internal.orchestration.StopSignal;
import io.kosmos.core.internal.orchestration.TaskExecution;
import io.kosmos.core.internal.orchestration.TaskScheduler;
import io.kosmos.core.internal.report.HtmlRenderer;
import io.kosmos.core.internal.report.MarkdownRenderer;
import io.kosmos.core.internal.report.ReportAssembler;
import io.kosmos.core.internal.report.ReportModel;
import io.kosmos.core.internal.world.WorldFiles;
import io.kosmos.core.internal.world.WorldState;
import io.kosmos.core.llm.Budget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The research workflow: runs cycles of plan, review, novelty check, parallel tasks, world model
 * update, reassessment and compression, then writes the report. Built by {@code Kosmos.workflow()}.
 *
 * <p>Everything it knows is on disk. Each call of {@link #run} rebuilds the state from the
 * artifacts directory ({@link RunLoader}), so a run that stopped for any reason, a {@code kill -9}
 * included, continues where its committed artifacts end. The invariants that make this safe:
 *
 * <ol>
 *   <li>a cycle's plan is committed ({@code plan.json}) before its first task starts, so a resumed
 *       cycle runs the same tasks;
 *   <li>a task is done when its {@code result.json} exists, written last and atomically; a task
 *       without one runs again from scratch;
 *   <li>findings enter the world model only from committed results, applied in plan order at the
 *       end of the cycle, with ids derived from cycle, task and position, so applying a result
 *       twice changes nothing and a replay gives the same world model, classifications included;
 *   <li>the end of a cycle (reassessment, summary, compression, world snapshot) is written before
 *       {@code run.json} counts the cycle as completed, and is redone identically if the process
 *       died in between (a reassessment already saved is replayed, not asked for again).
 * </ol>
 */
public final class ResearchEngine implements ResearchWorkflow {

  private static final Logger LOG = LoggerFactory.getLogger(ResearchEngine.class);

  private final EngineConfig config;
  private final Layout layout;
  private final EventBus events = new EventBus();
  private final EngineMetrics metrics;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicBoolean running = new AtomicBoolean();
  private final CyclePlanning planning;
  private final TaskScheduler scheduler;
  private final String runId;
  private volatile WorldState world;
  private volatile StopSignal stop;
  private volatile boolean closed;

  /**
   * Creates the workflow and loads what its artifacts directory holds.
   *
   * @param config the checked configuration
   * @throws io.kosmos.api.ArtifactException if the directory cannot be used
   */
  public ResearchEngine(EngineConfig config) {
    this.config = config;
    this.layout = config.layout();
    config.listeners().forEach(events::add);
    this.metrics = new EngineMetrics(config.meterRegistry());
    RunLoader.Loaded loaded = RunLoader.load(layout, config.objective(), config.datasets());
    this.runId = loaded.run() == null ? config.runId() : loaded.run().runId();
    this.world = withPartial(loaded);
    this.planning =
        new CyclePlanning(
            config.agents().planCreator(),
            config.agents().planReviewer(),
            config.novelty(),
            config.reviewMinMean(),
            config.reviewMinEach());
    TaskExecution execution =
        new TaskExecution(
            new TaskExecution.Environment(
                runId,
                config.objective(),
                config.datasets(),
                layout,
                config.executor(),
                config.agents(),
                config.sources(),
                config.skills(),
                config.skillsPerTask(),
                config.cellTimeout(),
                config.taskTimeout(),
                config.retry(),
                config.clock(),
                threads));
    this.scheduler =
        new TaskScheduler(execution, threads, config.maxConcurrentTasks(), config.clock());
  }

  @Override
  public ResearchResult run(int cycles, int tasksPerCycle) {
    if (cycles < 1) {
      throw new InvalidInputException("cycles must be 1 or more, was " + cycles);
    }
    if (tasksPerCycle < 1) {
      throw new InvalidInputException("tasksPerCycle must be 1 or more, was " + tasksPerCycle);
    }
    if (closed) {
      throw new IllegalStateException("this workflow is closed; build a new one to resume the run");
    }
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("this workflow is already running");
    }
    try {
      return new Session(cycles, tasksPerCycle).run();
    } finally {
      stop = null;
      running.set(false);
    }
  }

  @Override
  public ResearchReport report() {
    if (running.get()) {
      throw new IllegalStateException("the run is in progress; its report is written when it ends");
    }
    RunLoader.Loaded loaded = RunLoader.load(layout, config.objective(), config.datasets());
    if (loaded.run() == null) {
      throw new ArtifactException(
          "there is no run in " + layout.root() + " yet: call run() before report()");
    }
    WorldState w = withPartial(loaded);
    List<PlanRecord> plans = new ArrayList<>(loaded.plans());
    if (loaded.partial() != null) {
      plans.add(loaded.partial().plan());
    }
    ReportAssembler.Synthesis synthesis = cachedSynthesis(loaded.run(), w);
    if (synthesis == null) {
      synthesis = synthesize(w, loaded.summaries(), loaded.run(), null);
    }
    return writeReport(
        loaded.run(), w, plans, loaded.allRecords(), loaded.compressions(), synthesis);
  }

  @Override
  public WorldModel world() {
    return world;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public Path artifactsDir() {
    return layout.root();
  }

  @Override
  public void addListener(ResearchListener listener) {
    events.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void cancel() {
    StopSignal s = stop;
    if (s != null) {
      s.request(RunStatus.CANCELLED, "cancelled by the application", false);
    }
  }

  @Override
  public void close() {
    closed = true;
    StopSignal s = stop;
    if (s != null) {
      s.request(RunStatus.CANCELLED, "the workflow was closed", true);
    }
    threads.shutdownNow();
  }

  // ---- one call of run() ---------------------------------------------------------------------

  /** The state of one call of {@link #run}. */
  private final class Session {
    final int cycles;
    final int tasksPerCycle;
    final StopSignal signal = new StopSignal();
    final long startNanos = System.nanoTime();
    final Instant startedAt = config.clock().instant();
    final Instant deadline;
    final TokenUsage meterUsageAtStart;
    final double meterCostAtStart;
    RunRecord run;
    WorldState w;
    final List<PlanRecord> plans = new ArrayList<>();
    final List<TaskRecord> records = new ArrayList<>();
    final List<String> summaries = new ArrayList<>();
    final List<CompressionRecord> compressions = new ArrayList<>();
    Duration priorElapsed;
    TokenUsage priorUsage;
    double priorCost;
    SandboxUnavailableException sandboxFailure;
    CompletableFuture<Void> pendingSnapshot = CompletableFuture.completedFuture(null);
    CompletableFuture<Void> cycleCommit = CompletableFuture.completedFuture(null);

    Session(int cycles, int tasksPerCycle) {
      this.cycles = cycles;
      this.tasksPerCycle = tasksPerCycle;
      this.deadline = config.maxRunTime() == null ? null : startedAt.plus(config.maxRunTime());
      Budget.Totals atStart =
          config.budget() == null ? Budget.Totals.ZERO : config.budget().snapshot().total();
      this.meterUsageAtStart = new TokenUsage(atStart.inputTokens(), atStart.outputTokens());
      this.meterCostAtStart = atStart.costUsd();
    }

    ResearchResult run() {
      RunLoader.Loaded loaded = RunLoader.load(layout, config.objective(), config.datasets());
      // the run is ours: remove what a killed process left half-written
      AtomicFiles.deleteTemporaries(layout.root());
      stop = signal;
      w = loaded.world();
      world = w;
      plans.addAll(loaded.plans());
      loaded.records().forEach(records::addAll);
      summaries.addAll(loaded.summaries());
      compressions.addAll(loaded.compressions());
      boolean resumed = loaded.run() != null;
      int firstCycle = loaded.cyclesCompleted() + 1;
      RunRecord base = loaded.run() != null ? loaded.run() : newRunRecord();
      if (loaded.rolledBack()) {
        LOG.warn(
            "results of cycle {} are missing: run {} goes back to it and redoes the cycles after",
            firstCycle,
            runId);
        base =
            base.withProgress(
                loaded.cyclesCompleted(),
                base.elapsed(),
                base.usage(),
                base.costUsd(),
                config.clock().instant());
      }
      priorElapsed = base.elapsed();
      priorUsage = base.usage();
      priorCost = base.costUsd();
      run =
          base.withSession(
              configuration(),
              config.agents().description(),
              executorInfo(),
              versions(),
              new RunRecord.Session(startedAt, null, firstCycle, RunStatus.RUNNING));
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
      events.emit(new ResearchEvent.RunStarted(runId, config.objective(), resumed, firstCycle));

      RunLoader.Partial partial = loaded.partial();
      List<TaskRecord> unfinished = List.of();
      for (int cycle = firstCycle; cycle <= cycles; cycle++) {
        checkLimits();
        if (signal.stopping()) {
          break;
        }
        long cycleStart = System.nanoTime();
        events.emit(new ResearchEvent.CycleStarted(cycle));
        PlanRecord plan;
        Map<String, TaskRecord> committed;
        if (partial != null && partial.plan().cycle() == cycle) {
          plan = partial.plan();
          committed = partial.committed();
        } else {
          plan = plan(cycle);
          if (plan == null) {
            break;
          }
          committed = Map.of();
        }
        partial = null;
        events.emit(
            new ResearchEvent.PlanReady(cycle, plan.plan(), plan.finalReview(), plan.approved()));
        List<TaskScheduler.Outcome> outcomes =
            scheduler.run(
                cycle,
                plan.plan().tasks(),
                committed,
                w,
                signal,
                deadline,
                timeLimitReason(),
                this::budgetSpent,
                new TaskScheduler.Observer() {
                  @Override
                  public void started(int c, Task task) {
                    events.emit(new ResearchEvent.TaskStarted(c, task));
                  }

                  @Override
                  public void finished(int c, TaskRecord r) {
                    metrics.taskFinished(r);
                    events.emit(
                        new ResearchEvent.TaskFinished(
                            c,
                            r.task(),
                            r.succeeded(),
                            r.findings().size(),
                            r.elapsed(),
                            r.failure()));
                  }
                });
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
          unfinished = cycleRecords;
          break;
        }
        SandboxUnavailableException down = sandboxDown(cycleRecords);
        if (down != null) {
          sandboxFailure = down;
          signal.request(RunStatus.FAILED, down.getMessage(), false);
          plans.add(plan);
          unfinished = cycleRecords;
          break;
        }
        finishCycle(cycle, plan, cycleRecords, cycleStart);
      }
      return end(unfinished);
    }

    private PlanRecord plan(int cycle) {
      PlanningContext context =
          new PlanningContext(
              config.objective(),
              cycle,
              cycles,
              tasksPerCycle,
              config.exploration().share(cycle),
              config.datasets(),
              w,
              summaries,
              !config.sources().isEmpty());
      PlanRecord plan;
      try {
        plan = planning.plan(context, config.clock().instant());
      } catch (BudgetExceededException e) {
        signal.request(
            RunStatus.BUDGET_SPENT,
            "the budget was spent while planning cycle " + cycle + ": " + e.getMessage(),
            false);
        return null;
      } catch (ModelAuthenticationException e) {
        signal.fail(e, TaskScheduler.credentialsRejected(e));
        return null;
      } catch (RuntimeException e) {
        LOG.error("planning cycle {} failed", cycle, e);
        signal.request(
            RunStatus.FAILED, "planning cycle " + cycle + " failed: " + describe(e), false);
        return null;
      }
      if (plan.plan().tasks().isEmpty()) {
        // Nothing left to do, even after review and revision: the run ends here, complete,
        // rather than running (and reporting) empty cycles. No plan is saved for this cycle, so
        // a resumed run plans it afresh.
        signal.request(
            RunStatus.COMPLETED,
            "nothing left to investigate after "
                + (cycle - 1)
                + " of "
                + cycles
                + " cycle(s): the plan for cycle "
                + cycle
                + " has no tasks",
            false);
        return null;
      }
      // a plan is committed only once run.json counts the cycle before it
      awaitCycleCommit();
      Json.write(layout.planJson(cycle), plan);
      return plan;
    }

    private void finishCycle(
        int cycle, PlanRecord plan, List<TaskRecord> cycleRecords, long cycleStart) {
      for (TaskRecord r : cycleRecords) {
        for (Finding f : w.apply(r)) {
          metrics.findingAdded(f);
          events.emit(new ResearchEvent.FindingAdded(f));
        }
      }
      ReassessmentRecord fresh = reassess(cycle);
      String summary = Compressor.cycleSummary(cycle, cycleRecords, w);
      CompressionRecord compression = Compressor.measure(cycle, cycleRecords, summary);
      // The snapshot is for people and tools (the engine rebuilds the world from the results), so
      // it is written off the critical path; its content is taken now.
      WorldFiles.Snapshot snapshot = WorldFiles.capture(w, cycle);
      pendingSnapshot =
          pendingSnapshot.thenRunAsync(
              () -> WorldFiles.write(layout.worldDir(), snapshot), threads);
      plans.add(plan);
      records.addAll(cycleRecords);
      summaries.add(summary);
      compressions.add(compression);
      run = run.withProgress(cycle, elapsed(), usage(), cost(), config.clock().instant());
      RunRecord progress = run;
      // The cycle's files are made durable, then run.json counts the cycle, while the next cycle
      // is planned; the next plan is committed only after (see plan()). The summary, compression
      // and reassessment are written at once, so that their syncs overlap.
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      writes.add(
          CompletableFuture.runAsync(
              () ->
                  AtomicFiles.writeString(
                      layout.summaryMd(cycle), summary, AtomicFiles.Durability.STAGED),
              threads));
      writes.add(
          CompletableFuture.runAsync(
              () ->
                  Json.write(
                      layout.compressionJson(cycle), compression, AtomicFiles.Durability.STAGED),
              threads));
      if (fresh != null) {
        writes.add(
            CompletableFuture.runAsync(
                () ->
                    Json.write(
                        layout.reassessmentJson(cycle), fresh, AtomicFiles.Durability.STAGED),
                threads));
      }
      cycleCommit =
          CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
              .thenRun(
                  () -> {
                    AtomicFiles.syncDirectory(layout.cycleDir(cycle));
                    Json.write(layout.runJson(), progress);
                  });
      metrics.cycleFinished(Duration.ofNanos(System.nanoTime() - cycleStart), compression.ratio());
      events.emit(new ResearchEvent.CycleFinished(cycle, summary, compression.ratio()));
    }

    /** Waits until the last completed cycle is counted in run.json. */
    private void awaitCycleCommit() {
      try {
        cycleCommit.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw e;
      }
    }

    /**
     * Applies the cycle's reassessment: the saved one on a resumed cycle, else the validator's.
     *
     * @return a new reassessment to save, or {@code null} if it was already saved
     */
    private ReassessmentRecord reassess(int cycle) {
      Path file = layout.reassessmentJson(cycle);
      ReassessmentRecord fresh = null;
      ReassessmentRecord record;
      if (Files.exists(file)) {
        record = Json.read(file, ReassessmentRecord.class);
      } else {
        List<Finding> revised = List.of();
        String error = null;
        try {
          List<Finding> answer =
              config
                  .agents()
                  .validator()
                  .reassess(w.findings(), new ValidationContext(config.objective(), w));
          revised = answer == null ? List.of() : answer;
        } catch (BudgetExceededException e) {
          error = "budget spent: " + e.getMessage();
          signal.request(
              RunStatus.BUDGET_SPENT,
              "the budget was spent while reassessing the findings of cycle "
                  + cycle
                  + ": "
                  + e.getMessage(),
              false);
        } catch (ModelAuthenticationException e) {
          error = TaskScheduler.credentialsRejected(e);
          signal.fail(e, error);
        } catch (RuntimeException e) {
          LOG.warn("reassessment of cycle {} failed; findings kept as they were", cycle, e);
          error = describe(e);
        }
        record = new ReassessmentRecord(Json.FORMAT_VERSION, cycle, revised, error);
        fresh = record;
      }
      for (Finding f : record.revised()) {
        if (!w.revise(f)) {
          LOG.warn("reassessment of cycle {} revised unknown finding {}; ignored", cycle, f.id());
        }
      }
      return fresh;
    }

    private ResearchResult end(List<TaskRecord> unfinished) {
      awaitCycleCommit();
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
      awaitSnapshot();
      ReportAssembler.Synthesis synthesis = null;
      RunRecord ending = run.withStatus(status, reason, config.clock().instant());
      synthesis = synthesize(w, summaries, ending, signal);
      if (status == RunStatus.COMPLETED
          && (signal.status() == RunStatus.BUDGET_SPENT || signal.status() == RunStatus.FAILED)) {
        status = signal.status();
        reason = signal.reason();
      }
      Instant now = config.clock().instant();
      run =
          run.withProgress(completed, elapsed(), usage(), cost(), now)
              .withStatus(status, reason, now)
              .withSessionEnded(now, status);
      Json.write(layout.runJson(), run);
      int succeeded = 0;
      int failed = 0;
      for (TaskRecord r : records) {
        if (r.succeeded()) {
          succeeded++;
        } else {
          failed++;
        }
      }
      ResearchResult result =
          new ResearchResult(
              runId,
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
      events.emit(new ResearchEvent.RunFinished(result));
      writeReport(run, w, plans, records, compressions, synthesis);
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
      return result;
    }

    private void awaitSnapshot() {
      // The snapshot is rebuilt from the results whenever the run is opened, so failing to write
      // it is worth a warning, not the run.
      try {
        pendingSnapshot.join();
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        LOG.warn(
            "the world snapshot under {} was not written: {}", layout.worldDir(), e.getCause());
      }
    }

    private void checkLimits() {
      if (deadline != null && !config.clock().instant().isBefore(deadline)) {
        signal.request(RunStatus.TIME_LIMIT, timeLimitReason(), true);
      }
      String spent = budgetSpent();
      if (spent != null) {
        signal.request(RunStatus.BUDGET_SPENT, spent, false);
      }
    }

    private String timeLimitReason() {
      return "the maximum run time of " + config.maxRunTime() + " was reached";
    }

    private String budgetSpent() {
      if (config.budget() == null || !config.budget().isExhausted()) {
        return null;
      }
      return "the language model budget was spent (" + config.budget() + ")";
    }

    private Duration elapsed() {
      return priorElapsed.plusNanos(System.nanoTime() - startNanos);
    }

    private TokenUsage usage() {
      if (config.budget() == null) {
        return priorUsage;
      }
      Budget.Totals total = config.budget().snapshot().total();
      TokenUsage now = new TokenUsage(total.inputTokens(), total.outputTokens());
      return priorUsage.plus(
          new TokenUsage(
              Math.max(0, now.inputTokens() - meterUsageAtStart.inputTokens()),
              Math.max(0, now.outputTokens() - meterUsageAtStart.outputTokens())));
    }

    private double cost() {
      if (config.budget() == null) {
        return priorCost;
      }
      return priorCost
          + Math.max(0, config.budget().snapshot().total().costUsd() - meterCostAtStart);
    }

    private RunRecord newRunRecord() {
      Instant now = config.clock().instant();
      return new RunRecord(
          Json.FORMAT_VERSION,
          runId,
          config.objective(),
          RunStatus.RUNNING,
          "",
          now,
          now,
          config.agents().description(),
          executorInfo(),
          versions(),
          configuration(),
          config.datasets(),
          0,
          Duration.ZERO,
          TokenUsage.ZERO,
          0,
          List.of());
    }

    private RunRecord.Configuration configuration() {
      List<String> skills;
      try {
        skills =
            config.skills() == null
                ? List.of()
                : config.skills().skills().stream().map(Skill::name).toList();
      } catch (RuntimeException e) {
        skills = List.of("(skills could not be loaded: " + e.getMessage() + ")");
      }
      return new RunRecord.Configuration(
          cycles,
          tasksPerCycle,
          config.maxConcurrentTasks(),
          config.taskTimeout(),
          config.cellTimeout(),
          config.maxRunTime(),
          config.budget() == null || config.budget().maxUsd().isEmpty()
              ? null
              : config.budget().maxUsd().getAsDouble(),
          config.budget() == null || config.budget().maxTokens().isEmpty()
              ? null
              : config.budget().maxTokens().getAsLong(),
          config.reviewMinMean(),
          config.reviewMinEach(),
          config.novelty().toString(),
          config.sources().stream().map(s -> s.name()).toList(),
          skills);
    }
  }

  // ---- shared helpers ------------------------------------------------------------------------

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

  private ExecutorInfo executorInfo() {
    if (config.executor() == null) {
      return null;
    }
    try {
      return config.executor().info();
    } catch (RuntimeException e) {
      return new ExecutorInfo("unknown", "info() failed: " + e.getMessage(), Map.of());
    }
  }

  private static Map<String, String> versions() {
    Map<String, String> v = new LinkedHashMap<>();
    String kosmos = ResearchEngine.class.getPackage().getImplementationVersion();
    v.put("kosmos", kosmos == null ? "development" : kosmos);
    v.put("java", System.getProperty("java.version", "?"));
    v.put("os", System.getProperty("os.name", "?") + " " + System.getProperty("os.arch", "?"));
    return v;
  }

  private static WorldState withPartial(RunLoader.Loaded loaded) {
    WorldState w = loaded.world();
    if (loaded.partial() != null) {
      for (Task t : loaded.partial().plan().plan().tasks()) {
        TaskRecord r = loaded.partial().committed().get(t.id());
        if (r != null) {
          w.apply(r);
        }
      }
    }
    return w;
  }

  private ReportAssembler.Synthesis synthesize(
      WorldState w, List<String> summaries, RunRecord run, StopSignal signal) {
    if (signal != null && signal.fatal() instanceof ModelAuthenticationException) {
      return new ReportAssembler.Synthesis(
          List.of(), "the language model rejected its credentials, so it was not written");
    }
    try {
      List<ReportStatement> statements =
          config
              .agents()
              .reportWriter()
              .synthesize(new ReportContext(config.objective(), w, summaries));
      ReportAssembler.Synthesis s =
          new ReportAssembler.Synthesis(statements == null ? List.of() : statements, null);
      saveSynthesis(run, w, s);
      return s;
    } catch (BudgetExceededException e) {
      if (signal != null) {
        signal.request(
            RunStatus.BUDGET_SPENT,
            "the budget was spent while writing the report synthesis: " + e.getMessage(),
            false);
      }
      return new ReportAssembler.Synthesis(
          List.of(), "the budget was spent before it could be written (" + e.getMessage() + ")");
    } catch (ModelAuthenticationException e) {
      if (signal != null) {
        signal.fail(e, TaskScheduler.credentialsRejected(e));
      }
      return new ReportAssembler.Synthesis(
          List.of(), "the language model rejected its credentials: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("the report writer failed; the report has no synthesis", e);
      return new ReportAssembler.Synthesis(List.of(), "the report writer failed: " + describe(e));
    }
  }

  /** {@code report/synthesis.json}: the last synthesis, reused while the findings are the same. */
  record SynthesisFile(int formatVersion, String fingerprint, List<ReportStatement> statements) {}

  private void saveSynthesis(RunRecord run, WorldState w, ReportAssembler.Synthesis s) {
    Json.write(
        layout.reportDir().resolve("synthesis.json"),
        new SynthesisFile(Json.FORMAT_VERSION, fingerprint(w), s.statements()),
        AtomicFiles.Durability.REBUILDABLE);
  }

  private ReportAssembler.Synthesis cachedSynthesis(RunRecord run, WorldState w) {
    Path file = layout.reportDir().resolve("synthesis.json");
    if (!Files.exists(file)) {
      return null;
    }
    SynthesisFile saved;
    try {
      saved = Json.read(file, SynthesisFile.class);
    } catch (ArtifactException e) {
      LOG.warn("ignoring the cached synthesis: {}", e.getMessage());
      return null;
    }
    if (!fingerprint(w).equals(saved.fingerprint()) || saved.statements() == null) {
      return null;
    }
    return new ReportAssembler.Synthesis(saved.statements(), null);
  }

  private static String fingerprint(WorldState w) {
    StringBuilder sb = new StringBuilder();
    for (Finding f : w.findings()) {
      sb.append(f.id()).append(f.isValidated() ? '+' : '-').append('\n');
    }
    return Hashing.sha256(sb.toString());
  }

  private ResearchReport writeReport(
      RunRecord run,
      WorldState w,
      List<PlanRecord> plans,
      List<TaskRecord> records,
      List<CompressionRecord> compressions,
      ReportAssembler.Synthesis synthesis) {
    ReportModel model =
        ReportAssembler.assemble(
            new ReportAssembler.Inputs(run, w, plans, records, compressions, synthesis, layout));
    String markdown = MarkdownRenderer.render(model, w);
    String html = HtmlRenderer.render(model, w, layout);
    String json = Json.text(model);
    Path dir = layout.reportDir();
    AtomicFiles.writeString(dir.resolve("report.md"), markdown, AtomicFiles.Durability.REBUILDABLE);
    AtomicFiles.writeString(dir.resolve("report.html"), html, AtomicFiles.Durability.REBUILDABLE);
    AtomicFiles.writeString(dir.resolve("report.json"), json, AtomicFiles.Durability.REBUILDABLE);
    events.emit(new ResearchEvent.ReportWritten(dir));
    return new ResearchReport(markdown, html, json, dir);
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null
        ? e.toString()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
