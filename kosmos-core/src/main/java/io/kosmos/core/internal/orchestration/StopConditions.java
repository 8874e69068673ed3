package io.kosmos.core.internal.orchestration;

import io.kosmos.api.RunStatus;
import io.kosmos.core.llm.Budget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What stops one call of {@code run()}: its {@link StopSignal} (set by cancel, close and failures
 * no task can get past), the deadline its maximum run time sets, and the language model budget. The
 * engine checks them before each cycle, the {@link TaskScheduler} before each task and while tasks
 * run, so they travel together, read on the run's clock. A passed deadline stops the run hard
 * (tasks under way are interrupted); a spent budget stops it softly (no new task starts).
 *
 * @param signal the run's stop signal
 * @param deadline when the run must stop, or {@code null} for no time limit
 * @param deadlineReason the stop reason recorded at the deadline, or {@code null} with no deadline
 * @param budget the language model budget, or {@code null} for none
 * @param clock the clock the deadline is read on
 */
public record StopConditions(
    StopSignal signal, Instant deadline, String deadlineReason, Budget budget, Clock clock) {

  /**
   * The conditions of a call of {@code run()} that starts now, with a fresh stop signal.
   *
   * @param startedAt when the call started
   * @param maxRunTime its time limit, or {@code null}
   * @param budget the language model budget, or {@code null}
   * @param clock the run's clock
   * @return the conditions
   */
  public static StopConditions start(
      Instant startedAt, Duration maxRunTime, Budget budget, Clock clock) {
    return maxRunTime == null
        ? new StopConditions(new StopSignal(), null, null, budget, clock)
        : new StopConditions(
            new StopSignal(),
            startedAt.plus(maxRunTime),
            "the maximum run time of " + maxRunTime + " was reached",
            budget,
            clock);
  }

  /**
   * Asks the run to stop if its deadline has passed (interrupting the tasks under way) or its
   * budget is spent (letting them finish).
   */
  public void check() {
    checkDeadline();
    String spent = budgetSpent();
    if (spent != null) {
      signal.request(RunStatus.BUDGET_SPENT, spent, false);
    }
  }

  /** Asks the run to stop, interrupting the tasks under way, if its deadline has passed. */
  public void checkDeadline() {
    if (pastDeadline()) {
      signal.request(RunStatus.TIME_LIMIT, deadlineReason, true);
    }
  }

  /**
   * Decides whether a task may start now; if the deadline has passed or the budget is spent, asks
   * the run to stop.
   *
   * @return why the task may not start, or {@code null} if it may
   */
  public String refusalToStart() {
    if (signal.stopping()) {
      return "not started: " + signal.reason();
    }
    if (pastDeadline()) {
      signal.request(RunStatus.TIME_LIMIT, deadlineReason, true);
      return "not started: " + signal.reason();
    }
    String spent = budgetSpent();
    if (spent != null) {
      signal.request(RunStatus.BUDGET_SPENT, spent, false);
      return "not started: " + spent;
    }
    return null;
  }

  /**
   * Why the budget is spent.
   *
   * @return the reason, or {@code null} while it is not spent (or there is no budget)
   */
  public String budgetSpent() {
    if (budget == null || !budget.isExhausted()) {
      return null;
    }
    return "the language model budget was spent (" + budget + ")";
  }

  private boolean pastDeadline() {
    return deadline != null && !clock.instant().isBefore(deadline);
  }
}
