package io.kosmos.core.llm;

import io.kosmos.api.Sleeper;
import io.kosmos.core.internal.http.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** The immutable options of one HTTP client, as its builder left them. */
final class ClientSettings {
  final String apiKey;
  final HttpUrl baseUrl;
  final String model;
  final int maxTokens;
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
    this.apiKey = b.apiKey;
    this.baseUrl = baseUrl;
    this.model = model;
    this.maxTokens = b.maxTokens;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.callTimeout = b.callTimeout;
    this.retry =
        new RetryPolicy(b.maxRetries, b.backoffBase, b.backoffMax, b.jitter, b.maxRetryAfter);
    this.maxConcurrentRequests = b.maxConcurrentRequests;
    this.requestsPerMinute = b.requestsPerMinute;
    this.priceTable = b.priceTable != null ? b.priceTable : PriceTable.defaults();
    this.httpClient = b.httpClient;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
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
