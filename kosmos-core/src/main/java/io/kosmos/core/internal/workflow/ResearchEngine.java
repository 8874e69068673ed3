package io.kosmos.core.internal.workflow;

import io.kosmos.api.ArtifactException;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.ResearchListener;
import io.kosmos.api.ResearchReport;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.api.Verification;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.artifacts.PlanRecord;
import io.kosmos.core.internal.orchestration.CyclePlanning;
import io.kosmos.core.internal.orchestration.LogContext;
import io.kosmos.core.internal.orchestration.StopSignal;
import io.kosmos.core.internal.orchestration.TaskEnvironment;
import io.kosmos.core.internal.orchestration.TaskExecution;
import io.kosmos.core.internal.orchestration.TaskScheduler;
import io.kosmos.core.internal.report.ReportAssembler;
import io.kosmos.core.internal.report.ReportModel;
import io.kosmos.core.internal.report.VerificationRecord;
import io.kosmos.core.internal.verify.RunVerifier;
import io.kosmos.core.internal.world.WorldState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

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
 *
 * <p>This class holds what lives as long as the workflow (the configuration, the listeners, the
 * threads, the planning and scheduling steps); each call of {@link #run} is a {@link RunSession},
 * and {@link RunReporter} writes the report, at the end of a run and on {@link #report()}.
 */
public final class ResearchEngine implements ResearchWorkflow {

  final EngineConfig config;
  final EventBus events = new EventBus();
  final EngineMetrics metrics;
  final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  final CyclePlanning planning;
  final TaskScheduler scheduler;
  final RunReporter reporter;
  private final Layout layout;
  private final AtomicBoolean running = new AtomicBoolean();
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
    this.world = loaded.worldWithPartial();
    this.planning =
        new CyclePlanning(
            config.agents().planCreator(), config.agents().planReviewer(), config.planning());
    this.scheduler =
        new TaskScheduler(
            new TaskExecution(runId, config.tasks(), threads).events(events::emit),
            threads,
            config.maxConcurrentTasks());
    this.reporter =
        new RunReporter(layout, config.agents().reportWriter(), config.objective(), events);
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
    metrics.runStarted(config.budget());
    RunStatus ended = RunStatus.FAILED;
    // every log line of the run, in this thread and the tasks' threads, names the run
    LogContext.put(LogContext.RUN_ID, runId);
    try {
      ResearchResult result = new RunSession(this, cycles, tasksPerCycle).run();
      ended = result.status();
      return result;
    } finally {
      metrics.runEnded(ended, config.budget());
      LogContext.remove(LogContext.RUN_ID);
      LogContext.remove(LogContext.CYCLE);
      stop = null;
      running.set(false);
    }
  }

  /** Called by a session once it has loaded the run: cancel and world() now reach it. */
  void sessionStarted(RunSession session, WorldState loaded) {
    stop = session.signal();
    world = loaded;
  }

  @Override
  public ResearchReport report() {
    return reporter.write(reportInputs());
  }

  /** What the report is made from, loaded from the artifacts directory. */
  private ReportAssembler.Inputs reportInputs() {
    if (running.get()) {
      throw new IllegalStateException("the run is in progress; its report is written when it ends");
    }
    RunLoader.Loaded loaded = RunLoader.load(layout, config.objective(), config.datasets());
    if (loaded.run() == null) {
      throw new ArtifactException(
          "there is no run in " + layout.root() + " yet: call run() before report()");
    }
    WorldState w = loaded.worldWithPartial();
    List<PlanRecord> plans = new ArrayList<>(loaded.plans());
    if (loaded.partial() != null) {
      plans.add(loaded.partial().plan());
    }
    ReportAssembler.Synthesis synthesis = reporter.cached(w);
    if (synthesis == null) {
      synthesis = reporter.synthesize(w, loaded.summaries(), null);
    }
    return new ReportAssembler.Inputs(
        loaded.run(), w, plans, loaded.allRecords(), loaded.compressions(), synthesis, layout);
  }

  /**
   * Re-executes the cited cells with this workflow's executor, saves the result beside the report
   * and rebuilds the report so that it shows it. The executor is the one the workflow was built
   * with: {@code kosmos verify} chooses it in one place ({@code VerifyCommand}).
   */
  @Override
  public Verification verify() {
    ReportAssembler.Inputs in = reportInputs();
    ReportModel model = ReportAssembler.assemble(in);
    TaskEnvironment env = config.tasks();
    Verification v =
        new RunVerifier(
                layout,
                env.executor(),
                runId,
                env.datasets(),
                env.cellTimeout(),
                config.maxConcurrentTasks(),
                env.clock())
            .verify(model, in.world());
    VerificationRecord.write(
        layout, VerificationRecord.fingerprint(ReportAssembler.sections(model)), v);
    reporter.write(in);
    return v;
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
    events.add(Objects.requireNonNull(listener, "listener"));
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

  /**
   * A failure in a sentence for a stop reason or a report note.
   *
   * @param e the failure
   * @return its class and message, or what it says of itself without a message
   */
  static String describe(Throwable e) {
    return e.getMessage() == null
        ? e.toString()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
