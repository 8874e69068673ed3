package io.kosmos.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void retryableStatuses() {
    for (int status : new int[] {408, 409, 429, 500, 502, 503, 504, 529}) {
      assertThat(RetryPolicy.isRetryable(status)).as("%d", status).isTrue();
    }
    for (int status : new int[] {200, 400, 401, 403, 404, 422}) {
      assertThat(RetryPolicy.isRetryable(status)).as("%d", status).isFalse();
    }
  }

  @Test
  void exponentialBackoffIsCapped() {
    RetryPolicy policy =
        new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(10), false, Duration.ZERO);
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(policy.backoff(5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.backoff(100)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void fullJitterStaysWithinTheExponentialValue() {
    RetryPolicy policy =
        new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(10), true, Duration.ZERO);
    for (int i = 0; i < 200; i++) {
      assertThat(policy.backoff(3)).isBetween(Duration.ZERO, Duration.ofSeconds(4));
    }
  }

  @Test
  void rejectsImpossibleValues() {
    assertThatThrownBy(
            () -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO, false, Duration.ZERO))
        .hasMessageContaining("maxRetries");
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    1, Duration.ofSeconds(2), Duration.ofSeconds(1), false, Duration.ZERO))
        .hasMessageContaining("backoffMax");
  }
}
