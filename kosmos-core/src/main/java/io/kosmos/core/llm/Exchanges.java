package io.kosmos.core.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.BudgetExceededException;
import io.kosmos.api.ChatMessage;
import io.kosmos.api.JsonSchema;
import io.kosmos.api.KosmosException;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.ModelException;
import io.kosmos.api.ModelRateLimitException;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.kosmos.api.ModelResponseException;
import io.kosmos.api.TokenUsage;
import io.kosmos.api.ToolCall;
import io.kosmos.api.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of requests, responses and errors in a recording (one JSON object per line), and
 * the canonical hash that matches a request to its recorded answer.
 */
final class Exchanges {

  static final int FORMAT = 1;

  private Exchanges() {}

  /** The request in a fixed field order; the same request always gives the same text. */
  static ObjectNode request(ModelRequest request) {
    ObjectNode node = content(request);
    node.put("purpose", request.purpose());
    if (request.timeout() == null) {
      node.putNull("timeout");
    } else {
      node.put("timeout", request.timeout().toString());
    }
    return node;
  }

  /**
   * What the model sees of a request: everything but the purpose and the timeout, which do not
   * change the answer.
   */
  static ObjectNode content(ModelRequest request) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("system", request.system());
    ArrayNode messages = node.putArray("messages");
    for (ChatMessage m : request.messages()) {
      ObjectNode message = messages.addObject();
      message.put("role", m.role().name());
      message.put("content", m.content());
      message.set("toolCalls", toolCalls(m.toolCalls()));
      if (m.toolCallId() == null) {
        message.putNull("toolCallId");
      } else {
        message.put("toolCallId", m.toolCallId());
      }
    }
    node.put("maxTokens", request.maxTokens());
    if (request.temperature() == null) {
      node.putNull("temperature");
    } else {
      node.put("temperature", request.temperature());
    }
    if (request.schema() == null) {
      node.putNull("schema");
    } else {
      ObjectNode schema = node.putObject("schema");
      schema.put("name", request.schema().name());
      schema.put("schema", request.schema().schema());
    }
    ArrayNode tools = node.putArray("tools");
    for (ToolSpec t : request.tools()) {
      ObjectNode tool = tools.addObject();
      tool.put("name", t.name());
      tool.put("description", t.description());
      tool.put("inputSchema", t.inputSchema());
    }
    return node;
  }

  /** SHA-256 of the request's content, in hex. */
  static String hash(ModelRequest request) {
    return hash(content(request));
  }

  static String hash(JsonNode content) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(Json.write(content).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  static ModelRequest readRequest(JsonNode node) {
    ModelRequest.Builder builder =
        ModelRequest.builder()
            .system(node.path("system").asText())
            .maxTokens(node.path("maxTokens").asInt())
            .purpose(node.path("purpose").asText("chat"));
    for (JsonNode m : node.path("messages")) {
      builder.message(
          new ChatMessage(
              ChatMessage.Role.valueOf(m.path("role").asText()),
              m.path("content").asText(),
              readToolCalls(m.path("toolCalls")),
              m.path("toolCallId").isNull() ? null : m.path("toolCallId").asText(null)));
    }
    JsonNode temperature = node.path("temperature");
    builder.temperature(temperature.isNumber() ? temperature.asDouble() : null);
    JsonNode schema = node.path("schema");
    if (schema.isObject()) {
      builder.schema(new JsonSchema(schema.path("name").asText(), schema.path("schema").asText()));
    }
    for (JsonNode t : node.path("tools")) {
      builder.tool(
          new ToolSpec(
              t.path("name").asText(),
              t.path("description").asText(),
              t.path("inputSchema").asText()));
    }
    JsonNode timeout = node.path("timeout");
    if (timeout.isTextual()) {
      builder.timeout(Duration.parse(timeout.asText()));
    }
    return builder.build();
  }

  static ObjectNode response(ModelResponse response) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("text", response.text());
    if (response.json() == null) {
      node.putNull("json");
    } else {
      node.put("json", response.json());
    }
    node.set("toolCalls", toolCalls(response.toolCalls()));
    ObjectNode usage = node.putObject("usage");
    usage.put("inputTokens", response.usage().inputTokens());
    usage.put("outputTokens", response.usage().outputTokens());
    if (response.usage().cacheReadTokens() > 0) {
      usage.put("cacheReadTokens", response.usage().cacheReadTokens());
    }
    if (response.usage().cacheWriteTokens() > 0) {
      usage.put("cacheWriteTokens", response.usage().cacheWriteTokens());
    }
    if (response.usage().estimated()) {
      usage.put("estimated", true);
    }
    node.put("costUsd", response.costUsd());
    if (response.cacheSavingUsd() != 0) {
      node.put("cacheSavingUsd", response.cacheSavingUsd());
    }
    node.put("stopReason", response.stopReason());
    node.put("model", response.model());
    node.put("latency", response.latency().toString());
    return node;
  }

  static ModelResponse readResponse(JsonNode node) {
    JsonNode json = node.path("json");
    return new ModelResponse(
        node.path("text").asText(),
        json.isTextual() ? json.asText() : null,
        readToolCalls(node.path("toolCalls")),
        usage(node.path("usage")),
        node.path("costUsd").asDouble(),
        node.path("stopReason").asText(),
        node.path("model").asText(),
        Duration.parse(node.path("latency").asText("PT0S")),
        node.path("cacheSavingUsd").asDouble());
  }

  /** A recorded usage; a hand-edited recording must not fail the run with a bad count. */
  private static TokenUsage usage(JsonNode usage) {
    long input = Math.max(0, usage.path("inputTokens").asLong());
    long read = Math.min(input, Math.max(0, usage.path("cacheReadTokens").asLong()));
    long written = Math.min(input - read, Math.max(0, usage.path("cacheWriteTokens").asLong()));
    return new TokenUsage(
        input,
        Math.max(0, usage.path("outputTokens").asLong()),
        read,
        written,
        usage.path("estimated").asBoolean());
  }

  static ObjectNode error(KosmosException e) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("type", e.getClass().getName());
    node.put("message", e.getMessage());
    if (e instanceof ModelRateLimitException rate && rate.retryAfter().isPresent()) {
      node.put("retryAfter", rate.retryAfter().get().toString());
    }
    return node;
  }

  static KosmosException readError(JsonNode node) {
    String message = node.path("message").asText();
    String type = node.path("type").asText();
    if (type.equals(ModelAuthenticationException.class.getName())) {
      return new ModelAuthenticationException(message);
    }
    if (type.equals(ModelRateLimitException.class.getName())) {
      JsonNode wait = node.path("retryAfter");
      return new ModelRateLimitException(
          message, wait.isTextual() ? Duration.parse(wait.asText()) : null);
    }
    if (type.equals(ModelResponseException.class.getName())) {
      return new ModelResponseException(message);
    }
    if (type.equals(BudgetExceededException.class.getName())) {
      return new BudgetExceededException(message);
    }
    return new ModelException(message);
  }

  private static ArrayNode toolCalls(List<ToolCall> calls) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (ToolCall c : calls) {
      ObjectNode call = array.addObject();
      call.put("id", c.id());
      call.put("name", c.name());
      call.put("arguments", c.arguments());
    }
    return array;
  }

  private static List<ToolCall> readToolCalls(JsonNode array) {
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode c : array) {
      calls.add(
          new ToolCall(
              c.path("id").asText(), c.path("name").asText(), c.path("arguments").asText()));
    }
    return calls;
  }

  /** The path of the first difference between two JSON values, or {@code null} if equal. */
  static @Nullable String firstDifference(JsonNode recorded, JsonNode now, String path) {
    if (recorded.equals(now)) {
      return null;
    }
    if (recorded.isObject() && now.isObject()) {
      var names = recorded.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        String d =
            firstDifference(
                recorded.get(name),
                now.has(name) ? now.get(name) : Json.MAPPER.nullNode(),
                path + "." + name);
        if (d != null) {
          return d;
        }
      }
      return path;
    }
    if (recorded.isArray() && now.isArray()) {
      for (int i = 0; i < Math.min(recorded.size(), now.size()); i++) {
        String d = firstDifference(recorded.get(i), now.get(i), path + "[" + i + "]");
        if (d != null) {
          return d;
        }
      }
      return path + " (recorded " + recorded.size() + " items, now " + now.size() + ")";
    }
    return path
        + ": recorded "
        + Json.excerpt(recorded.toString(), 80)
        + " but now "
        + Json.excerpt(now.toString(), 80);
  }
}
