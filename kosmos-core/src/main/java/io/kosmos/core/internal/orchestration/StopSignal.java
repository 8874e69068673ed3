package io.kosmos.core.internal.orchestration;

import io.kosmos.api.RunStatus;

/**
 * Why and how a run is stopping. The first request wins its status and reason; a hard request (time
 * limit, a fatal failure) interrupts the tasks under way, which are then left for a resumed run,
 * while a soft one (cancel, budget) only keeps new tasks from starting.
 */
public final class StopSignal {

  private RunStatus status;
  private String reason;
  private boolean hard;
  private RuntimeException fatal;

  /**
   * Asks the run to stop.
   *
   * @param newStatus the status the run ends with
   * @param newReason why, in a sentence
   * @param interrupt whether tasks under way are interrupted
   */
  public synchronized void request(RunStatus newStatus, String newReason, boolean interrupt) {
    if (status == null) {
      status = newStatus;
      reason = newReason;
    }
    hard |= interrupt;
  }

  /**
   * Stops the run at once because of a failure no task can get past, for example a language model
   * that rejects its credentials: the run ends {@link RunStatus#FAILED}, tasks under way are
   * interrupted, and the engine throws the cause once the report is written.
   *
   * @param cause the failure
   * @param newReason why, in a sentence
   */
  public synchronized void fail(RuntimeException cause, String newReason) {
    if (fatal == null) {
      fatal = cause;
    }
    request(RunStatus.FAILED, newReason, true);
  }

  /**
   * The failure that stopped the run, if {@link #fail} was called.
   *
   * @return the failure, or {@code null}
   */
  public synchronized RuntimeException fatal() {
    return fatal;
  }

  /**
   * Whether a stop was asked for.
   *
   * @return {@code true} if so
   */
  public synchronized boolean stopping() {
    return status != null;
  }

  /**
   * Whether tasks under way should be interrupted.
   *
   * @return {@code true} if so
   */
  public synchronized boolean hard() {
    return hard;
  }

  /**
   * The status the run ends with.
   *
   * @return the status, or {@code null} if no stop was asked for
   */
  public synchronized RunStatus status() {
    return status;
  }

  /**
   * Why the run stops.
   *
   * @return the reason, or {@code null}
   */
  public synchronized String reason() {
    return reason;
  }
}
