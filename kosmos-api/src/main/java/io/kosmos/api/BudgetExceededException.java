package io.kosmos.api;

/**
 * A run's budget (money or tokens) is spent. The workflow catches it, stops the run cleanly and
 * writes a report that says why it stopped; applications see it only when they call a model
 * directly.
 */
public class BudgetExceededException extends KosmosException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, to what, and what to do
   */
  public BudgetExceededException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, to what, and what to do
   * @param cause the underlying failure
   */
  public BudgetExceededException(String message, Throwable cause) {
    super(message, cause);
  }
}
