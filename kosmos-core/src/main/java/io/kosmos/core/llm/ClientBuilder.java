package io.kosmos.core.llm;

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
 * The options both HTTP clients share. Setting an option twice on one builder fails at once with a
 * message naming it; a bad value fails at once with {@link IllegalArgumentException}.
 *
 * @param <B> the concrete builder
 */
abstract class ClientBuilder<B extends ClientBuilder<B>> {

  private final Set<String> set = new HashSet<>();

  String apiKey;
  String baseUrl;
  String model;
  int maxTokens;
  Duration connectTimeout = Duration.ofSeconds(10);
  Duration readTimeout = Duration.ofMinutes(5);
  Duration callTimeout = Duration.ofMinutes(5);
  int maxRetries = 4;
  Duration backoffBase = Duration.ofSeconds(1);
  Duration backoffMax = Duration.ofSeconds(60);
  boolean jitter = true;
  Duration maxRetryAfter = Duration.ofMinutes(2);
  int maxConcurrentRequests = 8;
  int requestsPerMinute;
  PriceTable priceTable;
  OkHttpClient httpClient;
  Clock clock = Clock.systemUTC();
  Sleeper sleeper = Sleeper.SYSTEM;

  ClientBuilder() {}

  ClientBuilder(ClientSettings from) {
    apiKey = from.apiKey;
    baseUrl = from.baseUrl.toString();
    model = from.model;
    maxTokens = from.maxTokens;
    connectTimeout = from.connectTimeout;
    readTimeout = from.readTimeout;
    callTimeout = from.callTimeout;
    maxRetries = from.retry.maxRetries();
    backoffBase = from.retry.backoffBase();
    backoffMax = from.retry.backoffMax();
    jitter = from.retry.jitter();
    maxRetryAfter = from.retry.maxRetryAfter();
    maxConcurrentRequests = from.maxConcurrentRequests;
    requestsPerMinute = from.requestsPerMinute;
    priceTable = from.priceTable;
    httpClient = from.httpClient;
    clock = from.clock;
    sleeper = from.sleeper;
  }

  abstract B self();

  final void once(String option) {
    if (!set.add(option)) {
      throw new IllegalStateException(option + " was already set");
    }
  }

  /**
   * Sets the API key. It is sent in a header and appears nowhere else: not in {@code toString()},
   * logs, exceptions or recordings.
   *
   * @param apiKey the key, or {@code null} for none
   * @return this builder
   */
  public B apiKey(@Nullable String apiKey) {
    once("apiKey");
    if (apiKey != null && apiKey.isBlank()) {
      apiKey = null;
    }
    this.apiKey = apiKey == null ? null : apiKey.strip();
    return self();
  }

  /**
   * Sets the base URL of the provider's API.
   *
   * @param baseUrl an http or https URL
   * @return this builder
   * @throws IllegalArgumentException if it is not an http or https URL
   */
  public B baseUrl(String baseUrl) {
    once("baseUrl");
    Objects.requireNonNull(baseUrl, "baseUrl");
    if (HttpUrl.parse(baseUrl.strip()) == null) {
      throw new IllegalArgumentException("baseUrl must be an http or https URL, was " + baseUrl);
    }
    this.baseUrl = baseUrl.strip();
    return self();
  }

  /**
   * Sets the model asked for.
   *
   * @param model the provider's name of the model
   * @return this builder
   */
  public B model(String model) {
    once("model");
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    this.model = model.strip();
    return self();
  }

  /**
   * Caps the output tokens of every call: a request asking for more is lowered to this. Useful for
   * local models with a small context. Default: no cap.
   *
   * @param maxTokens the cap, 1 or more
   * @return this builder
   */
  public B maxTokens(int maxTokens) {
    once("maxTokens");
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be 1 or more, was " + maxTokens);
    }
    this.maxTokens = maxTokens;
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
   * Sets the time limit for each read from the connection; a non-streaming answer arrives only when
   * the model has finished, so keep it as long as the call timeout. Default 5 min.
   *
   * @param timeout the limit
   * @return this builder
   */
  public B readTimeout(Duration timeout) {
    once("readTimeout");
    this.readTimeout = positive("readTimeout", timeout);
    return self();
  }

  /**
   * Sets the time limit of one attempt of a call, from start to end. {@link
   * io.kosmos.api.ModelRequest#timeout()} overrides it per call. A timed-out attempt is retried;
   * when retries are spent the call fails saying it timed out. Default 5 min.
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
   * Sets how many times a call is retried after a 408, 409, 429, 5xx or I/O error. Default 4.
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
   * Sets the exponential backoff between retries: {@code base}, doubling up to {@code max}. Default
   * 1 s to 60 s. A {@code Retry-After} from the server replaces the backoff.
   *
   * @param base the wait before the first retry
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
   * Sets whether each backoff is drawn uniformly between zero and its exponential value ("full
   * jitter"), so that parallel callers do not retry in lockstep. Default true.
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
   * Sets the longest {@code Retry-After} the client waits for; when a server asks for more, the
   * call fails at once with the server's wait in the exception. Default 2 min.
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
   * Sets how many calls of this client may be in flight at once; more wait their turn. Default 8.
   *
   * @param max 1 or more
   * @return this builder
   */
  public B maxConcurrentRequests(int max) {
    once("maxConcurrentRequests");
    if (max < 1) {
      throw new IllegalArgumentException("maxConcurrentRequests must be 1 or more, was " + max);
    }
    this.maxConcurrentRequests = max;
    return self();
  }

  /**
   * Limits the HTTP requests this client sends a minute (retries included), with bursts of up to
   * that many. Default 0: no limit.
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
   * Sets the prices that fill {@link io.kosmos.api.ModelResponse#costUsd()}. Default {@link
   * PriceTable#defaults()}.
   *
   * @param priceTable the prices
   * @return this builder
   */
  public B priceTable(PriceTable priceTable) {
    once("priceTable");
    this.priceTable = Objects.requireNonNull(priceTable, "priceTable");
    return self();
  }

  /**
   * Sets the OkHttp client to send with: its connection pool, dispatcher, proxy and interceptors
   * are used; the timeouts of this builder replace its own. Default: a new client.
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
   * Sets the clock that reads {@code Retry-After} dates and drives the rate limiter; for tests.
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
   * Sets how the client waits between retries and for the rate limiter; for tests.
   *
   * @param sleeper the sleeper
   * @return this builder
   */
  public B sleeper(Sleeper sleeper) {
    once("sleeper");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    return self();
  }

  static Duration positive(String option, Duration value) {
    Objects.requireNonNull(value, option);
    if (!value.isPositive()) {
      throw new IllegalArgumentException(option + " must be positive, was " + value);
    }
    return value;
  }

  ClientSettings settings(String defaultBaseUrl, String defaultModel) {
    HttpUrl url = HttpUrl.parse(baseUrl != null ? baseUrl : defaultBaseUrl);
    return new ClientSettings(this, url, model != null ? model : defaultModel);
  }
}
