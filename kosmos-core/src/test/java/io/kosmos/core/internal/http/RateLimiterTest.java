package io.kosmos.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  /** A clock the test moves by hand; the sleeper moves it as far as asked. */
  static final class FakeTime extends Clock {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    final List<Duration> sleeps = new ArrayList<>();
    final Sleeper sleeper =
        d -> {
          sleeps.add(d);
          now = now.plus(d);
        };

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void burstsUpToTheRateThenSpacesCallsEvenly() throws Exception {
    FakeTime time = new FakeTime();
    RateLimiter limiter = new RateLimiter(60, time, time.sleeper);

    for (int i = 0; i < 60; i++) {
      assertThat(limiter.acquire()).isZero();
    }
    assertThat(limiter.acquire()).isEqualTo(Duration.ofSeconds(1));
    assertThat(limiter.acquire()).isEqualTo(Duration.ofSeconds(1));
    assertThat(time.sleeps).hasSize(2);
  }

  @Test
  void refillsWithTime() throws Exception {
    FakeTime time = new FakeTime();
    RateLimiter limiter = new RateLimiter(2, time, time.sleeper);
    limiter.acquire();
    limiter.acquire();
    time.now = time.now.plusSeconds(30);
    assertThat(limiter.acquire()).isZero();
    assertThat(limiter.acquire()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void waitingCallersQueueUpInsteadOfAllWakingAtOnce() throws Exception {
    FakeTime time = new FakeTime();
    List<Duration> waits = new ArrayList<>();
    RateLimiter limiter = new RateLimiter(1, time, d -> waits.add(d));
    limiter.acquire();
    limiter.acquire();
    limiter.acquire();
    assertThat(waits).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(120));
  }

  @Test
  void rejectsANonPositiveRate() {
    assertThatThrownBy(() -> new RateLimiter(0, Clock.systemUTC(), Sleeper.SYSTEM))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
