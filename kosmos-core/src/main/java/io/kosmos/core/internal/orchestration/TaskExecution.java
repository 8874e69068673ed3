package io.kosmos.core.internal.orchestration;

import io.kosmos.api.BudgetExceededException;
import io.kosmos.api.Dataset;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.ExecutionTimeoutException;
import io.kosmos.api.Finding;
import io.kosmos.api.LiteratureContext;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.ResearchEvent;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.api.TaskResult;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.artifacts.AtomicFiles;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.TaskFile;
import io.kosmos.core.internal.artifacts.TaskRecord;
import io.kosmos.core.internal.compression.Compressor;
import io.kosmos.core.internal.literature.RunLibrary;
import io.kosmos.core.internal.notebook.NotebookAnalysisContext;
import io.kosmos.core.internal.notebook.TaskNotebook;
import io.kosmos.core.internal.notebook.TaskSkills;
import io.kosmos.core.internal.notebook.TaskStoppedException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one task and commits its outcome. A data-analysis task opens its own {@link
 * ExecutionSession} (the datasets mounted read-only), runs the analyst with a {@link
 * NotebookAnalysisContext} under the task's time limit, saves the notebook, then commits {@code
 * result.json} in one atomic write: that file is what makes the task done. A literature task runs
 * the literature analyst the same way, without a session.
 *
 * <p>Failures of the sandbox that may pass are retried with backoff, from scratch; a task that
 * still fails is committed as failed and marked retryable, so a resumed run tries it again. Any
 * other failure (the analyst threw, the time limit passed) is committed as failed. When the run is
 * stopping hard (time limit, a fatal failure), the task is abandoned without a commit and a resumed
 * run starts it again; so is a task whose language model ran out of budget or rejected its
 * credentials, which is no fault of the task.
 */
public final class TaskExecution {

  private static final Logger LOG = LoggerFactory.getLogger(TaskExecution.class);

  /** Thrown when a task is left without a commit because the run is stopping. */
  public static final class Abandoned extends Exception {
    private static final long serialVersionUID = 1L;

    Abandoned(String message) {
      super(message, null, false, false);
    }
  }

  private final String runId;
  private volatile Consumer<ResearchEvent> events = e -> {};
  private final TaskEnvironment env;
  private final ExecutorService threads;
  private final FindingIntake intake;
  private final List<LiteratureSource> literature;

  /**
   * What every attempt of one task shares.
   *
   * @param cycle the cycle
   * @param task the task
   * @param world the world model as the cycle started
   * @param stop the run's stop signal
   * @param sandboxDone called when the task no longer needs the sandbox
   * @param earlier the findings of the tasks before it in the plan
   */
  private record Scope(
      int cycle,
      Task task,
      WorldModel world,
      StopSignal stop,
      Runnable sandboxDone,
      Supplier<List<Finding>> earlier) {}

  /**
   * Creates the task runner.
   *
   * @param runId the run's id
   * @param env what tasks need
   * @param threads where analysts run (virtual threads)
   */
  /**
   * Sends the cell events of every task to the run's listeners.
   *
   * @param events where they go
   * @return this
   */
  public TaskExecution events(Consumer<ResearchEvent> events) {
    this.events = Objects.requireNonNull(events, "events");
    return this;
  }

  public TaskExecution(String runId, TaskEnvironment env, ExecutorService threads) {
    this.runId = runId;
    this.env = env;
    this.threads = threads;
    this.intake =
        new FindingIntake(env.layout(), env.agents().validator(), env.objective(), env.datasets());
    this.literature = RunLibrary.forRun(env.layout().root(), env.sources(), env.clock());
  }

