package io.kosmos.core.literature;

import io.kosmos.api.InvalidInputException;
import io.kosmos.core.http.TransportOptions;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import okhttp3.HttpUrl;
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
  TransportOptions transport = TransportOptions.defaults();

  SourceBuilder() {}

  abstract B self();

  final void once(String option) {
    if (!set.add(option)) {
      throw new IllegalStateException(option + " was already set; set each option once");
    }
  }

  /**
   * Sets the key, base URL and transport a source takes from the environment: the key variable (if
   * the source has one) and {@code <NAME>_BASE_URL} (for a mirror, or a local server in tests).
   *
   * @param env the environment
   * @param keyVariable the key's variable, or {@code null}
   * @param baseUrlVariable the base URL's variable
   * @param transport the transport options
   * @return this builder
   * @throws InvalidInputException if the base URL variable is not an http or https URL
   */
  final B environment(
      Map<String, String> env,
      @Nullable String keyVariable,
      String baseUrlVariable,
      TransportOptions transport) {
    if (keyVariable != null) {
      apiKey(env.get(keyVariable));
    }
    String base = env.get(baseUrlVariable);
    if (base != null && !base.isBlank()) {
      if (HttpUrl.parse(base.strip()) == null) {
        throw new InvalidInputException(
            baseUrlVariable + " must be an http or https URL, was '" + base + "'");
      }
      baseUrl(base);
    }
    return transport(transport);
  }

  /**
   * Sets the API key; it is sent to the source and appears nowhere else.
   *
   * @param apiKey the key, or {@code null} (or blank, as an unset environment variable reads) for
   *     none
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
   * Sets how the source talks HTTP: time limits, retries and rate limits, and the OkHttp client,
   * clock and sleeper. Options left unset there take the literature sources' defaults: connect
   * timeout 10 s, 30 s per request (read and call), 4 retries with backoff from 1 s to 30 s and
   * full jitter, {@code Retry-After} honoured up to 2 min, no limit on concurrent requests, and
   * each source's polite requests-per-minute rate. Default {@link TransportOptions#defaults()}.
   *
   * @param transport the options
   * @return this builder
   */
  public B transport(TransportOptions transport) {
    once("transport");
    this.transport = Objects.requireNonNull(transport, "transport");
    return self();
  }
}
