package io.kosmos.api;

/**
 * The language model provider rejected the credentials (HTTP 401 or 403). Never retried. The
 * message names the provider and the environment variable to fix, never the key.
 */
public class ModelAuthenticationException extends ModelException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, to what, and what to do
   */
  public ModelAuthenticationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, to what, and what to do
   * @param cause the underlying failure
   */
  public ModelAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