  /**
   * Carries out a task and commits its outcome, validating its findings beside those of the tasks
   * before it in the cycle.
   *
   * @param cycle the cycle
   * @param task the task
   * @param world the world model as the cycle started
   * @param stop the run's stop signal
   * @param sandboxDone called (at most once) when the task no longer needs the sandbox: the analyst
   *     is done and will not be retried, and validation and the commit follow; the scheduler then
   *     lets the next task start, so writing and validating overlap its work
   * @param earlier the findings the tasks before this one in the plan committed; called after the
   *     sandbox is given back, and may wait for those tasks to settle
   * @return the committed record
   * @throws Abandoned if the run is stopping hard and the task was left uncommitted
   * @throws BudgetExceededException if the budget was spent; the task is not committed
   * @throws ModelAuthenticationException if the language model rejected its credentials; the task
   *     is not committed
   */
  public TaskRecord run(
      int cycle,
      Task task,
      WorldModel world,
      StopSignal stop,
      Runnable sandboxDone,
      Supplier<List<Finding>> earlier)
      throws Abandoned {
    Scope scope = new Scope(cycle, task, world, stop, sandboxDone, earlier);
    Instant startedAt = env.clock().instant();
    long start = System.nanoTime();
    RuntimeException lastTransient = null;
    int maxAttempts = env.retry().maxAttempts();
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) {
        sleep(env.retry().backoffBefore(attempt), stop);
      }
      Attempt a = new Attempt(scope, attempt, startedAt, start);
      try {
        return a.run();
      } catch (SandboxUnavailableException | ExecutionTimeoutException e) {
        if (stop.hard()) {
          throw new Abandoned("run stopping: " + stop.reason());
        }
        lastTransient = e;
        LOG.warn(
            "task {} attempt {}/{} failed in the sandbox: {}",
            task.id(),
            attempt,
            maxAttempts,
            e.getMessage());
      }
    }
    // The last attempt's partial files are left as they are; the record says why it failed and
    // that a resumed run should try again.
    return new Attempt(scope, maxAttempts, startedAt, start)
        .failed(
            "the sandbox failed " + maxAttempts + " time(s): " + lastTransient.getMessage(), true);
  }

  private static void sleep(Duration d, StopSignal stop) throws Abandoned {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Abandoned("interrupted while waiting to retry: " + stop.reason());
    }
  }

  /** One attempt of a task. */
  private final class Attempt {
    final int cycle;
    final Task task;
    final WorldModel world;
    final StopSignal stop;
    final int attempt;
    final Instant startedAt;
    final long start;
    final Path dir;
    final Runnable sandboxDone;
    TaskNotebook notebook;
    NotebookAnalysisContext context;
    TaskSkills skills;
    long sessionOpenMs = -1; // where the time went, in the notebook's metadata (bench run)
    long analysisMs = -1;
    long intakeMs = -1;
    final List<String> notices = new ArrayList<>();

    final Supplier<List<Finding>> earlier;

    Attempt(Scope scope, int attempt, Instant startedAt, long start) {
      this.sandboxDone = scope.sandboxDone();
      this.cycle = scope.cycle();
      this.task = scope.task();
      this.world = scope.world();
      this.stop = scope.stop();
      this.earlier = scope.earlier();
      this.attempt = attempt;
      this.startedAt = startedAt;
      this.start = start;
      this.dir = env.layout().taskDir(cycle, task.id());
    }

    TaskRecord run() throws Abandoned {
      // A task that did not commit starts again from scratch: whatever an earlier attempt or a
      // killed process left in its folder goes.
      AtomicFiles.deleteTree(dir);
      skills = new TaskSkills(env.skills(), env.skillsPerTask(), task);
      TaskResult result;
      try {
        if (task.kind() == TaskKind.DATA_ANALYSIS) {
          result = analyse(skills);
        } else {
          LiteratureContext lc =
              new LiteratureContext(env.objective(), cycle, task, world, literature);
          result = withTimeout(() -> env.agents().literatureAnalyst().search(lc), null, null);
        }
        if (result == null) {
          return failed("the analyst returned no result", false);
        }
        sandboxDone.run();
        long intakeStart = System.nanoTime();
        FindingIntake.Intake in = intake.take(cycle, task, result, notebook, world, earlier);
        intakeMs = (System.nanoTime() - intakeStart) / 1_000_000;
        notices.addAll(skills.notices());
        notices.addAll(in.notices());
        return commit(result, in);
      } catch (SandboxUnavailableException
          | ExecutionTimeoutException
          | BudgetExceededException
          | ModelAuthenticationException e) {
        throw e;
      } catch (TaskTimeout e) {
        return failed(e.getMessage(), false);
      } catch (TaskStoppedException e) {
        if (stop.hard()) {
          throw new Abandoned(e.getMessage());
        }
        return failed(e.getMessage(), false);
      } catch (RuntimeException e) {
        if (stop.hard()) {
          throw new Abandoned("run stopping: " + stop.reason());
        }
        LOG.info("task {} failed: {}", task.id(), e.toString());
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return failed(e.getClass().getSimpleName() + ": " + message, false);
      }
    }

    private TaskResult analyse(TaskSkills skills) throws Abandoned {
      if (env.executor() == null) {
        throw new IllegalStateException(
            "a data-analysis task needs an executor; give one to the workflow builder");
      }
      SessionOptions options =
          SessionOptions.builder()
              .runId(runId)
              .taskId(task.id())
              .datasets(env.datasets().stream().map(Dataset::path).toList())
              .timeout(env.cellTimeout())
              .build();
      long opening = System.nanoTime();
      try (ExecutionSession session = env.executor().openSession(options)) {
        sessionOpenMs = (System.nanoTime() - opening) / 1_000_000;
        notebook = new TaskNotebook();
        context =
            new NotebookAnalysisContext(
                env.objective(),
                cycle,
                task,
                env.datasets(),
                world,
                skills,
                session,
                notebook,
                env.layout(),
                env.cellTimeout(),
                env.taskTimeout());
        context.events(events);
        notebook.addMarkdown(TaskHeader.markdown(task, cycle, runId, env.objective()));
        try {
          return withTimeout(() -> env.agents().dataAnalyst().analyze(context), context, session);
        } finally {
          analysisMs = (System.nanoTime() - opening) / 1_000_000 - sessionOpenMs;
          context.close();
        }
      }
    }

    private <T> T withTimeout(
        Callable<T> work, NotebookAnalysisContext ctx, ExecutionSession session) throws Abandoned {
      Future<T> future = threads.submit(LogContext.inheriting(work));
      try {
        return future.get(env.taskTimeout().toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        stopWork(future, ctx, session);
        throw new TaskTimeout(
            "task " + task.id() + " ran past its time limit of " + format(env.taskTimeout()));
      } catch (InterruptedException e) {
        stopWork(future, ctx, session);
        Thread.currentThread().interrupt();
        throw new Abandoned("task " + task.id() + " interrupted: " + stop.reason());
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause);
      }
    }

    private void stopWork(Future<?> future, NotebookAnalysisContext ctx, ExecutionSession session) {
      if (ctx != null) {
        ctx.close();
      }
      if (session != null) {
        try {
          session.interrupt();
        } catch (RuntimeException e) {
          LOG.debug("interrupt of session {} failed: {}", session.id(), e.toString());
        }
      }
      future.cancel(true);
    }

    private TaskRecord commit(TaskResult result, FindingIntake.Intake in) {
      NotebookFiles nb = saveNotebook();
      TaskRecord record =
          new TaskRecord(
              Json.FORMAT_VERSION,
              cycle,
              task,
              TaskRecord.Status.SUCCEEDED,
              null,
              false,
              attempt,
              startedAt,
              Duration.ofNanos(System.nanoTime() - start),
              result.summary(),
              in.findings(),
              in.rejected(),
              in.hypotheses(),
              result.openQuestions(),
              in.papers(),
              new LinkedHashMap<>(result.notes()),
              nb.path,
              nb.bytes,
              nb.textBytes,
              nb.cells,
              nb.lines,
              nb.figures,
              notices,
              "");
      record = record.withCompressed(Compressor.taskSummary(record));
      Json.write(env.layout().resultJson(cycle, task.id()), record);
      return record;
    }

    TaskRecord failed(String reason, boolean retryable) {
      sandboxDone.run();
      NotebookFiles nb = saveNotebook();
      TaskRecord record =
          new TaskRecord(
              Json.FORMAT_VERSION,
              cycle,
              task,
              TaskRecord.Status.FAILED,
              reason,
              retryable,
              attempt,
              startedAt,
              Duration.ofNanos(System.nanoTime() - start),
              "",
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              Map.of(),
              nb.path,
              nb.bytes,
              nb.textBytes,
              nb.cells,
              nb.lines,
              nb.figures,
              notices,
              "");
      record = record.withCompressed(Compressor.taskSummary(record));
      Json.write(env.layout().resultJson(cycle, task.id()), record);
      return record;
    }

    private NotebookFiles saveNotebook() {
      // written with the outcome rather than at the start, to keep file system work (which waits
      // on other tasks' syncs) out of the analysis
      Json.write(
          env.layout().taskJson(cycle, task.id()),
          new TaskFile(
              Json.FORMAT_VERSION,
              cycle,
              task,
              attempt,
              startedAt,
              skills == null ? List.of() : skills.names()),
          AtomicFiles.Durability.REBUILDABLE);
      if (notebook == null) {
        return NotebookFiles.NONE;
      }
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("runId", runId);
      meta.put("cycle", cycle);
      meta.put("taskId", task.id());
      meta.put("attempt", attempt);
      meta.put("sessionOpenMs", sessionOpenMs);
      meta.put("analysisMs", analysisMs);
      meta.put("intakeMs", intakeMs);
      if (env.executor() != null) {
        meta.put("executor", env.executor().info().name());
      }
      byte[] full = notebook.toIpynb(meta, true);
      long textBytes = full.length - notebook.imageBytes();
      Path file = env.layout().notebook(cycle, task.id());
      // staged: the result.json commit in the same folder syncs the folder after it
      AtomicFiles.write(file, full, AtomicFiles.Durability.STAGED);
      List<String> figures = new ArrayList<>();
      int cells = 0;
      for (var cell : notebook.codeCells()) {
        cells++;
        figures.addAll(cell.figures());
      }
      if (!figures.isEmpty()) {
        for (String figure : figures) {
          AtomicFiles.syncFile(env.layout().resolve(figure));
        }
        AtomicFiles.syncDirectory(env.layout().taskDir(cycle, task.id()).resolve("figures"));
      }
      return new NotebookFiles(
          env.layout().relative(file),
          full.length,
          textBytes,
          cells,
          context == null ? 0 : context.linesOfCode(),
          figures);
    }
  }

  private record NotebookFiles(
      String path, long bytes, long textBytes, int cells, int lines, List<String> figures) {
    static final NotebookFiles NONE = new NotebookFiles(null, 0, 0, 0, 0, List.of());
  }

  /** The task's time limit passed. */
  private static final class TaskTimeout extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TaskTimeout(String message) {
      super(message, null, false, false);
    }
  }

  static String format(Duration d) {
    return d.toMillis() < 1000
        ? d.toMillis() + " ms"
        : d.toSeconds() < 120 ? d.toSeconds() + " s" : d.toMinutes() + " min";
  }
}
