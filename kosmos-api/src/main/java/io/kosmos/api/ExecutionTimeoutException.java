package io.kosmos.api;

/**
 * An operation on the sandbox did not finish in time, for example a kernel that did not start or a
 * file transfer that stalled. A <em>cell</em> that runs past its limit is not an exception: it
 * gives an {@link ExecutionResult} with status {@link ExecutionResult.Status#TIMEOUT}.
 */
public class ExecutionTimeoutException extends KosmosException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, to what, and what to do
   */
  public ExecutionTimeoutException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, to what, and what to do
   * @param cause the underlying failure
   */
  public ExecutionTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
