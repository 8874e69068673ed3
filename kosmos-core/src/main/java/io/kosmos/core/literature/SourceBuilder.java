package io.kosmos.core.literature;

import io.kosmos.api.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The options every HTTP literature source shares. Setting an option twice fails at once with a
 * message naming it; a bad value fails at once with {@link IllegalArgumentException}.
 *
 * @param <B> the concrete builder
 */
abstract class SourceBuilder<B extends SourceBuilder<B>> {

  private final Set<String> set = new HashSet<>();

  String apiKey;
  HttpUrl baseUrl;
  Duration connectTimeout = Duration.ofSeconds(10);
  Duration callTimeout = Duration.ofSeconds(30);
  int maxRetries = 4;
  Duration backoffBase = Duration.ofSeconds(1);
  Duration backoffMax = Duration.ofSeconds(30);
  boolean jitter = true;
  Duration maxRetryAfter = Duration.ofMinutes(2);
  Integer requestsPerMinute;
  OkHttpClient httpClient;
  Clock clock = Clock.systemUTC();
  Sleeper sleeper = Sleeper.SYSTEM;

  SourceBuilder() {}

  abstract B self();

  final void once(String option) {
    if (!set.add(option)) {
      throw new IllegalStateException(option + " was already set");
    }
  }

  /**
   * Sets the API key; it is sent to the source and appears nowhere else.
   *
   * @param apiKey the key, or {@code null} for none
   * @return this builder
   */
  public B apiKey(@Nullable String apiKey) {
    once("apiKey");
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    return self();
  }

  /**
   * Sets the base URL of the source's API, for tests or a mirror.
   *
   * @param baseUrl an http or https URL
   * @return this builder
   */
  public B baseUrl(String baseUrl) {
    once("baseUrl");
    Objects.requireNonNull(baseUrl, "baseUrl");
    HttpUrl url = HttpUrl.parse(baseUrl.strip());
    if (url == null) {
      throw new IllegalArgumentException("baseUrl must be an http or https URL, was " + baseUrl);
    }
    this.baseUrl = url;
    return self();
  }

  /**
   * Sets the time limit for opening a connection. Default 10 s.
   *
   * @param timeout the limit
   * @return this builder
   */
  public B connectTimeout(Duration timeout) {
    once("connectTimeout");
    this.connectTimeout = positive("connectTimeout", timeout);
    return self();
  }

  /**
   * Sets the time limit of one request, from start to end; a timeout is retried. Default 30 s.
   *
   * @param timeout the limit
   * @return this builder
   */
  public B callTimeout(Duration timeout) {
    once("callTimeout");
    this.callTimeout = positive("callTimeout", timeout);
    return self();
  }

  /**
   * Sets how many times a request is retried after a 408, 409, 429, 5xx or I/O error. Default 4.
   *
   * @param maxRetries 0 or more
   * @return this builder
   */
  public B maxRetries(int maxRetries) {
    once("maxRetries");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be 0 or more, was " + maxRetries);
    }
    this.maxRetries = maxRetries;
    return self();
  }

  /**
   * Sets the exponential backoff between retries. Default 1 s to 30 s. A {@code Retry-After} from
   * the source replaces it.
   *
   * @param base the first wait
   * @param max the longest wait
   * @return this builder
   */
  public B backoff(Duration base, Duration max) {
    once("backoff");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(max, "max");
    if (base.isNegative() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 <= base <= max, was base " + base + ", max " + max);
    }
    this.backoffBase = base;
    this.backoffMax = max;
    return self();
  }

  /**
   * Sets whether backoffs are drawn uniformly below their exponential value. Default true.
   *
   * @param jitter whether to jitter
   * @return this builder
   */
  public B jitter(boolean jitter) {
    once("jitter");
    this.jitter = jitter;
    return self();
  }

  /**
   * Sets the longest {@code Retry-After} the source waits for; a longer one fails the search at
   * once. Default 2 min.
   *
   * @param max the longest wait
   * @return this builder
   */
  public B maxRetryAfter(Duration max) {
    once("maxRetryAfter");
    Objects.requireNonNull(max, "maxRetryAfter");
    if (max.isNegative()) {
      throw new IllegalArgumentException("maxRetryAfter cannot be negative, was " + max);
    }
    this.maxRetryAfter = max;
    return self();
  }

  /**
   * Sets the polite rate: the most HTTP requests a minute this source sends. Each source's default
   * follows its published guidance.
   *
   * @param requestsPerMinute the limit, or 0 for none
   * @return this builder
   */
  public B requestsPerMinute(int requestsPerMinute) {
    once("requestsPerMinute");
    if (requestsPerMinute < 0) {
      throw new IllegalArgumentException(
          "requestsPerMinute must be 0 (no limit) or more, was " + requestsPerMinute);
    }
    this.requestsPerMinute = requestsPerMinute;
    return self();
  }

  /**
   * Sets the OkHttp client to send with; this builder's timeouts replace its own.
   *
   * @param httpClient the client
   * @return this builder
   */
  public B httpClient(OkHttpClient httpClient) {
    once("httpClient");
    this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
    return self();
  }

  /**
   * Sets the clock for {@code Retry-After} dates and the rate limiter; for tests.
   *
   * @param clock the clock
   * @return this builder
   */
  public B clock(Clock clock) {
    once("clock");
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /**
   * Sets how the source waits; for tests.
   *
   * @param sleeper the sleeper
   * @return this builder
   */
  public B sleeper(Sleeper sleeper) {
    once("sleeper");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    return self();
  }

  private static Duration positive(String option, Duration value) {
    Objects.requireNonNull(value, option);
    if (!value.isPositive()) {
      throw new IllegalArgumentException(option + " must be positive, was " + value);
    }
    return value;
  }
}
