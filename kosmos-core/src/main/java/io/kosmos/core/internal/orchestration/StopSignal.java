package io.kosmos.core.internal.orchestration;

import io.kosmos.api.RunStatus;

/**
 * Why and how a run is stopping. The first request wins its status and reason; a hard request (time
 * limit, budget) interrupts the tasks under way, which are then left for a resumed run, while a
 * soft one (cancel) only keeps new tasks from starting.
 */
public final class StopSignal {

  private RunStatus status;
  private String reason;
  private boolean hard;

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
