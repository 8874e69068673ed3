package io.kosmos.api;

/**
 * An artifact of a run on disk cannot be used: a corrupt or unreadable file, an unknown format
 * version, or an artifacts directory that belongs to another run. The message names the file;
 * nothing else in the directory is touched.
 */
public class ArtifactException extends KosmosException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, to what, and what to do
   */
  public ArtifactException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, to what, and what to do
   * @param cause the underlying failure
   */
  public ArtifactException(String message, Throwable cause) {
    super(message, cause);
  }
}
