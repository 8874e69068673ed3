package io.kosmos.api;

/**
 * The base type of every exception Kosmos throws. It is unchecked: callers catch the subtypes they
 * can act on ({@link SandboxUnavailableException}, {@link ModelAuthenticationException}, ...) and
 * let the rest propagate.
 *
 * <p>Messages say what happened, to what, and what to do about it.
 */
public class KosmosException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what happened, to what, and what to do
   */
  public KosmosException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the exception that caused it.
   *
   * @param message what happened, to what, and what to do
   * @param cause the underlying failure
   */
  public KosmosException(String message, Throwable cause) {
    super(message, cause);
  }
}
