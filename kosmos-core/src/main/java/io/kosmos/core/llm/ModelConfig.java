package io.kosmos.core.llm;

import io.kosmos.api.InvalidInputException;
import io.kosmos.api.LanguageModel;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Which language model to use and how to reach it: provider, model, base URL and API key. Made from
 * the environment ({@link #fromEnvironment(Map)}), from explicit values such as command-line
 * options ({@link #resolve}), or by hand ({@link #builder(Provider)}); {@link #newModel()} builds
 * the client.
 *
 * <p><b>Environment variables and precedence.</b> An explicit value (a command-line option) beats
 * an environment variable, which beats a default.
 *
 * <ol>
 *   <li>Provider: the explicit one; else {@code KOSMOS_PROVIDER} ({@code anthropic} or {@code
 *       openai}); else Anthropic if {@code ANTHROPIC_API_KEY} is set; else OpenAI-compatible if
 *       {@code OPENAI_API_KEY} or {@code OPENAI_BASE_URL} (or an explicit base URL) is set; else
 *       none, and the run goes without a language model.
 *   <li>API key: {@code ANTHROPIC_API_KEY} or {@code OPENAI_API_KEY}, by provider (optional for an
 *       OpenAI-compatible local server).
 *   <li>Base URL: the explicit one; else {@code ANTHROPIC_BASE_URL} or {@code OPENAI_BASE_URL}, by
 *       provider; else the provider's.
 *   <li>Model: the explicit one; else {@code KOSMOS_MODEL}; else {@value
 *       AnthropicModel#DEFAULT_MODEL} for Anthropic and {@value
 *       OpenAiCompatibleModel#DEFAULT_MODEL} for OpenAI's own endpoint. Another OpenAI-compatible
 *       endpoint needs a model named.
 *   <li>Prices: {@link PriceTable#fromEnvironment(Map)} ({@code KOSMOS_PRICE_TABLE}).
 * </ol>
 *
 * <p>The key never leaves this object except in the header the client sends: {@link #toString()}
 * and {@link #describe()} say only whether it is set.
 */
public final class ModelConfig {

  /**
   * When the default model names ({@link AnthropicModel#DEFAULT_MODEL}, {@link
   * OpenAiCompatibleModel#DEFAULT_MODEL}) were last reviewed.
   */
  public static final String DEFAULT_MODELS_AS_OF = "2026-12-07";

  /** The environment variable that picks the provider when several are configured. */
  public static final String ENV_PROVIDER = "KOSMOS_PROVIDER";

  /** The environment variable that names the model. */
  public static final String ENV_MODEL = "KOSMOS_MODEL";

  /** The environment variable with Anthropic's base URL. */
  public static final String ENV_ANTHROPIC_BASE_URL = "ANTHROPIC_BASE_URL";

  /** The environment variable with the OpenAI-compatible base URL. */
  public static final String ENV_OPENAI_BASE_URL = "OPENAI_BASE_URL";

  /** A language model provider. */
  public enum Provider {
    /** Anthropic's Messages API: {@link AnthropicModel}. */
    ANTHROPIC("anthropic", AnthropicModel.ENV_API_KEY),
    /** Any OpenAI-compatible Chat Completions endpoint: {@link OpenAiCompatibleModel}. */
    OPENAI("openai", OpenAiCompatibleModel.ENV_API_KEY);

    private final String id;
    private final String keyVariable;

    Provider(String id, String keyVariable) {
      this.id = id;
      this.keyVariable = keyVariable;
    }

    /**
     * The provider's name, as {@link LanguageModel#provider()} gives it.
     *
     * @return {@code anthropic} or {@code openai}
     */
    public String id() {
      return id;
    }

    /**
     * The environment variable that holds the provider's key.
     *
     * @return the variable's name
     */
    public String keyVariable() {
      return keyVariable;
    }

    /**
     * The provider of a name.
     *
     * @param name {@code anthropic}, or {@code openai} (also {@code openai-compatible}, {@code
     *     vllm}, {@code ollama}, {@code lmstudio}), in any case
     * @return the provider
     * @throws InvalidInputException for another name
     */
    public static Provider of(String name) {
      String n = name.strip().toLowerCase(Locale.ROOT);
      return switch (n) {
        case "anthropic", "claude" -> ANTHROPIC;
        case "openai", "openai-compatible", "vllm", "ollama", "lmstudio", "lm-studio" -> OPENAI;
        default ->
            throw new InvalidInputException(
                "unknown language model provider '" + name + "': use anthropic or openai");
      };
    }
  }

  private final Provider provider;
  private final String model;
  private final String baseUrl;
  private final String apiKey;
  private final PriceTable priceTable;
  private final String origin;

  private ModelConfig(Builder b) {
    this.provider = b.provider;
    this.model = b.model;
    this.baseUrl = b.baseUrl;
    this.apiKey = b.apiKey;
    this.priceTable = b.priceTable;
    this.origin = b.origin;
  }

  /**
   * The configuration the environment asks for, if any.
   *
   * @param env the environment, for example {@link System#getenv()}
   * @return the configuration, or empty when no provider is configured
   * @throws InvalidInputException if the environment is inconsistent (an unknown provider, a
   *     provider without its key, a local endpoint without a model)
   */
  public static Optional<ModelConfig> fromEnvironment(Map<String, String> env) {
    return resolve(env, null, null, null);
  }

  /**
   * The configuration asked for by explicit values (for example {@code --provider}, {@code --model}
   * and {@code --base-url}) on top of the environment.
   *
   * @param env the environment
   * @param provider the provider's name, or {@code null} to decide from the environment
   * @param model the model, or {@code null}
   * @param baseUrl the base URL, or {@code null}
   * @return the configuration, or empty when no provider is given or configured
   * @throws InvalidInputException if the values are inconsistent
   */
  public static Optional<ModelConfig> resolve(
      Map<String, String> env,
      @Nullable String provider,
      @Nullable String model,
      @Nullable String baseUrl) {
    Objects.requireNonNull(env, "env");
    Provider chosen;
    String why;
    if (present(provider)) {
      chosen = Provider.of(provider);
      why = "chosen explicitly";
    } else if (present(env.get(ENV_PROVIDER))) {
      chosen = Provider.of(env.get(ENV_PROVIDER));
      why = "chosen by " + ENV_PROVIDER;
    } else if (present(env.get(AnthropicModel.ENV_API_KEY))) {
      chosen = Provider.ANTHROPIC;
      why = "because " + AnthropicModel.ENV_API_KEY + " is set";
    } else if (present(env.get(OpenAiCompatibleModel.ENV_API_KEY))
        || present(env.get(ENV_OPENAI_BASE_URL))
        || present(baseUrl)) {
      chosen = Provider.OPENAI;
      why =
          "because "
              + (present(env.get(OpenAiCompatibleModel.ENV_API_KEY))
                  ? OpenAiCompatibleModel.ENV_API_KEY
                  : present(baseUrl) ? "a base URL" : ENV_OPENAI_BASE_URL)
              + " is set";
    } else {
      return Optional.empty();
    }
    Builder b = builder(chosen);
    String key = env.get(chosen.keyVariable());
    if (present(key)) {
      b.apiKey(key);
    }
    String url =
        present(baseUrl)
            ? baseUrl
            : env.get(chosen == Provider.ANTHROPIC ? ENV_ANTHROPIC_BASE_URL : ENV_OPENAI_BASE_URL);
    if (present(url)) {
      b.baseUrl(url);
    }
    String name = present(model) ? model : env.get(ENV_MODEL);
    if (present(name)) {
      b.model(name);
    }
    b.priceTable(PriceTable.fromEnvironment(env));
    b.origin = why;
    return Optional.of(b.build());
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  /**
   * Starts a builder for a provider.
   *
   * @param provider the provider
   * @return a new builder
   */
  public static Builder builder(Provider provider) {
    return new Builder(provider);
  }

  /**
   * A builder holding this configuration, to change some of it. Each option may still be set once
   * on it; setting one replaces the copied value.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    Builder b = new Builder(provider);
    b.model = model;
    b.baseUrl = baseUrl;
    b.apiKey = apiKey;
    b.priceTable = priceTable;
    b.origin = origin;
    return b;
  }

  /**
   * Builds the client this configuration describes.
   *
   * @return a new {@link AnthropicModel} or {@link OpenAiCompatibleModel}
   */
  public LanguageModel newModel() {
    return switch (provider) {
      case ANTHROPIC -> {
        AnthropicModel.Builder b = AnthropicModel.builder().apiKey(apiKey).model(model);
        if (baseUrl != null) {
          b.baseUrl(baseUrl);
        }
        yield b.priceTable(priceTable).build();
      }
      case OPENAI -> {
        OpenAiCompatibleModel.Builder b =
            OpenAiCompatibleModel.builder().apiKey(apiKey).model(model);
        if (baseUrl != null) {
          b.baseUrl(baseUrl);
        }
        yield b.priceTable(priceTable).build();
      }
    };
  }

  /**
   * The provider.
   *
   * @return the provider
   */
  public Provider provider() {
    return provider;
  }

  /**
   * The model.
   *
   * @return the model's name
   */
  public String model() {
    return model;
  }

  /**
   * The base URL.
   *
   * @return the URL requests go to
   */
  public String baseUrl() {
    return baseUrl != null
        ? baseUrl
        : provider == Provider.ANTHROPIC
            ? AnthropicModel.DEFAULT_BASE_URL
            : OpenAiCompatibleModel.DEFAULT_BASE_URL;
  }

  /**
   * Whether an API key is set. The key itself is not exposed.
   *
   * @return whether there is a key
   */
  public boolean hasApiKey() {
    return apiKey != null;
  }

  /**
   * The prices the client will use.
   *
   * @return the price table
   */
  public PriceTable priceTable() {
    return priceTable;
  }

  /**
   * One line for {@code kosmos doctor}: provider, model, base URL, whether a key is set, and why
   * this provider was chosen. Never the key.
   *
   * @return the description
   */
  public String describe() {
    return provider.id()
        + " (model "
        + model
        + ", "
        + baseUrl()
        + ", API key "
        + (apiKey == null ? "not set" : "set in " + provider.keyVariable())
        + (origin == null ? "" : "; " + origin)
        + ")";
  }

  @Override
  public String toString() {
    return "ModelConfig{" + describe() + "}";
  }

  /**
   * Builds {@link ModelConfig}s. Each option may be set once: setting it again fails with {@link
   * IllegalStateException} naming it. Because a configuration carries what a user typed or put in
   * the environment, a bad value is an {@link InvalidInputException}: a base URL that is not
   * http(s) when it is set, a missing key or model in {@link #build()}.
   */
  public static final class Builder {
    private final Set<String> set = new HashSet<>();
    private final Provider provider;
    private String model;
    private String baseUrl;
    private String apiKey;
    private PriceTable priceTable = PriceTable.defaults();
    private String origin;

    private Builder(Provider provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set; set each option once");
      }
    }

    /**
     * Sets the model.
     *
     * @param model the provider's name of the model, or {@code null} (or blank) for the provider's
     *     default
     * @return this builder
     */
    public Builder model(String model) {
      once("model");
      this.model = model == null || model.isBlank() ? null : model.strip();
      return this;
    }

    /**
     * Sets the base URL.
     *
     * @param baseUrl an http or https URL, or {@code null} for the provider's
     * @return this builder
     * @throws InvalidInputException if it is not an http or https URL
     */
    public Builder baseUrl(@Nullable String baseUrl) {
      once("baseUrl");
      if (baseUrl != null && HttpUrl.parse(baseUrl.strip()) == null) {
        throw new InvalidInputException(
            "the base URL '" + baseUrl + "' is not an http or https URL");
      }
      this.baseUrl = baseUrl == null ? null : baseUrl.strip();
      return this;
    }

    /**
     * Sets the API key.
     *
     * @param apiKey the key, or {@code null} (or blank) for none
     * @return this builder
     */
    public Builder apiKey(@Nullable String apiKey) {
      once("apiKey");
      this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
      return this;
    }

    /**
     * Sets the prices. Default {@link PriceTable#defaults()}.
     *
     * @param priceTable the prices
     * @return this builder
     */
    public Builder priceTable(PriceTable priceTable) {
      once("priceTable");
      this.priceTable = Objects.requireNonNull(priceTable, "priceTable");
      return this;
    }

    /**
     * Checks and builds the configuration.
     *
     * @return the configuration
     * @throws InvalidInputException if Anthropic has no key, or an OpenAI-compatible endpoint other
     *     than OpenAI's has no model
     */
    public ModelConfig build() {
      if (provider == Provider.ANTHROPIC && apiKey == null) {
        throw new InvalidInputException(
            "Anthropic needs an API key: set " + AnthropicModel.ENV_API_KEY);
      }
      if (model == null) {
        if (provider == Provider.ANTHROPIC) {
          model = AnthropicModel.DEFAULT_MODEL;
        } else if (baseUrl == null || OpenAiCompatibleModel.isOpenAi(HttpUrl.get(baseUrl))) {
          model = OpenAiCompatibleModel.DEFAULT_MODEL;
        } else {
          throw new InvalidInputException(
              "the OpenAI-compatible server at "
                  + baseUrl
                  + " needs a model name: set "
                  + ENV_MODEL
                  + " (or --model) to a model it serves, for example llama3.1:8b");
        }
      }
      return new ModelConfig(this);
    }
  }
}
