package io.kosmos.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A literature source failed to answer a search, after its retries. The {@link #reason()} says what
 * kind of failure it was, so that a chain of sources can pass the query on and say why.
 */
public class LiteratureException extends KosmosException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure it was. */
  public enum Reason {
    /** The source refused for rate (HTTP 429, or a daily allowance spent). */
    RATE_LIMITED,
    /** The source answered with a server error (5xx). */
    SERVER_ERROR,
    /** No answer in time. */
    TIMEOUT,
    /** The source could not be reached (no network, DNS, connection refused). */
    UNREACHABLE,
    /** The source refused the request or its credentials (4xx other than 429). */
    REJECTED,
    /** The answer was not in the source's documented format. */
    MALFORMED,
    /** Anything else. */
    OTHER
  }

  /** What kind of failure it was. */
  private final Reason reason;

  /** How long the source asked to wait, or {@code null} if it did not say. */
  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, to what, and what to do
   */
  public LiteratureException(String message) {
    this(message, Reason.OTHER, null, null);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, to what, and what to do
   * @param cause the underlying failure
   */
  public LiteratureException(String message, Throwable cause) {
    this(message, Reason.OTHER, null, cause);
  }

  /**
   * Creates the exception with its kind.
   *
   * @param message what happened, to what, and what to do
   * @param reason what kind of failure it was
   * @param retryAfter how long the source asked to wait, or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public LiteratureException(
      String message, Reason reason, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.retryAfter = retryAfter;
  }

  /**
   * What kind of failure it was.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * How long the source asked to wait before the next request, if it said.
   *
   * @return the wait, or empty
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
