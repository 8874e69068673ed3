package io.kosmos.core.internal.orchestration;

import io.kosmos.api.Finding;
import io.kosmos.api.Task;
import io.kosmos.core.internal.artifacts.TaskRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The findings a cycle's tasks have committed, in plan order, for the validation of the tasks after
 * them: a judge that sees that the task before it in the plan found the same thing can say so.
 *
 * <p>A task's validation waits until every task before it in the plan has settled (committed,
 * failed, or left for a resumed run), so that what each task is judged against does not depend on
 * which parallel task happened to finish first: a rerun of the run, or its replay, sees the same.
 * The wait comes after the task gave its sandbox slot back, so it holds no sandbox; the first task
 * of a plan never waits, and a run stopping hard ends every wait. A validator that does not read
 * them ({@link io.kosmos.api.Validator#readsCycleFindings()}, the statistical validator) never
 * waits.
 */
final class CycleFindings {

  private static final long POLL_MILLIS = 100;

  private final Map<String, Integer> position = new HashMap<>();
  private final List<List<Finding>> settled = new ArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /**
   * Starts the cycle's record.
   *
   * @param plan the plan's tasks, in order
   * @param committed what an earlier session committed, by task id; those tasks are settled
   */
  CycleFindings(List<Task> plan, Map<String, TaskRecord> committed) {
    for (int i = 0; i < plan.size(); i++) {
      position.put(plan.get(i).id(), i);
      TaskRecord done = committed.get(plan.get(i).id());
      boolean rerun = done != null && done.retryable() && !done.succeeded();
      settled.add(done == null || rerun ? null : done.findings());
    }
  }

  /** A record for a task run on its own: nothing comes before it. */
  static CycleFindings none() {
    return new CycleFindings(List.of(), Map.of());
  }

  /**
   * Records what a task committed, or that it ended without findings.
   *
   * @param taskId the task
   * @param findings its committed findings (empty when it failed or did not run)
   */
  void settle(String taskId, List<Finding> findings) {
    Integer i = position.get(taskId);
    if (i == null) {
      return;
    }
    lock.lock();
    try {
      if (settled.get(i) == null) {
        settled.set(i, List.copyOf(findings));
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The findings of the tasks before a task in the plan, once they have all settled.
   *
   * @param taskId the task
   * @param stop ends the wait when the run stops hard
   * @return their findings, in plan order (those settled so far, if the run stops hard)
   */
  List<Finding> before(String taskId, StopSignal stop) {
    Integer i = position.get(taskId);
    if (i == null) {
      return List.of();
    }
    lock.lock();
    try {
      while (!allSettledBefore(i) && !stop.hard()) {
        try {
          changed.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      List<Finding> out = new ArrayList<>();
      for (int k = 0; k < i; k++) {
        if (settled.get(k) != null) {
          out.addAll(settled.get(k));
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  private boolean allSettledBefore(int i) {
    for (int k = 0; k < i; k++) {
      if (settled.get(k) == null) {
        return false;
      }
    }
    return true;
  }
}
