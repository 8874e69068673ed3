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
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A {@link io.kosmos.api.LanguageModel} on any OpenAI-compatible Chat Completions endpoint ({@code
 * POST {baseUrl}/chat/completions}): OpenAI itself, or a local server such as vLLM ({@code
 * http://localhost:8000/v1}), Ollama ({@code http://localhost:11434/v1}) or LM Studio ({@code
 * http://localhost:1234/v1}). Written on OkHttp and Jackson with no vendor SDK.
 *
 * <pre>{@code
 * LanguageModel local = OpenAiCompatibleModel.builder()
 *     .baseUrl("http://localhost:11434/v1")
 *     .model("llama3.1:8b")
 *     .build();
 * }</pre>
 *
 * <p><b>Wire format.</b> The system prompt is the first message, with role {@code system}; an
 * assistant's tool calls become {@code tool_calls} of type {@code function}; tool results become
 * messages with role {@code tool} and the {@code tool_call_id} they answer. {@link ToolSpec}s
 * become {@code tools} of type {@code function} with {@code parameters}.
 *
 * <p><b>Structured output.</b> By default ({@link SchemaMode#JSON_SCHEMA}) the schema goes in
 * {@code response_format: {"type": "json_schema", ...}}, with {@code strict: true} when the schema
 * meets strict mode's rules (every object closed and every property required) and {@code false}
 * otherwise. For servers without JSON schema support, {@link SchemaMode#JSON_OBJECT} and {@link
 * SchemaMode#PROMPT} put the schema in the system prompt instead. Either way the answer is checked
 * against the schema, with one repair round.
 *
 * <p>The API key is optional (local servers need none); when given it is sent as {@code
 * Authorization: Bearer}. Retries, limits, timeouts, errors and cost work as for {@link
 * AnthropicModel}. Instances are immutable and thread-safe.
 */
public final class OpenAiCompatibleModel extends HttpLanguageModel {

  /** OpenAI's base URL, the default. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /** The default model on OpenAI's own endpoint; other endpoints need a model set. */
  public static final String DEFAULT_MODEL = "gpt-4.1";

  /** The environment variable that holds the key. */
  public static final String ENV_API_KEY = "OPENAI_API_KEY";

  /** How a request's JSON schema is sent. */
  public enum SchemaMode {
    /** In {@code response_format} as a {@code json_schema}: OpenAI, vLLM, recent Ollama. */
    JSON_SCHEMA,
    /** {@code response_format: {"type": "json_object"}}, with the schema in the system prompt. */
    JSON_OBJECT,
    /** Only in the system prompt, for servers that support neither. */
    PROMPT
  }

  private final SchemaMode schemaMode;
  private final String maxTokensParameter;

  private OpenAiCompatibleModel(
      ClientSettings settings, SchemaMode schemaMode, String maxTokensParameter) {
    super(settings);
    this.schemaMode = schemaMode;
    this.maxTokensParameter = maxTokensParameter;
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
    return new Builder(settings, schemaMode, maxTokensParameter);
  }

  @Override
  public String provider() {
    return "openai";
  }

  @Override
  String displayName() {
    return isOpenAi(settings.baseUrl)
        ? "OpenAI"
        : "The OpenAI-compatible server at " + settings.baseUrl;
  }

  @Override
  String keyEnvVar() {
    return ENV_API_KEY;
  }

  static boolean isOpenAi(HttpUrl url) {
    return url.host().equals("api.openai.com");
  }

  @Override
  Request httpRequest(
      ModelRequest request, int maxTokens, SchemaEnvelope schema, List<ChatMessage> messages) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", settings.model);
    ArrayNode out = body.putArray("messages");
    String system = request.system();
    if (schema != null && schemaMode != SchemaMode.JSON_SCHEMA) {
      String instruction =
          "Answer with a single JSON object that follows this JSON schema, and nothing else:\n"
              + Json.write(schema.sent);
      system = system.isEmpty() ? instruction : system + "\n\n" + instruction;
    }
    if (!system.isEmpty()) {
      ObjectNode m = out.addObject();
      m.put("role", "system");
      m.put("content", system);
    }
    for (ChatMessage message : messages) {
      writeMessage(out.addObject(), message);
    }
    body.put(maxTokensParameter, maxTokens);
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    if (!request.tools().isEmpty()) {
      writeTools(body.putArray("tools"), request.tools());
    }
    if (schema != null) {
      writeResponseFormat(body, schema);
    }
    Request.Builder http =
        new Request.Builder()
            .url(settings.baseUrl.newBuilder().addPathSegments("chat/completions").build())
            .post(RequestBody.create(Json.write(body), JSON));
    if (settings.apiKey != null) {
      http.header("Authorization", "Bearer " + settings.apiKey);
    }
    return http.build();
  }

  private static void writeMessage(ObjectNode m, ChatMessage message) {
    switch (message.role()) {
      case USER -> {
        m.put("role", "user");
        m.put("content", message.content());
      }
      case TOOL -> {
        m.put("role", "tool");
        m.put("tool_call_id", message.toolCallId());
        m.put("content", message.content());
      }
      case ASSISTANT -> {
        m.put("role", "assistant");
        if (message.content().isEmpty() && !message.toolCalls().isEmpty()) {
          m.putNull("content");
        } else {
          m.put("content", message.content());
        }
        if (!message.toolCalls().isEmpty()) {
          ArrayNode calls = m.putArray("tool_calls");
          for (ToolCall call : message.toolCalls()) {
            ObjectNode c = calls.addObject();
            c.put("id", call.id());
            c.put("type", "function");
            ObjectNode function = c.putObject("function");
            function.put("name", call.name());
            function.put("arguments", call.arguments());
          }
        }
      }
    }
  }

  private static void writeTools(ArrayNode tools, List<ToolSpec> specs) {
    for (ToolSpec tool : specs) {
      ObjectNode t = tools.addObject();
      t.put("type", "function");
      ObjectNode function = t.putObject("function");
      function.put("name", tool.name());
      function.put("description", tool.description());
      function.set("parameters", parseSchema(tool));
    }
  }

  private void writeResponseFormat(ObjectNode body, SchemaEnvelope schema) {
    if (schemaMode == SchemaMode.JSON_SCHEMA) {
      ObjectNode format = body.putObject("response_format");
      format.put("type", "json_schema");
      ObjectNode jsonSchema = format.putObject("json_schema");
      jsonSchema.put("name", schema.schema.name());
      jsonSchema.set("schema", schema.sent);
      jsonSchema.put("strict", SchemaEnvelope.strictCompatible(schema.sent));
    } else if (schemaMode == SchemaMode.JSON_OBJECT) {
      body.putObject("response_format").put("type", "json_object");
    }
  }

  private static JsonNode parseSchema(ToolSpec tool) {
    try {
      JsonNode node = Json.parse(tool.inputSchema());
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the input schema of tool " + tool.name() + " is not valid JSON: " + Json.describe(e), e);
    }
    throw new IllegalArgumentException(
        "the input schema of tool " + tool.name() + " must be a JSON object");
  }

  @Override
  Answer parseAnswer(JsonNode body, SchemaEnvelope schema) {
    JsonNode choices = body.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw new IllegalArgumentException("the answer has no \"choices\"");
    }
    JsonNode choice = choices.get(0);
    JsonNode message = choice.get("message");
    if (message == null || !message.isObject()) {
      throw new IllegalArgumentException("the first choice has no \"message\" object");
    }
    String content = text(message, "content");
    List<ToolCall> calls = new ArrayList<>();
    JsonNode toolCalls = message.get("tool_calls");
    if (toolCalls != null && toolCalls.isArray()) {
      for (JsonNode call : toolCalls) {
        JsonNode function = call.get("function");
        String id = text(call, "id");
        if (function == null || id == null || text(function, "name") == null) {
          throw new IllegalArgumentException("a tool call lacks its id or function name");
        }
        JsonNode arguments = function.get("arguments");
        String args =
            arguments == null || arguments.isNull()
                ? "{}"
                : arguments.isTextual() ? arguments.asText() : Json.write(arguments);
        calls.add(new ToolCall(id, text(function, "name"), args));
      }
    }
    ReportedUsage tokens =
        ReportedUsage.read(body.get("usage"), "completion_tokens", "prompt_tokens");
    String stop = text(choice, "finish_reason");
    String model = text(body, "model");
    String refusal = text(message, "refusal");
    return new Answer(
        content == null ? "" : content,
        null,
        calls,
        tokens,
        stop == null ? "unknown" : stop,
        model == null ? settings.model : model,
        refusal);
  }

  @Override
  String errorDetail(JsonNode body) {
    JsonNode error = body.get("error");
    if (error != null && error.isTextual()) {
      return error.asText();
    }
    JsonNode holder = error != null && error.isObject() ? error : body;
    String type = text(holder, "type");
    if (type == null) {
      type = text(holder, "code");
    }
    String message = text(holder, "message");
    if (message == null && type == null) {
      return null;
    }
    return (type == null ? "" : type + ": ") + (message == null ? "" : message);
  }

  /**
   * Builds {@link OpenAiCompatibleModel}s. Nothing is required for OpenAI's endpoint but a key;
   * another endpoint needs its model named.
   *
   * <p>Defaults: base URL {@value #DEFAULT_BASE_URL}, model {@value #DEFAULT_MODEL} (on OpenAI's
   * endpoint only), no API key, schema mode {@link SchemaMode#JSON_SCHEMA}, output limit sent as
   * {@code max_completion_tokens} to OpenAI and {@code max_tokens} elsewhere; timeouts, retries,
   * limits and prices as for {@link AnthropicModel.Builder}.
   */
  public static final class Builder extends ClientBuilder<Builder> {

    private SchemaMode schemaMode;
    private String maxTokensParameter;

    private Builder() {}

    private Builder(ClientSettings from, SchemaMode schemaMode, String maxTokensParameter) {
      super(from);
      this.schemaMode = schemaMode;
      this.maxTokensParameter = maxTokensParameter;
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets how a request's JSON schema is sent. Default {@link SchemaMode#JSON_SCHEMA}.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder schemaMode(SchemaMode mode) {
      once("schemaMode");
      this.schemaMode = Objects.requireNonNull(mode, "schemaMode");
      return this;
    }

    /**
     * Sets the name of the output token limit in the request: {@code max_completion_tokens}
     * (OpenAI's current name, needed by its reasoning models) or {@code max_tokens} (what most
     * local servers read). Default: the first for OpenAI's endpoint, the second elsewhere.
     *
     * @param name {@code max_tokens} or {@code max_completion_tokens}
     * @return this builder
     */
    public Builder maxTokensParameter(String name) {
      once("maxTokensParameter");
      if (!"max_tokens".equals(name) && !"max_completion_tokens".equals(name)) {
        throw new IllegalArgumentException(
            "maxTokensParameter must be max_tokens or max_completion_tokens, was " + name);
      }
      this.maxTokensParameter = name;
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     * @throws IllegalStateException if the endpoint is not OpenAI's and no model was named
     */
    public OpenAiCompatibleModel build() {
      HttpUrl url = HttpUrl.get(baseUrl != null ? baseUrl : DEFAULT_BASE_URL);
      boolean openAi = isOpenAi(url);
      if (model == null && !openAi) {
        throw new IllegalStateException(
            "OpenAiCompatibleModel needs a model for "
                + url
                + ": call model(...) with the name the server serves (or set KOSMOS_MODEL)");
      }
      String parameter =
          maxTokensParameter != null
              ? maxTokensParameter
              : openAi ? "max_completion_tokens" : "max_tokens";
      return new OpenAiCompatibleModel(
          settings(DEFAULT_BASE_URL, DEFAULT_MODEL),
          schemaMode != null ? schemaMode : SchemaMode.JSON_SCHEMA,
          parameter);
    }
  }
}
