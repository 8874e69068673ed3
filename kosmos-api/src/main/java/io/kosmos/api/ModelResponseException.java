package io.kosmos.api;

/**
 * The language model answered, but the answer cannot be used: a malformed body, or structured
 * output that is still invalid after the repair round. The message quotes the parse error.
 */
public class ModelResponseException extends ModelException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, to what, and what to do
   */
  public ModelResponseException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, to what, and what to do
   * @param cause the underlying failure
   */
  public ModelResponseException(String message, Throwable cause) {
    super(message, cause);
  }
}
