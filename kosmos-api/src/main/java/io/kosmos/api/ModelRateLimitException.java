package io.kosmos.api;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The language model provider refused the call for rate or capacity (HTTP 429, or 529 overloaded)
 * and the client's retries were used up.
 */
public class ModelRateLimitException extends ModelException {
  private static final long serialVersionUID = 1L;

  /** How long the provider asked to wait, or {@code null}. */
  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param message what happened and what to do
   * @param retryAfter how long the provider asked to wait, or {@code null} if it did not say
   */
  public ModelRateLimitException(String message, @Nullable Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  /**
   * How long the provider asked the caller to wait before trying again.
   *
   * @return the provider's {@code Retry-After}, if it sent one
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
