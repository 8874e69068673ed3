package io.kosmos.core.internal.http;

import java.io.IOException;
import java.time.Duration;
import okhttp3.Headers;

/**
 * How a retried HTTP exchange ended: with a response (successful or not), or with the I/O error of
 * its last attempt.
 *
 * @param status the HTTP status, or 0 if no response arrived
 * @param headers the response headers (empty if none arrived)
 * @param body the response body as text (empty if none arrived)
 * @param failure the last attempt's I/O error, or {@code null} if a response arrived
 * @param attempts how many attempts were made
 * @param retryAfter the last {@code Retry-After} the server sent, or {@code null}
 */
public record HttpOutcome(
    int status,
    Headers headers,
    String body,
    IOException failure,
    int attempts,
    Duration retryAfter) {

  /**
   * Whether a response with a 2xx status arrived.
   *
   * @return whether the exchange succeeded
   */
  public boolean isSuccessful() {
    return failure == null && status >= 200 && status < 300;
  }

  /**
   * Whether the exchange ended on an I/O error (timeouts included).
   *
   * @return whether no response arrived
   */
  public boolean failed() {
    return failure != null;
  }

  /**
   * Whether the last I/O error was a timeout.
   *
   * @return whether it timed out
   */
  public boolean timedOut() {
    return failure instanceof java.io.InterruptedIOException;
  }
}
