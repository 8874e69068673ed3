package io.kosmos.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One call to a {@link LanguageModel}.
 *
 * @param system the system prompt, or empty
 * @param messages the conversation so far; never empty
 * @param maxTokens the most tokens the answer may have
 * @param temperature sampling temperature, or {@code null} for the provider's default
 * @param schema the JSON schema the answer must follow, or {@code null} for free text
 * @param tools tools the model may call (empty for none)
 * @param purpose what the call is for ({@code plan}, {@code review}, {@code analyst}, ...), for
 *     cost accounting and recordings
 * @param timeout the call's time limit, or {@code null} for the client's default
 */
public record ModelRequest(
    String system,
    List<ChatMessage> messages,
    int maxTokens,
    @Nullable Double temperature,
    @Nullable JsonSchema schema,
    List<ToolSpec> tools,
    String purpose,
    @Nullable Duration timeout) {

  /** Checks the components and copies the lists. */
  public ModelRequest {
    Objects.requireNonNull(system, "system");
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a model request needs at least one message");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be 1 or more, was " + maxTokens);
    }
    tools = List.copyOf(tools);
    Objects.requireNonNull(purpose, "purpose");
  }

  /**
   * Starts a builder with no system prompt, 4,096 output tokens and purpose {@code chat}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds {@link ModelRequest}s. Each option may be set once: setting it again fails with {@link
   * IllegalStateException} naming it; the adders ({@link #message}, {@link #messages}, {@link
   * #user}, {@link #tool}) may be called any number of times. A value out of range fails at once
   * with {@link IllegalArgumentException} naming the option and the value.
   */
  public static final class Builder {
    private final OptionChecks checks = new OptionChecks();
    private String system = "";
    private final List<ChatMessage> messages = new ArrayList<>();
    private int maxTokens = 4096;
    private Double temperature;
    private JsonSchema schema;
    private final List<ToolSpec> tools = new ArrayList<>();
    private String purpose = "chat";
    private Duration timeout;

    private Builder() {}

    /**
     * Sets the system prompt.
     *
     * @param system the prompt
     * @return this builder
     */
    public Builder system(String system) {
      checks.once("system");
      this.system = Objects.requireNonNull(system, "system");
      return this;
    }

    /**
     * Adds a message.
     *
     * @param message the message
     * @return this builder
     */
    public Builder message(ChatMessage message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /**
     * Adds messages.
     *
     * @param all the messages, in order
     * @return this builder
     */
    public Builder messages(List<ChatMessage> all) {
      all.forEach(this::message);
      return this;
    }

    /**
     * Adds a user message.
     *
     * @param content the text
     * @return this builder
     */
    public Builder user(String content) {
      return message(ChatMessage.user(content));
    }

    /**
     * Sets the output token limit.
     *
     * @param maxTokens the limit, 1 or more
     * @return this builder
     */
    public Builder maxTokens(int maxTokens) {
      checks.once("maxTokens");
      if (maxTokens < 1) {
        throw new IllegalArgumentException("maxTokens must be 1 or more, was " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Sets the temperature.
     *
     * @param temperature the temperature, 0 or more, or {@code null} for the provider's default
     * @return this builder
     */
    public Builder temperature(@Nullable Double temperature) {
      checks.once("temperature");
      if (temperature != null && !(temperature >= 0 && !temperature.isInfinite())) {
        throw new IllegalArgumentException(
            "temperature must be 0 or more (or null for the provider's default), was "
                + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /**
     * Asks for structured output.
     *
     * @param schema the schema, or {@code null} for free text
     * @return this builder
     */
    public Builder schema(@Nullable JsonSchema schema) {
      checks.once("schema");
      this.schema = schema;
      return this;
    }

    /**
     * Offers a tool.
     *
     * @param tool the tool
     * @return this builder
     */
    public Builder tool(ToolSpec tool) {
      tools.add(Objects.requireNonNull(tool, "tool"));
      return this;
    }

    /**
     * Sets the purpose.
     *
     * @param purpose what the call is for
     * @return this builder
     */
    public Builder purpose(String purpose) {
      checks.once("purpose");
      this.purpose = Objects.requireNonNull(purpose, "purpose");
      return this;
    }

    /**
     * Sets the time limit.
     *
     * @param timeout a positive limit, or {@code null} for the client's default
     * @return this builder
     */
    public Builder timeout(@Nullable Duration timeout) {
      checks.once("timeout");
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalArgumentException if there is no message or the token limit is below 1
     */
    public ModelRequest build() {
      return new ModelRequest(
          system, messages, maxTokens, temperature, schema, tools, purpose, timeout);
    }
  }
}
