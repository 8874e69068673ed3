package io.kosmos.core.internal.agents;

import io.kosmos.api.ChatMessage;
import io.kosmos.api.JsonSchema;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.kosmos.core.llm.StructuredOutput;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How every agent talks to the model: a system prompt, the conversation, a schema derived from a
 * {@link Drafts} record, and the answer mapped back into it. The model is the one the agents were
 * built with, already wrapped in the run's budget, so a spent budget surfaces here as {@link
 * io.kosmos.api.BudgetExceededException} and stops the run cleanly.
 */
public final class ModelCalls {

  private static final Map<Class<?>, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

  /**
   * A structured answer.
   *
   * @param value the answer mapped into its record
   * @param json the answer as the model gave it, to put back into the conversation
   * @param <T> the record
   */
  public record Answer<T>(T value, String json) {}

  private final LanguageModel model;
  private final Prompts prompts;
  private final Double temperature;
  private final int maxTokens;

  public ModelCalls(LanguageModel model, Prompts prompts, Double temperature, int maxTokens) {
    this.model = model;
    this.prompts = prompts;
    this.temperature = temperature;
    this.maxTokens = maxTokens;
  }

  public LanguageModel model() {
    return model;
  }

  public Prompts prompts() {
    return prompts;
  }

  /** The most tokens an answer may take, for agents that build their own requests (tools). */
  public int maxTokens() {
    return maxTokens;
  }

  /** The sampling temperature, or {@code null} for the provider's default. */
  public Double temperature() {
    return temperature;
  }

  /**
   * Asks for a structured answer.
   *
   * @param purpose what the call is for (budget and metrics group by it)
   * @param system the system prompt
   * @param messages the conversation, ending with a user message
   * @param type the record the answer maps into
   * @param <T> the record
   * @return the answer
   */
  public <T extends Record> Answer<T> ask(
      String purpose, String system, List<ChatMessage> messages, Class<T> type) {
    ModelRequest request =
        ModelRequest.builder()
            .system(system)
            .messages(messages)
            .maxTokens(maxTokens)
            .temperature(temperature)
            .schema(schema(type))
            .purpose(purpose)
            .build();
    ModelResponse response = model.chat(request);
    T value = StructuredOutput.parse(response, type);
    return new Answer<>(value, response.json());
  }

  /**
   * Asks a one-message question for a structured answer.
   *
   * @param purpose what the call is for
   * @param system the system prompt
   * @param user the user message
   * @param type the record the answer maps into
   * @param <T> the record
   * @return the answer
   */
  public <T extends Record> Answer<T> ask(
      String purpose, String system, String user, Class<T> type) {
    return ask(purpose, system, List.of(ChatMessage.user(user)), type);
  }

  public static JsonSchema schema(Class<? extends Record> type) {
    return SCHEMAS.computeIfAbsent(type, t -> StructuredOutput.schemaFor(type));
  }
}
