package io.kosmos.core.literature;

import io.kosmos.api.LiteratureException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.core.http.TransportOptions;
import io.kosmos.core.internal.http.HttpOutcome;
import io.kosmos.core.internal.http.Redactor;
import io.kosmos.core.internal.http.RetryPolicy;
import io.kosmos.core.internal.http.RetryingHttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** What the HTTP sources share: the retried GET and the mapping of failures to exceptions. */
abstract class HttpLiteratureSource implements LiteratureSource {

  // The literature sources' defaults for the transport options whose default depends on the
  // client: a search should answer in seconds, and public services ask for patience, not
  // parallelism, so there is no concurrency limit but a polite rate per source.
  static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
  static final Duration DEFAULT_BACKOFF_BASE = Duration.ofSeconds(1);
  static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);

  final String apiKey;
  final HttpUrl baseUrl;
  private final RetryingHttpClient http;
  private final String displayName;
  private final String keyVariable;

  HttpLiteratureSource(
      SourceBuilder<?> b,
      HttpUrl defaultBaseUrl,
      int defaultRpm,
      int defaultRpmWithKey,
      String displayName,
      String keyVariable) {
    this.apiKey = b.apiKey;
    this.baseUrl = b.baseUrl != null ? b.baseUrl : defaultBaseUrl;
    this.displayName = displayName;
    this.keyVariable = keyVariable;
    TransportOptions t = b.transport;
    Duration callTimeout = t.callTimeout().orElse(DEFAULT_CALL_TIMEOUT);
    OkHttpClient.Builder client =
        t.httpClient().map(OkHttpClient::newBuilder).orElseGet(OkHttpClient.Builder::new);
    client
        .connectTimeout(t.connectTimeout())
        .readTimeout(t.readTimeout().orElse(callTimeout))
        .callTimeout(callTimeout)
        .followRedirects(true);
    int rpm = t.requestsPerMinute().orElse(apiKey != null ? defaultRpmWithKey : defaultRpm);
    this.http =
        new RetryingHttpClient(
            client.build(),
            new RetryPolicy(
                t.maxRetries(),
                t.backoffBase().orElse(DEFAULT_BACKOFF_BASE),
                t.backoffMax().orElse(DEFAULT_BACKOFF_MAX),
                t.jitter(),
                t.maxRetryAfter()),
            t.sleeper(),
            t.clock(),
            t.maxConcurrentRequests().orElse(0),
            rpm,
            name());
  }

  @Override
  public final List<Paper> search(String query, int limit) {
    Objects.requireNonNull(query, "query");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
    }
    if (query.isBlank()) {
      return List.of();
    }
    return doSearch(query.strip(), limit);
  }

  abstract List<Paper> doSearch(String query, int limit);

  /** GETs a URL with retries; returns the body of a 2xx answer or throws. */
  final String get(HttpUrl url, String query, String... headers) {
    Request.Builder request = new Request.Builder().url(url).get();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    request.header("User-Agent", userAgent());
    HttpOutcome outcome;
    try {
      outcome = http.execute(request.build(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LiteratureException(displayName + " search for '" + query + "' was interrupted", e);
    }
    if (outcome.isSuccessful()) {
      answered(outcome.headers());
      return outcome.body();
    }
    throw failure(outcome, query);
  }

  /** The {@code User-Agent} of every request; a source may add a contact address. */
  String userAgent() {
    return "kosmos-java (literature search)";
  }

  /** Called with the headers of every successful answer, for sources that advertise limits. */
  void answered(Headers headers) {}

  /** Lowers the requests-per-minute rate to what the source advertised, if it is lower. */
  final void limitRate(int requestsPerMinute) {
    http.limitRate(requestsPerMinute);
  }

  /** What kind of failure an HTTP status is; OpenAlex, for one, answers 403 when over its rate. */
  LiteratureException.Reason reasonFor(int status) {
    if (status == 429) {
      return LiteratureException.Reason.RATE_LIMITED;
    }
    return status >= 500
        ? LiteratureException.Reason.SERVER_ERROR
        : LiteratureException.Reason.REJECTED;
  }

  private LiteratureException failure(HttpOutcome outcome, String query) {
    String attempts = outcome.attempts() == 1 ? "1 attempt" : outcome.attempts() + " attempts";
    if (outcome.failed()) {
      return new LiteratureException(
          redact(
              displayName
                  + " search for '"
                  + query
                  + "' failed after "
                  + attempts
                  + ": "
                  + (outcome.timedOut()
                      ? "timed out"
                      : outcome.failure().getClass().getSimpleName()
                          + ": "
                          + outcome.failure().getMessage())
                  + ". Check the network, or leave this source out."),
          outcome.timedOut()
              ? LiteratureException.Reason.TIMEOUT
              : LiteratureException.Reason.UNREACHABLE,
          null,
          outcome.failure());
    }
    int status = outcome.status();
    LiteratureException.Reason reason = reasonFor(status);
    String detail = excerpt(outcome.body());
    String hint;
    if (reason == LiteratureException.Reason.RATE_LIMITED) {
      hint =
          " The source kept refusing for rate"
              + (outcome.retryAfter() != null
                  ? " (it asked to wait " + outcome.retryAfter().toSeconds() + " s)"
                  : "")
              + "; "
              + (keyVariable != null && apiKey == null
                  ? "set " + keyVariable + " for a higher limit, or "
                  : "")
              + "lower requestsPerMinute.";
    } else if (status == 401 || status == 403) {
      hint =
          keyVariable == null
              ? " The source refused access."
              : " The source refused the API key; check " + keyVariable + ".";
    } else if (status >= 500) {
      hint = " The source is failing; try again later.";
    } else {
      hint = "";
    }
    return new LiteratureException(
        redact(
            displayName
                + " search for '"
                + query
                + "' failed with HTTP "
                + status
                + " after "
                + attempts
                + (detail.isEmpty() ? "" : ": " + detail)
                + "."
                + hint),
        reason,
        outcome.retryAfter(),
        null);
  }

  final LiteratureException malformed(String query, String problem, Throwable cause) {
    return new LiteratureException(
        redact(
            displayName + " sent a malformed answer to the search for '" + query + "': " + problem),
        LiteratureException.Reason.MALFORMED,
        null,
        cause);
  }

  /** A refusal the source wrote in a successful answer (arXiv's error entries, PubMed's ERROR). */
  final LiteratureException rejected(String query, String message) {
    return new LiteratureException(
        redact(displayName + " rejected the search for '" + query + "': " + message),
        LiteratureException.Reason.REJECTED,
        null,
        null);
  }

  private String redact(String text) {
    return Redactor.redact(text, apiKey == null ? List.of() : List.of(apiKey));
  }

  static String excerpt(String text) {
    if (text == null) {
      return "";
    }
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
  }

  /** An id for a paper with a DOI: {@code doi:} and the DOI in lower case. */
  static String doiId(String doi) {
    return "doi:" + doi.strip().toLowerCase(Locale.ROOT);
  }

  static String clean(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").strip();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "{baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey == null ? "not set" : "set")
        + "}";
  }
}
