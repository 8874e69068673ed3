package io.kosmos.core.llm;

import io.kosmos.core.http.TransportOptions;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import okhttp3.HttpUrl;
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
  TransportOptions transport = TransportOptions.defaults();
  PriceTable priceTable;

  ClientBuilder() {}

  ClientBuilder(ClientSettings from) {
    apiKey = from.apiKey;
    baseUrl = from.baseUrl.toString();
    model = from.model;
    maxTokens = from.maxTokens;
    transport = from.transport;
    priceTable = from.priceTable;
  }

  abstract B self();

  final void once(String option) {
    if (!set.add(option)) {
      throw new IllegalStateException(option + " was already set; set each option once");
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
      throw new IllegalArgumentException("model must not be blank, was '" + model + "'");
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
   * Sets how the client talks HTTP: time limits, retries, concurrency and rate limits, and the
   * OkHttp client, clock and sleeper. Options left unset there take the model clients' defaults:
   * connect timeout 10 s, read and call timeouts 5 min, 4 retries with backoff from 1 s to 60 s and
   * full jitter, {@code Retry-After} honoured up to 2 min, 8 concurrent requests, no
   * requests-per-minute limit. Default {@link TransportOptions#defaults()}.
   *
   * @param transport the options
   * @return this builder
   */
  public B transport(TransportOptions transport) {
    once("transport");
    this.transport = Objects.requireNonNull(transport, "transport");
    return self();
  }

  ClientSettings settings(String defaultBaseUrl, String defaultModel) {
    HttpUrl url = HttpUrl.parse(baseUrl != null ? baseUrl : defaultBaseUrl);
    return new ClientSettings(this, url, model != null ? model : defaultModel);
  }
}
