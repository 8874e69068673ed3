package io.kosmos.api;

import java.time.Duration;

/**
 * How Kosmos waits: between retries of an HTTP call, and when a rate limiter holds a call back.
 * Production code uses {@link #SYSTEM}; tests pass a sleeper that records the waits (and perhaps
 * advances a fake clock) so that they never sleep for real.
 */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps on the current thread with {@link Thread#sleep(Duration)}. */
  Sleeper SYSTEM =
      duration -> {
        if (duration.isPositive()) {
          Thread.sleep(duration);
        }
      };

  /**
   * Waits for a while.
   *
   * @param duration how long; zero or negative returns at once
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  void sleep(Duration duration) throws InterruptedException;
}
