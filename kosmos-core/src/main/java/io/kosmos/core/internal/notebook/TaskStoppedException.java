package io.kosmos.core.internal.notebook;

import io.kosmos.api.KosmosException;

/**
 * Thrown to an analyst that runs a cell after its task's time is up or its task was stopped. The
 * engine records the task as failed (time limit) or leaves it for a resumed run (stop).
 */
public final class TaskStoppedException extends KosmosException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened
   */
  public TaskStoppedException(String message) {
    super(message);
  }
}
