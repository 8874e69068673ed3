package io.kosmos.api;

/**
 * A language model call failed. Subtypes say why; an HTTP status that is not mapped to a subtype
 * arrives as this type, with the status and the provider's message.
 */
public class ModelException extends KosmosException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, to what, and what to do
   */
  public ModelException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, to what, and what to do
   * @param cause the underlying failure
   */
  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
