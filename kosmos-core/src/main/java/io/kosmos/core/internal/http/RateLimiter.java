package io.kosmos.core.internal.http;

import io.kosmos.api.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket that lets through at most {@code permitsPerMinute} calls a minute on average, with
 * bursts of up to that many. Each caller reserves a permit at once (the bucket may go into debt)
 * and then sleeps for its share of the debt, so waiting callers are served in the order they
 * arrived and no one spins.
 */
public final class RateLimiter {

  private final double capacity;
  private final double permitsPerNano;
  private final Clock clock;
  private final Sleeper sleeper;
  private double available;
  private Instant last;

  /**
   * Creates a full bucket.
   *
   * @param permitsPerMinute the average rate, 1 or more
   * @param clock the clock that measures refills
   * @param sleeper how to wait
   */
  public RateLimiter(int permitsPerMinute, Clock clock, Sleeper sleeper) {
    if (permitsPerMinute < 1) {
      throw new IllegalArgumentException("permitsPerMinute must be 1 or more");
    }
    this.capacity = permitsPerMinute;
    this.permitsPerNano = permitsPerMinute / 60e9;
    this.clock = clock;
    this.sleeper = sleeper;
    this.available = capacity;
    this.last = clock.instant();
  }

  /**
   * The average rate.
   *
   * @return permits a minute
   */
  public int permitsPerMinute() {
    return (int) capacity;
  }

  /**
   * Takes one permit, waiting if none is left.
   *
   * @return how long the caller waited (zero if a permit was free)
   * @throws InterruptedException if interrupted while waiting
   */
  public Duration acquire() throws InterruptedException {
    Duration wait = reserve();
    if (wait.isPositive()) {
      sleeper.sleep(wait);
    }
    return wait;
  }

  private synchronized Duration reserve() {
    Instant now = clock.instant();
    long elapsed = Duration.between(last, now).toNanos();
    if (elapsed > 0) {
      available = Math.min(capacity, available + elapsed * permitsPerNano);
      last = now;
    }
    available -= 1;
    if (available >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil(-available / permitsPerNano));
  }
}
