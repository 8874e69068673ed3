package io.kosmos.core.internal.http;

import io.kosmos.api.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request with retries, a concurrency limit and a requests-per-minute limit. Retries 408,
 * 409, 429, 5xx and I/O errors with the policy's backoff, waiting exactly as long as a {@code
 * Retry-After} says when the server sends one. Logs method, URL, status and attempt only: never
 * headers or bodies, so credentials cannot reach a log.
 */
public final class RetryingHttpClient {

  private static final Logger log = LoggerFactory.getLogger(RetryingHttpClient.class);

  private final OkHttpClient client;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Semaphore concurrency;
  private volatile RateLimiter rateLimiter;
  private final String name;

  /**
   * Creates the client.
   *
   * @param client the OkHttp client that sends each attempt
   * @param policy when and how long to retry
   * @param sleeper how to wait between attempts
   * @param clock the clock that reads HTTP dates
   * @param maxConcurrent the most exchanges in flight at once, or 0 for no limit
   * @param requestsPerMinute the most attempts a minute, or 0 for no limit
   * @param name who sends, for log lines (for example {@code anthropic})
   */
  public RetryingHttpClient(
      OkHttpClient client,
      RetryPolicy policy,
      Sleeper sleeper,
      Clock clock,
      int maxConcurrent,
      int requestsPerMinute,
      String name) {
    this.client = client;
    this.policy = policy;
    this.sleeper = sleeper;
    this.clock = clock;
    this.concurrency = maxConcurrent > 0 ? new Semaphore(maxConcurrent, true) : null;
    this.rateLimiter =
        requestsPerMinute > 0 ? new RateLimiter(requestsPerMinute, clock, sleeper) : null;
    this.name = name;
  }

  /**
   * Lowers the requests-per-minute limit to what a server advertised (Crossref's {@code
   * X-Rate-Limit-*} headers, for one), if it is lower than the current one or there is none. A
   * higher advertised rate changes nothing: the configured rate is the caller's choice.
   *
   * @param requestsPerMinute the advertised rate; 0 or less changes nothing
   */
  public synchronized void limitRate(int requestsPerMinute) {
    if (requestsPerMinute < 1) {
      return;
    }
    RateLimiter current = rateLimiter;
    if (current == null || current.permitsPerMinute() > requestsPerMinute) {
      log.info(
          "{}: lowering the request rate to {} a minute, as the server asks",
          name,
          requestsPerMinute);
      rateLimiter = new RateLimiter(requestsPerMinute, clock, sleeper);
    }
  }

  /**
   * Sends the request until it succeeds, fails for good, or the retries are spent.
   *
   * @param request the request
   * @param callTimeout the time limit of each attempt, or {@code null} for the client's
   * @return how the exchange ended
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public HttpOutcome execute(Request request, Duration callTimeout) throws InterruptedException {
    int attempt = 0;
    while (true) {
      attempt++;
      HttpOutcome outcome = attempt(request, callTimeout, attempt);
      boolean retryable =
          outcome.failed()
              || (!outcome.isSuccessful() && RetryPolicy.isRetryable(outcome.status()));
      if (!retryable) {
        return outcome;
      }
      if (attempt > policy.maxRetries()) {
        return outcome;
      }
      Duration wait;
      if (outcome.retryAfter() != null) {
        if (outcome.retryAfter().compareTo(policy.maxRetryAfter()) > 0) {
          log.warn(
              "{}: {} {} asked to wait {} s, longer than the {} s the client waits; giving up",
              name,
              request.method(),
              request.url().redact(),
              outcome.retryAfter().toSeconds(),
              policy.maxRetryAfter().toSeconds());
          return outcome;
        }
        wait = outcome.retryAfter();
      } else {
        wait = policy.backoff(attempt);
      }
      log.info(
          "{}: {} {} {} on attempt {}; retrying in {} ms",
          name,
          request.method(),
          request.url().redact(),
          outcome.failed() ? describe(outcome.failure()) : "HTTP " + outcome.status(),
          attempt,
          wait.toMillis());
      sleeper.sleep(wait);
    }
  }

  private HttpOutcome attempt(Request request, Duration callTimeout, int attempt)
      throws InterruptedException {
    RateLimiter limiter = rateLimiter;
    if (limiter != null) {
      limiter.acquire();
    }
    if (concurrency != null) {
      concurrency.acquire();
    }
    try {
      // A per-call limit replaces both the call and the read timeout: a non-streaming answer
      // sends nothing until it is complete, so a shorter read timeout would cut the call short.
      OkHttpClient sender =
          callTimeout == null
              ? client
              : client.newBuilder().callTimeout(callTimeout).readTimeout(callTimeout).build();
      Call call = sender.newCall(request);
      try (Response response = call.execute()) {
        ResponseBody body = response.body();
        String text = body.string();
        Duration retryAfter = RetryAfter.parse(response.headers(), clock);
        log.debug(
            "{}: {} {} -> HTTP {} (attempt {})",
            name,
            request.method(),
            request.url().redact(),
            response.code(),
            attempt);
        return new HttpOutcome(
            response.code(), response.headers(), text, null, attempt, retryAfter);
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted() && !(e instanceof InterruptedIOException)) {
          throw new InterruptedException("interrupted during " + request.url().redact());
        }
        return new HttpOutcome(0, Headers.of(), "", e, attempt, null);
      }
    } finally {
      if (concurrency != null) {
        concurrency.release();
      }
    }
  }

  private static String describe(IOException e) {
    return e instanceof InterruptedIOException
        ? "timed out"
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
