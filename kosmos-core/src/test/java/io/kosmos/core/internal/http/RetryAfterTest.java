package io.kosmos.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

  @Test
  void readsSecondsDatesAndMilliseconds() {
    assertThat(RetryAfter.parse(Headers.of("Retry-After", "120"), CLOCK))
        .isEqualTo(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(Headers.of("Retry-After", "1.5"), CLOCK))
        .isEqualTo(Duration.ofMillis(1500));
    // RFC 9110 example date.
    assertThat(RetryAfter.parse(Headers.of("Retry-After", "Wed, 21 Oct 2015 07:28:30 GMT"), CLOCK))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse(Headers.of("Retry-After", "Wed, 21 Oct 2015 07:00:00 GMT"), CLOCK))
        .isZero();
    assertThat(RetryAfter.parse(Headers.of("retry-after-ms", "250", "retry-after", "1"), CLOCK))
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void ignoresWhatItCannotRead() {
    assertThat(RetryAfter.parse(Headers.of(), CLOCK)).isNull();
    assertThat(RetryAfter.parse(Headers.of("Retry-After", "soon"), CLOCK)).isNull();
    assertThat(RetryAfter.parse(Headers.of("Retry-After", "-3"), CLOCK)).isNull();
    assertThat(RetryAfter.parse(Headers.of("retry-after-ms", "x", "Retry-After", "2"), CLOCK))
        .isEqualTo(Duration.ofSeconds(2));
  }
}
