package io.kosmos.core.internal.orchestration;

import java.time.Duration;

/**
 * How often a task is tried when the sandbox fails it for a reason that may pass (a {@link
 * io.kosmos.api.SandboxUnavailableException} or an {@link
 * io.kosmos.api.ExecutionTimeoutException}), and how long to wait in between: the backoff doubles
 * after each attempt, up to a cap. Failures of the analyst's own logic are not retried.
 *
 * @param maxAttempts attempts in total, at least 1
 * @param initialBackoff the wait after the first failure
 * @param maxBackoff the longest wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  /** Checks the components. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be 1 or more, was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("backoff cannot be negative");
    }
  }

  /**
   * The wait before an attempt.
   *
   * @param attempt the attempt about to start, from 2
   * @return the wait
   */
  public Duration backoffBefore(int attempt) {
    long factor = 1L << Math.min(20, Math.max(0, attempt - 2));
    Duration wait = initialBackoff.multipliedBy(factor);
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
