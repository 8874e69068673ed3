package io.kosmos.core.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.ChatMessage;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ToolCall;
import io.kosmos.api.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A {@link io.kosmos.api.LanguageModel} on Anthropic's Messages API ({@code POST /v1/messages}),
 * written on OkHttp and Jackson with no vendor SDK.
 *
 * <pre>{@code
 * LanguageModel model = AnthropicModel.builder()
 *     .apiKey(System.getenv("ANTHROPIC_API_KEY"))
 *     .model("claude-sonnet-4-5")
 *     .transport(TransportOptions.builder().requestsPerMinute(50).build())
 *     .build();
 * ModelResponse answer = model.chat(ModelRequest.builder().user("Hello").build());
 * }</pre>
 *
 * <p><b>Wire format.</b> The system prompt goes in {@code system}; messages become {@code user} and
 * {@code assistant} messages of content blocks: an assistant's tool calls become {@code tool_use}
 * blocks, and tool results become {@code tool_result} blocks of a user message (consecutive results
 * share one message, as the API requires). {@link ToolSpec}s become {@code tools} with an {@code
 * input_schema}.
 *
 * <p><b>Prompt caching.</b> The system prompt is sent as one text block marked {@code
 * cache_control: {"type": "ephemeral"}}, and so is the last block of the first user message when
 * more messages follow it (the agents' loops re-send their task and data profiles on every turn):
 * two of the four breakpoints the API allows. The API caches everything up to a marked block (tools
 * included) for 5 minutes, and ignores a mark on a prefix shorter than the model's minimum (1,024
 * to 4,096 tokens, by model), so short prompts cost what they did. Reads and writes come back in
 * {@code cache_read_input_tokens} and {@code cache_creation_input_tokens} and are priced by the
 * {@link PriceTable}.
 *
 * <p><b>Structured output.</b> The request's schema becomes one more tool, named after the schema,
 * that the model is forced to call ({@code tool_choice: {"type": "tool"}}); its input is the
 * answer. When the request also offers tools, the model may call any of them ({@code "any"}): a
 * call to another tool arrives in {@link io.kosmos.api.ModelResponse#toolCalls()} with no JSON.
 *
 * <p>Retries, limits, timeouts, errors and cost work as described on {@link Builder}. Instances are
 * immutable and thread-safe; share one per application.
 */
public final class AnthropicModel extends HttpLanguageModel {

  /** The default base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

  /** The default model. */
  public static final String DEFAULT_MODEL = "claude-sonnet-4-5";

  /** The API version sent in {@code anthropic-version}. */
  public static final String API_VERSION = "2023-06-01";

  /** The environment variable that holds the key. */
  public static final String ENV_API_KEY = "ANTHROPIC_API_KEY";

  private AnthropicModel(ClientSettings settings) {
    super(settings);
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this model's options, to derive another model from it.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    return new Builder(settings);
  }

  @Override
  public String provider() {
    return "anthropic";
  }

  @Override
  String displayName() {
    return "Anthropic";
  }

  @Override
  String keyEnvVar() {
    return ENV_API_KEY;
  }

  @Override
  String repairPrompt(SchemaEnvelope schema, String error) {
    return "Your previous answer could not be used: "
        + error
        + ". Call the tool '"
        + schema.schema.name()
        + "' again with input that follows its schema exactly.";
  }

  @Override
  Request httpRequest(
      ModelRequest request, int maxTokens, SchemaEnvelope schema, List<ChatMessage> messages) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", settings.model);
    body.put("max_tokens", maxTokens);
    if (!request.system().isEmpty()) {
      ArrayNode system = body.putArray("system");
      ObjectNode block = system.addObject();
      block.put("type", "text");
      block.put("text", request.system());
      cacheBreakpoint(block);
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    ArrayNode wire = messages(messages);
    // The first user message (the task, with the data profiles) is re-sent unchanged on every turn
    // of a conversation; a lone message is not, and marking it would pay the write premium for
    // nothing.
    if (wire.size() > 1 && wire.get(0).get("role").asText().equals("user")) {
      ArrayNode first = (ArrayNode) wire.get(0).get("content");
      cacheBreakpoint((ObjectNode) first.get(first.size() - 1));
    }
    body.set("messages", wire);
    if (!request.tools().isEmpty() || schema != null) {
      ArrayNode tools = body.putArray("tools");
      for (ToolSpec tool : request.tools()) {
        if (schema != null && tool.name().equals(schema.schema.name())) {
          throw new IllegalArgumentException(
              "a tool and the schema are both named '" + tool.name() + "'; rename one");
        }
        ObjectNode t = tools.addObject();
        t.put("name", tool.name());
        t.put("description", tool.description());
        t.set(
            "input_schema", parseObject(tool.inputSchema(), "the input schema of " + tool.name()));
      }
      if (schema != null) {
        ObjectNode t = tools.addObject();
        t.put("name", schema.schema.name());
        t.put(
            "description",
            "Give your answer by calling this tool once, with your whole answer as its input,"
                + " following the input schema exactly.");
        t.set("input_schema", schema.sent);
        ObjectNode choice = body.putObject("tool_choice");
        if (request.tools().isEmpty()) {
          choice.put("type", "tool");
          choice.put("name", schema.schema.name());
        } else {
          choice.put("type", "any");
        }
      }
    }
    Request.Builder http =
        new Request.Builder()
            .url(settings.baseUrl.newBuilder().addPathSegments("v1/messages").build())
            .header("anthropic-version", API_VERSION)
            .post(RequestBody.create(Json.write(body), JSON));
    if (settings.apiKey != null) {
      http.header("x-api-key", settings.apiKey);
    }
    return http.build();
  }

  private static ArrayNode messages(List<ChatMessage> messages) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    ObjectNode last = null;
    for (ChatMessage message : messages) {
      String role = message.role() == ChatMessage.Role.ASSISTANT ? "assistant" : "user";
      ObjectNode target;
      if (last != null && last.get("role").asText().equals(role)) {
        target = last;
      } else {
        target = out.addObject();
        target.put("role", role);
        target.putArray("content");
        last = target;
      }
      ArrayNode content = (ArrayNode) target.get("content");
      switch (message.role()) {
        case USER -> addText(content, message.content());
        case TOOL -> {
          ObjectNode result = content.addObject();
          result.put("type", "tool_result");
          result.put("tool_use_id", message.toolCallId());
          result.put("content", message.content());
        }
        case ASSISTANT -> {
          addText(content, message.content());
          for (ToolCall call : message.toolCalls()) {
            ObjectNode use = content.addObject();
            use.put("type", "tool_use");
            use.put("id", call.id());
            use.put("name", call.name());
            use.set(
                "input", parseObject(call.arguments(), "the arguments of tool call " + call.id()));
          }
        }
      }
      if (content.isEmpty()) {
        addText(content, "(empty)");
      }
    }
    return out;
  }

  private static void cacheBreakpoint(ObjectNode block) {
    block.putObject("cache_control").put("type", "ephemeral");
  }

  private static void addText(ArrayNode content, String text) {
    // The API rejects empty text blocks.
    if (!text.isEmpty()) {
      ObjectNode block = content.addObject();
      block.put("type", "text");
      block.put("text", text);
    }
  }

  private static JsonNode parseObject(String json, String what) {
    try {
      JsonNode node = Json.parse(json);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + Json.describe(e), e);
    }
    throw new IllegalArgumentException(what + " must be a JSON object");
  }

  @Override
  Answer parseAnswer(JsonNode body, SchemaEnvelope schema) {
    JsonNode content = body.get("content");
    if (content == null || !content.isArray()) {
      throw new IllegalArgumentException("the answer has no \"content\" array");
    }
    StringBuilder text = new StringBuilder();
    String structured = null;
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode block : content) {
      String type = text(block, "type");
      if ("text".equals(type)) {
        text.append(block.path("text").asText());
      } else if ("tool_use".equals(type)) {
        String name = text(block, "name");
        String id = text(block, "id");
        JsonNode input = block.get("input");
        if (name == null || id == null || input == null) {
          throw new IllegalArgumentException("a tool_use block lacks its id, name or input");
        }
        if (schema != null && name.equals(schema.schema.name())) {
          structured = Json.write(input);
        } else {
          calls.add(new ToolCall(id, name, Json.write(input)));
        }
      }
    }
    ReportedUsage tokens =
        ReportedUsage.read(
            body.get("usage"),
            "output_tokens",
            "input_tokens",
            "cache_creation_input_tokens",
            "cache_read_input_tokens");
    String stop = text(body, "stop_reason");
    String model = text(body, "model");
    return new Answer(
        text.toString(),
        structured,
        calls,
        tokens,
        stop == null ? "unknown" : stop,
        model == null ? settings.model : model,
        null);
  }

  @Override
  String errorDetail(JsonNode body) {
    JsonNode error = body.get("error");
    if (error == null || !error.isObject()) {
      return null;
    }
    String type = text(error, "type");
    String message = text(error, "message");
    return (type == null ? "" : type + ": ") + (message == null ? "" : message);
  }

  /**
   * Builds {@link AnthropicModel}s. Only the API key is required.
   *
   * <p>Defaults: base URL {@value #DEFAULT_BASE_URL}, model {@value #DEFAULT_MODEL}, {@link
   * PriceTable#defaults()}, and the model clients' {@linkplain io.kosmos.core.http.TransportOptions
   * transport defaults}: connect timeout 10 s, read and call timeouts 5 min, 4 retries with backoff
   * from 1 s to 60 s and full jitter, {@code Retry-After} honoured up to 2 min, 8 concurrent
   * requests, no requests-per-minute limit.
   *
   * <p>Retried: HTTP 408, 409, 429, 5xx (529 overloaded included) and I/O errors, timeouts
   * included. Not retried: 400, 401, 403, 404, 422. Failures map to {@link
   * io.kosmos.api.ModelAuthenticationException} (401, 403), {@link
   * io.kosmos.api.ModelRateLimitException} (429, 529 after the retries), {@link
   * io.kosmos.api.ModelResponseException} (a malformed answer) and {@link
   * io.kosmos.api.ModelException} (the rest, with the status and the provider's message).
   */
  public static final class Builder extends ClientBuilder<Builder> {

    private Builder() {}

    private Builder(ClientSettings from) {
      super(from);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     * @throws IllegalStateException if no API key was given
     */
    public AnthropicModel build() {
      if (apiKey == null) {
        throw new IllegalStateException(
            "AnthropicModel needs an apiKey: call apiKey(...), or set "
                + ENV_API_KEY
                + " and use LanguageModels.fromEnvironment()");
      }
      return new AnthropicModel(settings(DEFAULT_BASE_URL, DEFAULT_MODEL));
    }
  }
}
