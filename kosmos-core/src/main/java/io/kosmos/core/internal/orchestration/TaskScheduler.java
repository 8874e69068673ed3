package io.kosmos.core.internal.orchestration;

import io.kosmos.api.BudgetExceededException;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.RunStatus;
import io.kosmos.api.Task;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.artifacts.TaskRecord;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of a cycle in parallel: one virtual thread per task, at most {@code maxConcurrent}
 * running at once (a semaphore), each carried out by {@link TaskExecution}. A task that fails is
 * committed as failed and the others go on. Before a task starts, the scheduler checks the run's
 * {@link StopConditions} (stop signal, deadline, budget); at the deadline it interrupts the tasks
 * under way (they are left for a resumed run). A language model that rejects its credentials stops
 * the run at once ({@link StopSignal#fail}): every other task would fail the same way.
 */
public final class TaskScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(TaskScheduler.class);
  private static final long POLL_MILLIS = 100;

  /** How a task of the cycle ended in this session. */
  public sealed interface Outcome permits Committed, NotRun {
    /**
     * The task.
     *
     * @return the task
     */
    Task task();
  }

  /**
   * The task's outcome is committed (succeeded or failed).
   *
   * @param task the task
   * @param record its committed result
   * @param ranNow whether it ran in this session (not in an earlier one)
   */
  public record Committed(Task task, TaskRecord record, boolean ranNow) implements Outcome {}

  /**
   * The task did not complete because the run is stopping; a resumed run starts it again.
   *
   * @param task the task
   * @param reason why
   */
  public record NotRun(Task task, String reason) implements Outcome {}

  /** Told when tasks start and end. */
  public interface Observer {
    /**
     * A task started.
     *
     * @param cycle the cycle
     * @param task the task
     */
    void started(int cycle, Task task);

    /**
     * A task committed its outcome.
     *
     * @param cycle the cycle
     * @param record the outcome
     */
    void finished(int cycle, TaskRecord record);

    /**
     * A task that started ended without committing an outcome (the run stopped under it).
     *
     * @param cycle the cycle
     * @param task the task
     */
    default void abandoned(int cycle, Task task) {}
  }

  private final TaskExecution execution;
  private final ExecutorService threads;
  private final int maxConcurrent;

  /**
   * Creates the scheduler.
   *
   * @param execution carries out one task
   * @param threads virtual threads
   * @param maxConcurrent the most tasks at once
   */
  public TaskScheduler(TaskExecution execution, ExecutorService threads, int maxConcurrent) {
    this.execution = execution;
    this.threads = threads;
    this.maxConcurrent = maxConcurrent;
  }

  /**
   * Runs a cycle's tasks.
   *
   * @param cycle the cycle
   * @param tasks the plan's tasks, in order
   * @param committed outcomes committed by an earlier session, by task id (a retryable failure is
   *     run again)
   * @param world the world model as the cycle started
   * @param stop what stops the run: its signal, deadline and budget
   * @param observer told of starts and ends
   * @return an outcome per task, in plan order
   */
  public List<Outcome> run(
      int cycle,
      List<Task> tasks,
      Map<String, TaskRecord> committed,
      WorldModel world,
      StopConditions stop,
      Observer observer) {
    return new CycleTasks(cycle, world, stop, observer).run(tasks, committed);
  }

  /**
   * The stop reason of a run whose language model rejected its credentials.
   *
   * @param e the failure, whose message names the provider and the variable to fix
   * @return the reason
   */
  public static String credentialsRejected(ModelAuthenticationException e) {
    return "the language model rejected its credentials: " + e.getMessage();
  }

  private static void cancel(Future<?> f) {
    if (f != null) {
      f.cancel(true);
    }
  }

  /** One cycle's tasks under way: what each task's thread shares with the others. */
  private final class CycleTasks {
    private final int cycle;
    private final WorldModel world;
    private final StopConditions stop;
    private final StopSignal signal;
    private final Observer observer;
    private final Semaphore permits = new Semaphore(maxConcurrent, true);
    private final Turns turns = new Turns();
    private CycleFindings found = CycleFindings.none();

    CycleTasks(int cycle, WorldModel world, StopConditions stop, Observer observer) {
      this.cycle = cycle;
      this.world = world;
      this.stop = stop;
      this.signal = stop.signal();
      this.observer = observer;
    }

    List<Outcome> run(List<Task> tasks, Map<String, TaskRecord> committed) {
      found = new CycleFindings(tasks, committed);
      List<Outcome> outcomes = new ArrayList<>();
      List<Future<Outcome>> futures = new ArrayList<>();
      for (Task task : tasks) {
        TaskRecord done = committed.get(task.id());
        if (done != null && !(done.retryable() && !done.succeeded())) {
          futures.add(null);
          outcomes.add(new Committed(task, done, false));
          continue;
        }
        outcomes.add(null);
        int ticket = turns.issue();
        futures.add(threads.submit(LogContext.inheriting(() -> runOne(task, ticket))));
      }
      for (int i = 0; i < tasks.size(); i++) {
        Future<Outcome> future = futures.get(i);
        if (future == null) {
          continue;
        }
        outcomes.set(i, await(tasks.get(i), future, futures));
      }
      return outcomes;
    }

    private Outcome await(Task task, Future<Outcome> future, List<Future<Outcome>> all) {
      while (true) {
        try {
          return future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          stop.checkDeadline();
          if (signal.hard()) {
            all.forEach(f -> cancel(f));
          }
        } catch (CancellationException e) {
          return new NotRun(task, "interrupted: " + signal.reason());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          signal.request(
              RunStatus.CANCELLED, "the thread running the workflow was interrupted", true);
          all.forEach(f -> cancel(f));
          return new NotRun(task, "interrupted");
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          LOG.error(
              "task {} failed unexpectedly: {}",
              task.id(),
              Debug.describe(cause),
              Debug.trace(cause));
          signal.request(
              RunStatus.FAILED, "task " + task.id() + " could not be recorded: " + cause, true);
          return new NotRun(task, "could not be recorded: " + cause);
        }
      }
    }

    private Outcome runOne(Task task, int ticket) {
      LogContext.put(LogContext.TASK, task.id());
      List<io.kosmos.api.Finding> committedFindings = List.of();
      try {
        Outcome outcome = startAndRun(task, ticket);
        if (outcome instanceof Committed c) {
          committedFindings = c.record().findings();
        }
        return outcome;
      } finally {
        found.settle(task.id(), committedFindings);
      }
    }

    private Outcome startAndRun(Task task, int ticket) {
      try {
        turns.await(ticket);
        permits.acquire();
      } catch (InterruptedException e) {
        return new NotRun(task, "interrupted before it started: " + signal.reason());
      } finally {
        turns.done(ticket);
      }
      // The permit bounds the tasks using the sandbox; a task gives it back as soon as it no
      // longer needs it, before validation and the commit.
      AtomicBoolean held = new AtomicBoolean(true);
      Runnable release =
          () -> {
            if (held.compareAndSet(true, false)) {
              permits.release();
            }
          };
      boolean started = false;
      boolean finished = false;
      try {
        String refusal = stop.refusalToStart();
        if (refusal != null) {
          return new NotRun(task, refusal);
        }
        observer.started(cycle, task);
        started = true;
        TaskRecord record =
            execution.run(
                cycle, task, world, signal, release, () -> found.before(task.id(), signal));
        finished = true;
        observer.finished(cycle, record);
        return new Committed(task, record, true);
      } catch (TaskExecution.Abandoned e) {
        return new NotRun(task, e.getMessage());
      } catch (BudgetExceededException e) {
        signal.request(RunStatus.BUDGET_SPENT, "the budget was spent: " + e.getMessage(), false);
        return new NotRun(task, "budget spent: " + e.getMessage());
      } catch (ModelAuthenticationException e) {
        signal.fail(e, credentialsRejected(e));
        return new NotRun(task, "the language model rejected its credentials");
      } finally {
        release.run();
        if (started && !finished) {
          observer.abandoned(cycle, task);
        }
      }
    }
  }

  /**
   * Lets tasks take their permits in plan order: with fewer permits than tasks, the plan's first
   * tasks start first, whatever order their threads happen to be scheduled in (a fair semaphore
   * alone serves threads in the order they reach it).
   */
  static final class Turns {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    private final BitSet done = new BitSet();
    private int issued;
    private int next;

    /** The next ticket, in plan order. */
    int issue() {
      lock.lock();
      try {
        return issued++;
      } finally {
        lock.unlock();
      }
    }

    /** Waits until every earlier ticket is done. */
    void await(int ticket) throws InterruptedException {
      lock.lock();
      try {
        while (next < ticket) {
          moved.await();
        }
      } finally {
        lock.unlock();
      }
    }

    /** Marks a ticket done (its task holds a permit, or gave up waiting). */
    void done(int ticket) {
      lock.lock();
      try {
        done.set(ticket);
        while (done.get(next)) {
          next++;
        }
        moved.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
