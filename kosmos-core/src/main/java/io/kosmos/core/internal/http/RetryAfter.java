package io.kosmos.core.internal.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import okhttp3.Headers;

/** Reads how long a server asked the client to wait before trying again. */
public final class RetryAfter {

  private RetryAfter() {}

  /**
   * Reads {@code retry-after-ms} (milliseconds, sent by some OpenAI-compatible servers) or {@code
   * Retry-After} (seconds, or an HTTP date).
   *
   * @param headers the response headers
   * @param clock the clock an HTTP date is measured against
   * @return the wait, or {@code null} if the headers do not say or cannot be read; never negative
   */
  public static Duration parse(Headers headers, Clock clock) {
    String millis = headers.get("retry-after-ms");
    if (millis != null) {
      try {
        double ms = Double.parseDouble(millis.strip());
        if (ms >= 0 && Double.isFinite(ms)) {
          return Duration.ofNanos((long) (ms * 1_000_000));
        }
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    String value = headers.get("retry-after");
    if (value == null || value.isBlank()) {
      return null;
    }
    value = value.strip();
    try {
      double seconds = Double.parseDouble(value);
      if (seconds < 0 || !Double.isFinite(seconds)) {
        return null;
      }
      return Duration.ofMillis((long) (seconds * 1000));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
