package io.kosmos.core.internal.agents;

import io.kosmos.api.ChatMessage;
import io.kosmos.api.JsonSchema;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.kosmos.api.ModelResponseException;
import io.kosmos.api.ToolCall;
import io.kosmos.api.ToolSpec;
import io.kosmos.core.llm.StructuredOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every agent talks to the model: a system prompt, the conversation, a schema derived from a
 * {@link Drafts} record, and the answer mapped back into it. The model is the one the agents were
 * built with, already wrapped in the run's budget, so a spent budget surfaces here as {@link
 * io.kosmos.api.BudgetExceededException} and stops the run cleanly.
 *
 * <p>A call may offer tools ({@link Tool}): when the model calls one instead of answering, the call
 * and the tool's result join the conversation and the model is asked again, up to {@value
 * #MAX_TOOL_ROUNDS} times; the last round offers no tool, so the model has to answer. Answers that
 * are long by nature (an analysis's findings, the report's synthesis) get a larger output limit.
 */
public final class ModelCalls {

  private static final Map<Class<?>, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

  private static final Logger LOG = LoggerFactory.getLogger(ModelCalls.class);

  /**
   * Tries of a call whose answer cannot be used after the client's repair round (malformed, off the
   * schema, cut off, a tool call instead of an answer): the step is asked again from the same
   * conversation before the failure reaches the agent.
   */
  public static final int ATTEMPTS = 3;

  /** Most rounds of tool calls in one call before the model must answer. */
  public static final int MAX_TOOL_ROUNDS = 4;

  /** The default output limit of a call. */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  /** The default output limit of the calls whose answers are long: findings and synthesis. */
  public static final int DEFAULT_LONG_MAX_TOKENS = 8192;

  /** The purposes whose answers are long (an analysis's findings, the report's synthesis). */
  public static final Set<String> LONG_PURPOSES = Set.of("analysis-findings", "report");

  /**
   * A tool the model may call during one call.
   *
   * @param spec its name, description and input schema
   * @param run what it does: the call's arguments (JSON) to the text the model gets back; an
   *     exception's message goes back as the result, so the model can correct its call
   */
  public record Tool(ToolSpec spec, Function<String, String> run) {}

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
  private final int longMaxTokens;

  public ModelCalls(LanguageModel model, Prompts prompts, Double temperature, int maxTokens) {
    this(model, prompts, temperature, maxTokens, maxTokens);
  }

  /**
   * Calls with two output limits.
   *
   * @param model the model
   * @param prompts the prompt set
   * @param temperature the sampling temperature, or {@code null} for the provider's
   * @param maxTokens the output limit of most calls
   * @param longMaxTokens the output limit of the {@link #LONG_PURPOSES}
   */
  public ModelCalls(
      LanguageModel model, Prompts prompts, Double temperature, int maxTokens, int longMaxTokens) {
    this.model = model;
    this.prompts = prompts;
    this.temperature = temperature;
    this.maxTokens = maxTokens;
    this.longMaxTokens = longMaxTokens;
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
    return ask(purpose, system, messages, type, List.of());
  }

  /**
   * Asks for a structured answer, offering tools. Each round of tool calls is added to {@code
   * messages} (the model's calls, then each result), so the conversation keeps what the tools gave.
   *
   * @param purpose what the call is for
   * @param system the system prompt
   * @param messages the conversation, ending with a user message; must be modifiable when tools are
   *     offered
   * @param type the record the answer maps into
   * @param tools the tools the model may call; empty for none
   * @param <T> the record
   * @return the answer
   */
  public <T extends Record> Answer<T> ask(
      String purpose, String system, List<ChatMessage> messages, Class<T> type, List<Tool> tools) {
    int size = messages.size();
    for (int attempt = 1; ; attempt++) {
      try {
        return askOnce(purpose, system, messages, type, tools);
      } catch (ModelResponseException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        LOG.info(
            "{}: the model's answer could not be used even after a repair round; asking again"
                + " ({} of {}): {}",
            purpose,
            attempt + 1,
            ATTEMPTS,
            Text.clip(String.valueOf(e.getMessage()), 300));
        // the failed attempt's tool rounds leave the conversation with it
        while (messages.size() > size) {
          messages.removeLast();
        }
      }
    }
  }

  private <T extends Record> Answer<T> askOnce(
      String purpose, String system, List<ChatMessage> messages, Class<T> type, List<Tool> tools) {
    for (int round = 0; ; round++) {
      boolean offer = !tools.isEmpty() && round < MAX_TOOL_ROUNDS;
      ModelRequest.Builder b = request(purpose, system, messages, type);
      if (offer) {
        tools.forEach(t -> b.tool(t.spec()));
      }
      ModelResponse response = model.chat(b.build());
      if (offer && response.json() == null && !response.toolCalls().isEmpty()) {
        messages.add(
            new ChatMessage(
                ChatMessage.Role.ASSISTANT, response.text(), response.toolCalls(), null));
        for (ToolCall call : response.toolCalls()) {
          messages.add(ChatMessage.toolResult(call.id(), run(tools, call)));
        }
        continue;
      }
      if (response.json() == null && !response.toolCalls().isEmpty()) {
        response = unaskedToolCall(purpose, system, messages, response, type);
      }
      T value = StructuredOutput.parse(response, type);
      return new Answer<>(value, response.json());
    }
  }

  /**
   * The repair round of a model that called a tool it was not offered (or called one in the round
   * that offers none): it is told so and asked once more for the structured answer, with no tool.
   */
  private ModelResponse unaskedToolCall(
      String purpose,
      String system,
      List<ChatMessage> messages,
      ModelResponse response,
      Class<? extends Record> type) {
    String names =
        String.join(", ", response.toolCalls().stream().map(c -> "'" + c.name() + "'").toList());
    LOG.info("the model called {} where no tool is offered; asking for the answer", names);
    List<ChatMessage> repair = new ArrayList<>(messages);
    String said = response.text() == null || response.text().isBlank() ? "" : response.text();
    repair.add(ChatMessage.assistant(said.isEmpty() ? "(a call of " + names + ")" : said));
    repair.add(
        ChatMessage.user(
            "You called "
                + names
                + ", but no tool is available for this answer. Answer with JSON that follows the"
                + " schema '"
                + schema(type).name()
                + "' exactly, and nothing else."));
    return model.chat(request(purpose, system, repair, type).build());
  }

  private ModelRequest.Builder request(
      String purpose, String system, List<ChatMessage> messages, Class<? extends Record> type) {
    return ModelRequest.builder()
        .system(system)
        .messages(messages)
        .maxTokens(LONG_PURPOSES.contains(purpose) ? longMaxTokens : maxTokens)
        .temperature(temperature)
        .schema(schema(type))
        .purpose(purpose);
  }

  private static String run(List<Tool> tools, ToolCall call) {
    for (Tool t : tools) {
      if (t.spec().name().equals(call.name())) {
        try {
          return t.run().apply(call.arguments());
        } catch (RuntimeException e) {
          return "The call failed: " + e.getMessage();
        }
      }
    }
    return "There is no tool named '" + call.name() + "'.";
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
