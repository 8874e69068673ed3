package io.kosmos.sandbox;

import io.kosmos.api.InvalidInputException;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * One gateway of a {@link GatewayPoolExecutor}: a Jupyter Server, Kernel Gateway or Enterprise
 * Gateway at a URL, with its token, how many sessions it may hold at once, and the kernel spec to
 * start there.
 *
 * <pre>{@code
 * Gateway gateway = Gateway.builder("http://10.0.0.5:8888/")
 *     .token(System.getenv("KOSMOS_GATEWAY_TOKEN"))
 *     .capacity(8)
 *     .build();
 * }</pre>
 *
 * <p>Defaults: no token, capacity 4, kernel spec {@code python3}. {@link #toString()} never shows
 * the token. Immutable; {@link #newBuilder()} derives another.
 */
public final class Gateway {

  private final HttpUrl url;
  private final String token;
  private final int capacity;
  private final String kernelName;

  private Gateway(Builder b) {
    this.url = b.url;
    this.token = b.token;
    this.capacity = b.capacity != null ? b.capacity : 4;
    this.kernelName = b.kernelName != null ? b.kernelName : "python3";
  }

  /**
   * A gateway with no token and the defaults.
   *
   * @param url for example {@code http://10.0.0.5:8888/}
   * @return the gateway
   * @throws InvalidInputException if the URL is not an http(s) URL
   */
  public static Gateway of(String url) {
    return builder(url).build();
  }

  /**
   * Starts a builder for a gateway at a URL.
   *
   * @param url for example {@code http://10.0.0.5:8888/}, with the server's base path if it has
   *     one; a missing final slash is added
   * @return a new builder
   * @throws InvalidInputException if the URL is not an http(s) URL (a URL is the user's input)
   */
  public static Builder builder(String url) {
    return new Builder(parseUrl(url, "url"));
  }

  /**
   * A builder holding this gateway's values; each option may be set once more on it.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    Builder b = new Builder(url);
    b.token = token;
    b.capacity = capacity;
    b.kernelName = kernelName;
    return b;
  }

  /**
   * The base URL, ending with a slash.
   *
   * @return the URL
   */
  public String url() {
    return url.toString();
  }

  HttpUrl httpUrl() {
    return url;
  }

  /**
   * The token, if set.
   *
   * @return the token
   */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  /**
   * How many sessions the gateway may hold at once.
   *
   * @return at least 1
   */
  public int capacity() {
    return capacity;
  }

  /**
   * The kernel spec started there.
   *
   * @return for example {@code python3}
   */
  public String kernelName() {
    return kernelName;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Gateway g
        && url.equals(g.url)
        && Objects.equals(token, g.token)
        && capacity == g.capacity
        && kernelName.equals(g.kernelName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, token, capacity, kernelName);
  }

  @Override
  public String toString() {
    return "Gateway{"
        + url
        + ", token="
        + (token == null ? "none" : "set")
        + ", capacity="
        + capacity
        + ", kernelName="
        + kernelName
        + "}";
  }

  /** Parses a gateway URL given by a user, adding the final slash. */
  static HttpUrl parseUrl(String url, String option) {
    Objects.requireNonNull(url, option);
    String trimmed = url.strip();
    HttpUrl parsed = HttpUrl.parse(trimmed.endsWith("/") ? trimmed : trimmed + "/");
    if (parsed == null || trimmed.isEmpty()) {
      throw new InvalidInputException(
          option + " must be an http(s) URL such as http://10.0.0.5:8888/, was '" + url + "'");
    }
    return parsed;
  }

  /**
   * Builds a {@link Gateway}. Each option may be set once: setting it again fails with {@link
   * IllegalStateException} naming it; a value out of range fails at once with {@link
   * IllegalArgumentException} naming the option and the value.
   */
  public static final class Builder {
    private final OptionChecks checks = new OptionChecks();
    private final HttpUrl url;
    private String token;
    private Integer capacity;
    private String kernelName;

    private Builder(HttpUrl url) {
      this.url = url;
    }

    /**
     * Sets the gateway's token, sent as {@code Authorization: token <t>}.
     *
     * @param token the token, or blank for none
     * @return this builder
     */
    public Builder token(String token) {
      checks.once("token");
      Objects.requireNonNull(token, "token");
      this.token = token.isBlank() ? null : token;
      return this;
    }

    /**
     * Sets how many sessions the gateway may hold at once; the pool places a session on the healthy
     * gateway with the most room left (by share of its capacity). Default 4.
     *
     * @param sessions 1 or more
     * @return this builder
     */
    public Builder capacity(int sessions) {
      checks.once("capacity");
      OptionChecks.check(sessions >= 1, "capacity", "1 or more", sessions);
      this.capacity = sessions;
      return this;
    }

    /**
     * Sets the kernel spec to start on this gateway. Default {@code python3}.
     *
     * @param name the kernel spec name, for example {@code python_kubernetes}
     * @return this builder
     */
    public Builder kernelName(String name) {
      checks.once("kernelName");
      this.kernelName = OptionChecks.text(name, "kernelName");
      return this;
    }

    /**
     * Builds the gateway. Every value was checked when it was set, so this cannot fail.
     *
     * @return the gateway
     */
    public Gateway build() {
      return new Gateway(this);
    }
  }
}
