package io.kosmos.core.internal.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long to retry: exponential backoff with optional full jitter, and how long a
 * server's {@code Retry-After} may be before the client stops waiting for it.
 *
 * @param maxRetries retries after the first attempt, 0 or more
 * @param backoffBase the wait before the first retry (before jitter)
 * @param backoffMax the longest wait between two attempts
 * @param jitter whether to draw each wait uniformly between zero and the exponential backoff
 * @param maxRetryAfter the longest {@code Retry-After} the client will wait for; a longer one ends
 *     the retries at once
 */
public record RetryPolicy(
    int maxRetries,
    Duration backoffBase,
    Duration backoffMax,
    boolean jitter,
    Duration maxRetryAfter) {

  /** Checks the components. */
  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be 0 or more, was " + maxRetries);
    }
    if (backoffBase.isNegative() || backoffMax.isNegative() || maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("backoff durations cannot be negative");
    }
    if (backoffMax.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException(
          "backoffMax ("
              + backoffMax
              + ") must not be shorter than backoffBase ("
              + backoffBase
              + ")");
    }
  }

  /**
   * Whether an HTTP status is worth another attempt: 408, 409, 429 and every 5xx (Anthropic's 529
   * overloaded included).
   *
   * @param status the status code
   * @return whether to retry
   */
  public static boolean isRetryable(int status) {
    return status == 408 || status == 409 || status == 429 || (status >= 500 && status <= 599);
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry).
   *
   * @param retry which retry is next
   * @return the wait
   */
  public Duration backoff(int retry) {
    long base = backoffBase.toNanos();
    long max = backoffMax.toNanos();
    int shift = Math.min(Math.max(retry - 1, 0), 40);
    long exp = base > (max >> shift) ? max : Math.min(max, base << shift);
    if (!jitter || exp == 0) {
      return Duration.ofNanos(exp);
    }
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(exp + 1));
  }
}
