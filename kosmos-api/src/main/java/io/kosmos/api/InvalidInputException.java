package io.kosmos.api;

/**
 * Input that Kosmos cannot use: a missing or unreadable dataset, an empty objective, an unknown
 * file type, an option with an impossible value. Thrown before anything is changed on disk, so
 * nothing that was already saved is lost.
 */
public class InvalidInputException extends KosmosException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, to what, and what to do
   */
  public InvalidInputException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, to what, and what to do
   * @param cause the underlying failure
   */
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
