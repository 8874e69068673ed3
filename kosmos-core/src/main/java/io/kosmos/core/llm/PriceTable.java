package io.kosmos.core.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.TokenUsage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What language model calls cost: US dollars per million input and output tokens, per model. The
 * clients use it to fill {@link io.kosmos.api.ModelResponse#costUsd()}, and a {@link Budget} adds
 * the costs up.
 *
 * <p>{@link #defaults()} loads {@code io/kosmos/core/llm/prices.json}, a table compiled by hand
 * whose {@code asOf} field says when. Providers change their prices: verify them and override what
 * differs, from a file of the same format ({@link #load(Path)}, or the {@code KOSMOS_PRICE_TABLE}
 * environment variable through {@link #fromEnvironment(Map)}) or in code ({@link #withPrice}).
 *
 * <p>A model is looked up by its exact name, then by the longest known name it starts with followed
 * by {@code -} ({@code claude-sonnet-4-5} prices {@code claude-sonnet-4-5-20250929}). A model the
 * table does not know costs 0, and the table logs one warning per such model. The table is
 * immutable and thread-safe.
 *
 * <p>Prompt-cache reads and writes cost {@value Price#CACHE_READ_FACTOR} and {@value
 * Price#CACHE_WRITE_FACTOR} of a model's input price (Anthropic's rates for reads and 5-minute
 * writes) unless its entry gives {@code cacheRead} and {@code cacheWrite} prices of its own.
 *
 * <pre>{@code
 * {
 *   "asOf": "2026-12-07",
 *   "models": {
 *     "my-local-model": { "input": 0, "output": 0 },
 *     "my-cached-model": { "input": 2, "output": 8, "cacheRead": 0.5, "cacheWrite": 2 }
 *   }
 * }
 * }</pre>
 */
public final class PriceTable {

  private static final Logger log = LoggerFactory.getLogger(PriceTable.class);
  private static final String RESOURCE = "prices.json";

  /** The environment variable naming a price file that overrides the defaults. */
  public static final String ENV_PRICE_TABLE = "KOSMOS_PRICE_TABLE";

  /**
   * A model's price.
   *
   * <p>Prompt-cache tokens are priced as Anthropic documents them unless a price says otherwise: a
   * read from the cache at {@value #CACHE_READ_FACTOR} of the input price, a (5-minute) write to it
   * at {@value #CACHE_WRITE_FACTOR}.
   *
   * @param inputPerMillion US dollars per million input tokens
   * @param outputPerMillion US dollars per million output tokens
   * @param cacheReadPerMillion US dollars per million input tokens read from the prompt cache
   * @param cacheWritePerMillion US dollars per million input tokens written to the prompt cache
   */
  public record Price(
      double inputPerMillion,
      double outputPerMillion,
      double cacheReadPerMillion,
      double cacheWritePerMillion) {

    /** A cache read's share of the input price, as Anthropic bills it. */
    public static final double CACHE_READ_FACTOR = 0.1;

    /** A 5-minute cache write's share of the input price, as Anthropic bills it. */
    public static final double CACHE_WRITE_FACTOR = 1.25;

    /** Checks the components. */
    public Price {
      for (double price :
          new double[] {
            inputPerMillion, outputPerMillion, cacheReadPerMillion, cacheWritePerMillion
          }) {
        if (!Double.isFinite(price) || price < 0) {
          throw new IllegalArgumentException("prices must be finite and 0 or more, not " + price);
        }
      }
    }

    /**
     * A price whose cache reads and writes cost {@value #CACHE_READ_FACTOR} and {@value
     * #CACHE_WRITE_FACTOR} of the input price.
     *
     * @param inputPerMillion US dollars per million input tokens
     * @param outputPerMillion US dollars per million output tokens
     */
    public Price(double inputPerMillion, double outputPerMillion) {
      this(
          inputPerMillion,
          outputPerMillion,
          inputPerMillion * CACHE_READ_FACTOR,
          inputPerMillion * CACHE_WRITE_FACTOR);
    }

    /**
     * What some usage costs at this price: uncached input at the input price, cache reads and
     * writes at theirs, output at the output price.
     *
     * @param usage the tokens
     * @return US dollars, finite and 0 or more
     */
    public double cost(TokenUsage usage) {
      // TokenUsage guarantees read + write <= input, so the difference is never negative.
      long uncached =
          usage.inputTokens()
              - TokenUsage.saturatingAdd(usage.cacheReadTokens(), usage.cacheWriteTokens());
      return (uncached * inputPerMillion
              + usage.cacheReadTokens() * cacheReadPerMillion
              + usage.cacheWriteTokens() * cacheWritePerMillion
              + usage.outputTokens() * outputPerMillion)
          / 1_000_000.0;
    }

    /**
     * What prompt caching saved on some usage: its cost with every input token at the input price,
     * less its cost. Negative when the writes cost more than the reads saved.
     *
     * @param usage the tokens
     * @return US dollars
     */
    public double cacheSaving(TokenUsage usage) {
      return (usage.cacheReadTokens() * (inputPerMillion - cacheReadPerMillion)
              + usage.cacheWriteTokens() * (inputPerMillion - cacheWritePerMillion))
          / 1_000_000.0;
    }
  }

  private static volatile PriceTable defaults;

  private final Map<String, Price> prices;
  private final String asOf;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  private PriceTable(Map<String, Price> prices, String asOf) {
    this.prices = Collections.unmodifiableMap(new TreeMap<>(prices));
    this.asOf = asOf;
  }

  /**
   * The table shipped with Kosmos ({@code io/kosmos/core/llm/prices.json}).
   *
   * @return the default prices
   */
  public static PriceTable defaults() {
    PriceTable table = defaults;
    if (table == null) {
      try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the resource io/kosmos/core/llm/prices.json is missing");
        }
        table = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      defaults = table;
    }
    return table;
  }

  /**
   * A table that knows no model: every call costs 0.
   *
   * @return the empty table
   */
  public static PriceTable empty() {
    return new PriceTable(Map.of(), null);
  }

  /**
   * The defaults, overridden by the file named in {@code KOSMOS_PRICE_TABLE} if that is set.
   *
   * @param env the environment
   * @return the table
   * @throws InvalidInputException if the file cannot be read or parsed
   */
  public static PriceTable fromEnvironment(Map<String, String> env) {
    String file = env.get(ENV_PRICE_TABLE);
    if (file == null || file.isBlank()) {
      return defaults();
    }
    return defaults().withOverrides(load(Path.of(file.strip())));
  }

  /**
   * Reads a price file (the format of {@code prices.json}).
   *
   * @param file the file
   * @return its prices
   * @throws InvalidInputException if it cannot be read or parsed
   */
  public static PriceTable load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read the price table "
              + file
              + ": "
              + e.getMessage()
              + "; check "
              + ENV_PRICE_TABLE,
          e);
    }
  }

  /**
   * Parses a price table from JSON text: {@code {"asOf": "...", "models": {"name": {"input": 3,
   * "output": 15}}}}.
   *
   * @param json the text
   * @param origin where it came from, for error messages
   * @return the table
   * @throws InvalidInputException if it is not a valid price table
   */
  public static PriceTable parse(String json, String origin) {
    JsonNode root;
    try {
      root = Json.parse(json);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "the price table " + origin + " is not valid JSON: " + Json.describe(e), e);
    }
    JsonNode models = root == null ? null : root.get("models");
    if (models == null || !models.isObject()) {
      throw new InvalidInputException(
          "the price table "
              + origin
              + " has no \"models\" object; expected {\"models\": {\"name\": {\"input\": 3.0,"
              + " \"output\": 15.0}}}");
    }
    Map<String, Price> prices = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = models.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode input = field.getValue().get("input");
      JsonNode output = field.getValue().get("output");
      if (input == null || !input.isNumber() || output == null || !output.isNumber()) {
        throw new InvalidInputException(
            "the price table "
                + origin
                + " gives model '"
                + field.getKey()
                + "' no numeric \"input\" and \"output\" price");
      }
      try {
        prices.put(field.getKey().toLowerCase(Locale.ROOT), price(field.getValue(), input, output));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "the price table " + origin + ": model '" + field.getKey() + "': " + e.getMessage());
      }
    }
    JsonNode asOf = root.get("asOf");
    return new PriceTable(prices, asOf == null ? null : asOf.asText());
  }

  private static Price price(JsonNode model, JsonNode input, JsonNode output) {
    Price plain = new Price(input.asDouble(), output.asDouble());
    JsonNode read = model.get("cacheRead");
    JsonNode write = model.get("cacheWrite");
    if ((read != null && !read.isNumber()) || (write != null && !write.isNumber())) {
      throw new IllegalArgumentException(
          "\"cacheRead\" and \"cacheWrite\" must be numbers when given");
    }
    return new Price(
        plain.inputPerMillion(),
        plain.outputPerMillion(),
        read == null ? plain.cacheReadPerMillion() : read.asDouble(),
        write == null ? plain.cacheWritePerMillion() : write.asDouble());
  }

  /**
   * What prompt caching saved on a call; 0 if the table does not know the model.
   *
   * @param model the model, as the provider names it
   * @param usage the call's tokens
   * @return US dollars, negative when the cache writes cost more than the reads saved
   */
  public double cacheSaving(String model, TokenUsage usage) {
    return price(model).map(p -> p.cacheSaving(usage)).orElse(0.0);
  }

  /**
   * This table with one model's price set.
   *
   * @param model the model's name (or a prefix of the names it should price)
   * @param inputPerMillion US dollars per million input tokens
   * @param outputPerMillion US dollars per million output tokens
   * @return a new table
   */
  public PriceTable withPrice(String model, double inputPerMillion, double outputPerMillion) {
    Map<String, Price> copy = new TreeMap<>(prices);
    copy.put(
        Objects.requireNonNull(model, "model").toLowerCase(Locale.ROOT),
        new Price(inputPerMillion, outputPerMillion));
    return new PriceTable(copy, asOf);
  }

  /**
   * This table with another's prices on top.
   *
   * @param overrides the prices that win
   * @return a new table
   */
  public PriceTable withOverrides(PriceTable overrides) {
    Map<String, Price> copy = new TreeMap<>(prices);
    copy.putAll(overrides.prices);
    return new PriceTable(copy, overrides.asOf != null ? overrides.asOf : asOf);
  }

  /**
   * A model's price.
   *
   * @param model the model, as the provider names it
   * @return its price, if the table knows it
   */
  public Optional<Price> price(String model) {
    if (model == null) {
      return Optional.empty();
    }
    String key = model.toLowerCase(Locale.ROOT);
    Price exact = prices.get(key);
    if (exact != null) {
      return Optional.of(exact);
    }
    String best = null;
    for (String known : prices.keySet()) {
      if (key.startsWith(known + "-") && (best == null || known.length() > best.length())) {
        best = known;
      }
    }
    return Optional.ofNullable(best == null ? null : prices.get(best));
  }

  /**
   * What a call cost; 0, with a one-time warning per model, if the table does not know the model.
   *
   * @param model the model, as the provider names it
   * @param usage the call's tokens
   * @return US dollars
   */
  public double cost(String model, TokenUsage usage) {
    Optional<Price> price = price(model);
    if (price.isEmpty()) {
      if (model != null && warned.add(model)) {
        log.warn(
            "No price known for model '{}': its calls count as costing $0. Add it to a price file"
                + " named in {} to track cost.",
            model,
            ENV_PRICE_TABLE);
      }
      return 0;
    }
    return price.get().cost(usage);
  }

  /**
   * When the prices were compiled, as the table says.
   *
   * @return the date, if the table says
   */
  public Optional<String> asOf() {
    return Optional.ofNullable(asOf);
  }

  /**
   * The models the table knows, with their prices.
   *
   * @return an unmodifiable, sorted map
   */
  public Map<String, Price> prices() {
    return prices;
  }

  @Override
  public String toString() {
    return "PriceTable{" + prices.size() + " models, asOf=" + asOf + "}";
  }
}
