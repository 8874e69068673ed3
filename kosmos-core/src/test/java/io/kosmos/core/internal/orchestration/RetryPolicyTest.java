package io.kosmos.core.internal.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void backoffDoublesUpToTheCap() {
    RetryPolicy p = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(5));
    assertThat(p.backoffBefore(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.backoffBefore(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.backoffBefore(4)).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.backoffBefore(40)).isEqualTo(Duration.ofSeconds(5));
  }
}
