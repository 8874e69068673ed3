package io.kosmos.api;

/**
 * The code execution sandbox cannot be used: the Docker engine is not reachable, the executor image
 * is missing, or a remote Jupyter gateway does not answer. The message gives the command that fixes
 * it (for example {@code scripts/setup-sandbox.sh}).
 */
public class SandboxUnavailableException extends KosmosException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, to what, and what to do
   */
  public SandboxUnavailableException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, to what, and what to do
   * @param cause the underlying failure
   */
  public SandboxUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
