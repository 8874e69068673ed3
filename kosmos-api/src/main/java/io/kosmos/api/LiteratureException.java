package io.kosmos.api;

/** A literature source failed to answer a search, after its retries. */
public class LiteratureException extends KosmosException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, to what, and what to do
   */
  public LiteratureException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, to what, and what to do
   * @param cause the underlying failure
   */
  public LiteratureException(String message, Throwable cause) {
    super(message, cause);
  }
}
