package io.kosmos.core.llm;

import io.kosmos.api.Sleeper;
import io.kosmos.core.http.TransportOptions;
import io.kosmos.core.internal.http.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The immutable options of one HTTP client, as its builder left them, with the model clients'
 * defaults filled in where the transport options leave the choice to the client.
 */
final class ClientSettings {

  // The model clients' defaults for the transport options whose default depends on the client: a
  // model may think for minutes before its answer arrives, so the read waits as long as the call.
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(5);
  static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(5);
  static final Duration DEFAULT_BACKOFF_BASE = Duration.ofSeconds(1);
  static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(60);
  static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 8;

  final String apiKey;
  final HttpUrl baseUrl;
  final String model;
  final int maxTokens;
  final TransportOptions transport;
  final Duration connectTimeout;
  final Duration readTimeout;
  final Duration callTimeout;
  final RetryPolicy retry;
  final int maxConcurrentRequests;
  final int requestsPerMinute;
  final PriceTable priceTable;
  final OkHttpClient httpClient;
  final Clock clock;
  final Sleeper sleeper;

  ClientSettings(ClientBuilder<?> b, HttpUrl baseUrl, String model) {
    TransportOptions t = b.transport;
    this.apiKey = b.apiKey;
    this.baseUrl = baseUrl;
    this.model = model;
    this.maxTokens = b.maxTokens;
    this.transport = t;
    this.connectTimeout = t.connectTimeout();
    this.readTimeout = t.readTimeout().orElse(DEFAULT_READ_TIMEOUT);
    this.callTimeout = t.callTimeout().orElse(DEFAULT_CALL_TIMEOUT);
    this.retry =
        new RetryPolicy(
            t.maxRetries(),
            t.backoffBase().orElse(DEFAULT_BACKOFF_BASE),
            t.backoffMax().orElse(DEFAULT_BACKOFF_MAX),
            t.jitter(),
            t.maxRetryAfter());
    this.maxConcurrentRequests = t.maxConcurrentRequests().orElse(DEFAULT_MAX_CONCURRENT_REQUESTS);
    this.requestsPerMinute = t.requestsPerMinute().orElse(0);
    this.priceTable = b.priceTable != null ? b.priceTable : PriceTable.defaults();
    this.httpClient = t.httpClient().orElse(null);
    this.clock = t.clock();
    this.sleeper = t.sleeper();
  }

  OkHttpClient newHttpClient() {
    OkHttpClient.Builder builder =
        httpClient != null ? httpClient.newBuilder() : new OkHttpClient.Builder();
    return builder
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .writeTimeout(readTimeout)
        .callTimeout(callTimeout)
        .build();
  }
}
