package io.kosmos.core.http;

import io.kosmos.api.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * How an HTTP client of Kosmos talks to its server: time limits, retries, how many calls run at
 * once and how many go out a minute, and the OkHttp client, clock and sleeper it uses. One value
 * serves every HTTP client: the language model clients ({@code AnthropicModel}, {@code
 * OpenAiCompatibleModel}) and the literature sources ({@code SemanticScholarSource}, {@code
 * ArxivSource}, {@code PubMedSource}) all take it through their builder's {@code
 * transport(TransportOptions)}.
 *
 * <pre>{@code
 * TransportOptions transport = TransportOptions.builder()
 *     .maxRetries(2)
 *     .httpClient(sharedOkHttp)
 *     .build();
 * LanguageModel model = AnthropicModel.builder().apiKey(key).transport(transport).build();
 * LiteratureSource arxiv = ArxivSource.builder().transport(transport).build();
 * }</pre>
 *
 * <p><b>Defaults.</b> An option left unset takes the default of the client it is given to. Most
 * defaults are the same everywhere and read as plain values here. Five differ, because a model call
 * may think for minutes while a literature search should answer in seconds and be polite to a
 * public service; their accessors return empty until set:
 *
 * <table>
 *   <caption>Defaults that depend on the client</caption>
 *   <tr><th>option</th><th>model clients</th><th>literature sources</th></tr>
 *   <tr><td>{@code readTimeout}</td><td>5 min</td><td>the call timeout</td></tr>
 *   <tr><td>{@code callTimeout}</td><td>5 min</td><td>30 s</td></tr>
 *   <tr><td>{@code backoff}</td><td>1 s to 60 s</td><td>1 s to 30 s</td></tr>
 *   <tr><td>{@code maxConcurrentRequests}</td><td>8</td><td>no limit</td></tr>
 *   <tr><td>{@code requestsPerMinute}</td><td>no limit</td><td>each source's polite rate</td></tr>
 * </table>
 *
 * <p>Retried: HTTP 408, 409, 429, 5xx and I/O errors, timeouts included; a {@code Retry-After} from
 * the server replaces the backoff. Instances are immutable and thread-safe; {@link #newBuilder()}
 * derives another.
 */
public final class TransportOptions {

  private static final TransportOptions DEFAULTS = builder().build();

  // Options whose default depends on the client are null until set.
  private record Values(
      Duration connectTimeout,
      Duration readTimeout,
      Duration callTimeout,
      int maxRetries,
      Duration backoffBase,
      Duration backoffMax,
      boolean jitter,
      Duration maxRetryAfter,
      Integer maxConcurrentRequests,
      Integer requestsPerMinute,
      OkHttpClient httpClient,
      Clock clock,
      Sleeper sleeper) {}

  private final Values v;

  private TransportOptions(Builder b) {
    this.v =
        new Values(
            b.connectTimeout,
            b.readTimeout,
            b.callTimeout,
            b.maxRetries,
            b.backoffBase,
            b.backoffMax,
            b.jitter,
            b.maxRetryAfter,
            b.maxConcurrentRequests,
            b.requestsPerMinute,
            b.httpClient,
            b.clock,
            b.sleeper);
  }

  /**
   * Options with nothing set: every client uses its own defaults.
   *
   * @return the default options
   */
  public static TransportOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these options, to derive others from them. Each option may still be set once
   * on it; setting one replaces the copied value.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * The time limit for opening a connection. Default 10 s.
   *
   * @return the limit
   */
  public Duration connectTimeout() {
    return v.connectTimeout;
  }

  /**
   * The time limit for each read from the connection, if set. Default: 5 min for model clients (a
   * non-streaming answer arrives only when the model has finished), the call timeout for literature
   * sources.
   *
   * @return the limit, or empty for the client's default
   */
  public Optional<Duration> readTimeout() {
    return Optional.ofNullable(v.readTimeout);
  }

  /**
   * The time limit of one attempt, from start to end, if set. A timed-out attempt is retried. For
   * model clients {@code ModelRequest.timeout()} overrides it per call. Default: 5 min for model
   * clients, 30 s for literature sources.
   *
   * @return the limit, or empty for the client's default
   */
  public Optional<Duration> callTimeout() {
    return Optional.ofNullable(v.callTimeout);
  }

  /**
   * How many times a call is retried after a 408, 409, 429, 5xx or I/O error. Default 4.
   *
   * @return 0 or more
   */
  public int maxRetries() {
    return v.maxRetries;
  }

  /**
   * The wait before the first retry, if {@linkplain Builder#backoff(Duration, Duration) set}; it
   * doubles with each retry up to {@link #backoffMax()}. Default 1 s.
   *
   * @return the first wait, or empty for the client's default
   */
  public Optional<Duration> backoffBase() {
    return Optional.ofNullable(v.backoffBase);
  }

  /**
   * The longest wait between retries, if {@linkplain Builder#backoff(Duration, Duration) set}.
   * Default: 60 s for model clients, 30 s for literature sources.
   *
   * @return the longest wait, or empty for the client's default
   */
  public Optional<Duration> backoffMax() {
    return Optional.ofNullable(v.backoffMax);
  }

  /**
   * Whether each backoff is drawn uniformly between zero and its exponential value ("full jitter"),
   * so that parallel callers do not retry in lockstep. Default true.
   *
   * @return whether to jitter
   */
  public boolean jitter() {
    return v.jitter;
  }

  /**
   * The longest {@code Retry-After} a client waits for; when a server asks for more, the call fails
   * at once, carrying the server's wait. Default 2 min.
   *
   * @return the longest wait
   */
  public Duration maxRetryAfter() {
    return v.maxRetryAfter;
  }

  /**
   * How many calls of one client may be in flight at once, if set; more wait their turn. Default: 8
   * for model clients, no limit for literature sources.
   *
   * @return 1 or more, or empty for the client's default
   */
  public OptionalInt maxConcurrentRequests() {
    return v.maxConcurrentRequests == null
        ? OptionalInt.empty()
        : OptionalInt.of(v.maxConcurrentRequests);
  }

  /**
   * The most HTTP requests one client sends a minute (retries included, bursts up to that many), if
   * set; 0 means no limit. Default: no limit for model clients, each source's polite rate for
   * literature sources.
   *
   * @return 0 or more, or empty for the client's default
   */
  public OptionalInt requestsPerMinute() {
    return v.requestsPerMinute == null ? OptionalInt.empty() : OptionalInt.of(v.requestsPerMinute);
  }

  /**
   * The OkHttp client to send with, if set: its connection pool, dispatcher, proxy and interceptors
   * are used, and these options' timeouts replace its own. Default: a new client per Kosmos client.
   *
   * @return the client, or empty for a new one
   */
  public Optional<OkHttpClient> httpClient() {
    return Optional.ofNullable(v.httpClient);
  }

  /**
   * The clock that reads {@code Retry-After} dates and drives the rate limiter. Default the system
   * clock in UTC.
   *
   * @return the clock
   */
  public Clock clock() {
    return v.clock;
  }

  /**
   * How a client waits between retries and for the rate limiter. Default {@link Sleeper#SYSTEM}.
   *
   * @return the sleeper
   */
  public Sleeper sleeper() {
    return v.sleeper;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransportOptions t && v.equals(t.v);
  }

  @Override
  public int hashCode() {
    return v.hashCode();
  }

  /**
   * The options, for logs: {@code null} stands for the client's default.
   *
   * @return for example {@code TransportOptions[connectTimeout=PT10S, readTimeout=null, ...]}
   */
  @Override
  public String toString() {
    return "TransportOptions" + v.toString().substring("Values".length());
  }

  /**
   * Builds {@link TransportOptions}. Each option may be set once: setting it again fails with
   * {@link IllegalStateException} naming it. A value out of range fails at once with {@link
   * IllegalArgumentException} naming the option and the value. Options left unset take the defaults
   * of the client the options are given to (see {@link TransportOptions}).
   */
  public static final class Builder {
    private final Set<String> set = new HashSet<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout;
    private Duration callTimeout;
    private int maxRetries = 4;
    private Duration backoffBase;
    private Duration backoffMax;
    private boolean jitter = true;
    private Duration maxRetryAfter = Duration.ofMinutes(2);
    private Integer maxConcurrentRequests;
    private Integer requestsPerMinute;
    private OkHttpClient httpClient;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;

    private Builder() {}

    private Builder(TransportOptions from) {
      Values v = from.v;
      connectTimeout = v.connectTimeout;
      readTimeout = v.readTimeout;
      callTimeout = v.callTimeout;
      maxRetries = v.maxRetries;
      backoffBase = v.backoffBase;
      backoffMax = v.backoffMax;
      jitter = v.jitter;
      maxRetryAfter = v.maxRetryAfter;
      maxConcurrentRequests = v.maxConcurrentRequests;
      requestsPerMinute = v.requestsPerMinute;
      httpClient = v.httpClient;
      clock = v.clock;
      sleeper = v.sleeper;
    }

    /**
     * Sets the time limit for opening a connection. Default 10 s.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      once("connectTimeout");
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /**
     * Sets the time limit for each read; for a model client keep it as long as the call timeout.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      once("readTimeout");
      this.readTimeout = positive("readTimeout", timeout);
      return this;
    }

    /**
     * Sets the time limit of one attempt of a call, from start to end; a timeout is retried.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      once("callTimeout");
      this.callTimeout = positive("callTimeout", timeout);
      return this;
    }

    /**
     * Sets how many times a call is retried after a 408, 409, 429, 5xx or I/O error. Default 4.
     *
     * @param maxRetries 0 or more
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      once("maxRetries");
      check(maxRetries >= 0, "maxRetries", "0 or more", maxRetries);
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets the exponential backoff between retries: {@code base}, doubling up to {@code max}. A
     * {@code Retry-After} from the server replaces it.
     *
     * @param base the wait before the first retry, 0 or more
     * @param max the longest wait, at least {@code base}
     * @return this builder
     */
    public Builder backoff(Duration base, Duration max) {
      once("backoff");
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(max, "max");
      if (base.isNegative() || max.compareTo(base) < 0) {
        throw new IllegalArgumentException(
            "backoff needs 0 <= base <= max, was base " + base + ", max " + max);
      }
      this.backoffBase = base;
      this.backoffMax = max;
      return this;
    }

    /**
     * Sets whether backoffs are drawn uniformly below their exponential value. Default true.
     *
     * @param jitter whether to jitter
     * @return this builder
     */
    public Builder jitter(boolean jitter) {
      once("jitter");
      this.jitter = jitter;
      return this;
    }

    /**
     * Sets the longest {@code Retry-After} a client waits for. Default 2 min.
     *
     * @param max 0 or more
     * @return this builder
     */
    public Builder maxRetryAfter(Duration max) {
      once("maxRetryAfter");
      check(
          !Objects.requireNonNull(max, "maxRetryAfter").isNegative(),
          "maxRetryAfter",
          "0 or more",
          max);
      this.maxRetryAfter = max;
      return this;
    }

    /**
     * Sets how many calls of one client may be in flight at once; more wait their turn.
     *
     * @param max 1 or more
     * @return this builder
     */
    public Builder maxConcurrentRequests(int max) {
      once("maxConcurrentRequests");
      check(max >= 1, "maxConcurrentRequests", "1 or more", max);
      this.maxConcurrentRequests = max;
      return this;
    }

    /**
     * Limits the HTTP requests one client sends a minute, retries included.
     *
     * @param requestsPerMinute the limit, or 0 for none
     * @return this builder
     */
    public Builder requestsPerMinute(int requestsPerMinute) {
      once("requestsPerMinute");
      check(requestsPerMinute >= 0, "requestsPerMinute", "0 (no limit) or more", requestsPerMinute);
      this.requestsPerMinute = requestsPerMinute;
      return this;
    }

    /**
     * Sets the OkHttp client to send with; clients that share it share its connection pool.
     *
     * @param httpClient the client
     * @return this builder
     */
    public Builder httpClient(OkHttpClient httpClient) {
      once("httpClient");
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * Sets the clock that reads {@code Retry-After} dates and drives the rate limiter; for tests.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      once("clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how a client waits between retries and for the rate limiter; for tests.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      once("sleeper");
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Builds the options. Every value was checked when it was set, so this cannot fail.
     *
     * @return the options
     */
    public TransportOptions build() {
      return new TransportOptions(this);
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set; set each option once");
      }
    }

    private static Duration positive(String option, Duration value) {
      check(Objects.requireNonNull(value, option).isPositive(), option, "positive", value);
      return value;
    }

    private static void check(boolean ok, String option, String rule, Object value) {
      if (!ok) {
        throw new IllegalArgumentException(option + " must be " + rule + ", was " + value);
      }
    }
  }
}
