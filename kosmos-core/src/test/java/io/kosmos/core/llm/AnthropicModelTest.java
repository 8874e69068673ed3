package io.kosmos.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.JsonSchema;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelRateLimitException;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.kosmos.api.ToolSpec;
import io.kosmos.core.http.TransportOptions;
import io.kosmos.testing.LanguageModelConformance;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * {@link AnthropicModel} against fixtures in the wire format of Anthropic's Messages API
 * documentation ({@code POST /v1/messages}: request fields {@code model}, {@code max_tokens},
 * {@code system}, {@code messages} of content blocks, {@code tools} with {@code input_schema},
 * {@code tool_choice}; response {@code content} blocks {@code text} and {@code tool_use}, {@code
 * stop_reason}, {@code usage.input_tokens/output_tokens}; errors {@code {"type": "error", "error":
 * {"type": ..., "message": ...}}}).
 */
class AnthropicModelTest extends LanguageModelConformance {

  private static final String MODEL = "claude-sonnet-4-5-20250929";

  @Override
  protected LanguageModel newModel(Options o) {
    return AnthropicModel.builder()
        .apiKey(o.apiKey())
        .baseUrl(o.baseUrl().toString())
        .model("claude-sonnet-4-5")
        .priceTable(
            PriceTable.empty()
                .withPrice(o.pricedModel(), o.inputUsdPerMillion(), o.outputUsdPerMillion()))
        .transport(
            TransportOptions.builder()
                .sleeper(o.sleeper())
                .maxRetries(o.maxRetries())
                .callTimeout(o.callTimeout())
                .maxRetryAfter(o.maxRetryAfter())
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .jitter(false)
                .build())
        .build();
  }

  @Override
  protected String requestedModel() {
    return "claude-sonnet-4-5";
  }

  @Override
  protected String answeringModel() {
    return MODEL;
  }

  // Anthropic Messages API, "Create a Message" response example.
  private static MockResponse message(String contentBlocks, String stopReason, long in, long out) {
    return json(
        200,
        """
        {
          "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF",
          "type": "message",
          "role": "assistant",
          "model": "%s",
          "content": [%s],
          "stop_reason": "%s",
          "stop_sequence": null,
          "usage": {"input_tokens": %d, "output_tokens": %d}
        }
        """
            .formatted(MODEL, contentBlocks, stopReason, in, out));
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .setHeader("request-id", "req_018EeWyXxfu5pfWkrYcMdjWG")
        .body(body)
        .build();
  }

  @Override
  protected MockResponse textAnswer(String text, long inputTokens, long outputTokens) {
    return message(
        "{\"type\": \"text\", \"text\": " + q(text) + "}", "end_turn", inputTokens, outputTokens);
  }

  @Override
  protected MockResponse structuredAnswer(String schemaName, String json) {
    // Anthropic "Tool use" docs: a forced tool answers with a tool_use block and stop_reason
    // "tool_use".
    return message(
        """
        {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": %s, "input": %s}
        """
            .formatted(q(schemaName), json),
        "tool_use",
        50,
        20);
  }

  @Override
  protected MockResponse toolCallAnswer(String callId, String tool, String argumentsJson) {
    return message(
        """
        {"type": "text", "text": "I'll compute that."},
        {"type": "tool_use", "id": %s, "name": %s, "input": %s}
        """
            .formatted(q(callId), q(tool), argumentsJson),
        "tool_use",
        80,
        30);
  }

  @Override
  protected MockResponse errorAnswer(int status, String type, String message) {
    // Anthropic "Errors" docs: {"type": "error", "error": {"type": ..., "message": ...}}.
    return json(
        status,
        """
        {"type": "error", "error": {"type": %s, "message": %s}}
        """
            .formatted(q(type), q(message)));
  }

  @Override
  protected String apiKeyEnvVar() {
    return "ANTHROPIC_API_KEY";
  }

  @Override
  protected void assertTextRequest(RecordedRequest request, JsonNode body) {
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/messages");
    assertThat(request.getHeaders().get("x-api-key")).isEqualTo(API_KEY);
    assertThat(request.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(body.get("model").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(256);
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(body.get("system"))
        .isEqualTo(
            read(
                """
                [{"type": "text", "text": "You are a careful scientist.",
                  "cache_control": {"type": "ephemeral"}}]
                """));
    assertThat(body.get("messages"))
        .isEqualTo(
            read(
                """
                [{"role": "user", "content": [{"type": "text", "text": "Say hello."}]}]
                """));
    assertThat(body.has("tools")).isFalse();
  }

  @Override
  protected void assertStructuredRequest(JsonNode body) {
    assertThat(body.get("tool_choice"))
        .isEqualTo(read("{\"type\": \"tool\", \"name\": \"verdict\"}"));
    assertThat(body.get("tools")).hasSize(1);
    JsonNode tool = body.get("tools").get(0);
    assertThat(tool.get("name").asText()).isEqualTo("verdict");
    assertThat(tool.get("input_schema")).isEqualTo(read(VERDICT.schema()));
  }

  @Override
  protected void assertToolRequest(JsonNode body) {
    assertThat(body.get("tools"))
        .isEqualTo(
            read(
                """
                [{"name": "run_python",
                  "description": "Runs Python code in the analysis kernel",
                  "input_schema": {"type": "object",
                                   "properties": {"code": {"type": "string"}},
                                   "required": ["code"]}}]
                """));
    assertThat(body.has("tool_choice")).isFalse();
    assertThat(body.get("messages"))
        .isEqualTo(
            read(
                """
                [{"role": "user", "content": [{"type": "text", "text": "What is the mean BMI?",
                                               "cache_control": {"type": "ephemeral"}}]},
                 {"role": "assistant", "content": [
                    {"type": "tool_use", "id": "call_1", "name": "run_python",
                     "input": {"code": "df.bmi.mean()"}}]},
                 {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "call_1", "content": "26.4"}]}]
                """));
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void overloaded529IsRetriedAndEndsAsRateLimit() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(errorAnswer(529, "overloaded_error", "Overloaded"));
    }

    assertThatThrownBy(() -> model().chat(ModelRequest.builder().user("hi").build()))
        .isInstanceOf(ModelRateLimitException.class)
        .hasMessageContaining("overloaded");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void nonObjectSchemaIsWrappedAndUnwrapped() throws Exception {
    JsonSchema list =
        new JsonSchema("names", "{\"type\": \"array\", \"items\": {\"type\": \"string\"}}");
    server.enqueue(structuredAnswer("names", "{\"value\": [\"a\", \"b\"]}"));

    ModelResponse response =
        model().chat(ModelRequest.builder().user("names?").schema(list).build());

    assertThat(response.json()).isEqualTo("[\"a\",\"b\"]");
    JsonNode sent = body(take()).get("tools").get(0).get("input_schema");
    assertThat(sent.get("properties").get("value")).isEqualTo(read(list.schema()));
  }

  @Test
  void schemaWithOtherToolsLetsTheModelChooseAnyTool() throws Exception {
    server.enqueue(structuredAnswer("verdict", "{\"novel\": true, \"reason\": \"r\"}"));
    ModelRequest request =
        ModelRequest.builder()
            .user("?")
            .schema(VERDICT)
            .tool(new ToolSpec("search", "searches", "{\"type\": \"object\"}"))
            .build();

    assertThat(model().chat(request).json()).contains("novel");
    JsonNode body = body(take());
    assertThat(body.get("tool_choice").get("type").asText()).isEqualTo("any");
    assertThat(body.get("tools")).hasSize(2);
  }

  @Test
  void consecutiveToolResultsShareOneUserMessage() throws Exception {
    server.enqueue(textAnswer("done", 1, 1));
    ModelRequest request =
        ModelRequest.builder()
            .user("go")
            .message(
                new io.kosmos.api.ChatMessage(
                    io.kosmos.api.ChatMessage.Role.ASSISTANT,
                    "Running two.",
                    List.of(
                        new io.kosmos.api.ToolCall("a", "t", "{}"),
                        new io.kosmos.api.ToolCall("b", "t", "{}")),
                    null))
            .message(io.kosmos.api.ChatMessage.toolResult("a", "1"))
            .message(io.kosmos.api.ChatMessage.toolResult("b", "2"))
            .build();

    model().chat(request);

    JsonNode messages = body(take()).get("messages");
    assertThat(messages).hasSize(3);
    assertThat(messages.get(1).get("content")).hasSize(3);
    assertThat(messages.get(2).get("role").asText()).isEqualTo("user");
    assertThat(messages.get(2).get("content")).hasSize(2);
  }

  @Test
  void builderFailsFastNamingTheOption() {
    assertThatThrownBy(() -> AnthropicModel.builder().model("a").model("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model was already set; set each option once");
    assertThatThrownBy(() -> TransportOptions.builder().maxRetries(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRetries");
    assertThatThrownBy(() -> AnthropicModel.builder().baseUrl("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> AnthropicModel.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY");
  }

  @Test
  void newBuilderCopiesOptionsAndAllowsOverridingThem() {
    AnthropicModel model = (AnthropicModel) model();
    AnthropicModel other = model.newBuilder().model("claude-haiku-4-5").build();
    assertThat(other.model()).isEqualTo("claude-haiku-4-5");
    assertThat(other.baseUrl()).isEqualTo(model.baseUrl());
  }

  @Test
  void maxTokensCapLowersTheRequestsLimit() throws Exception {
    LanguageModel capped =
        AnthropicModel.builder()
            .apiKey(API_KEY)
            .baseUrl(server.url("/").toString())
            .maxTokens(100)
            .build();
    server.enqueue(textAnswer("ok", 1, 1));

    capped.chat(ModelRequest.builder().user("hi").maxTokens(4000).build());

    assertThat(body(take()).get("max_tokens").asInt()).isEqualTo(100);
  }

  @Test
  void requestsPerMinuteHoldsCallsBackThroughTheSleeper() {
    java.time.Clock fixed =
        java.time.Clock.fixed(
            java.time.Instant.parse("2025-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
    LanguageModel limited =
        AnthropicModel.builder()
            .apiKey(API_KEY)
            .baseUrl(server.url("/").toString())
            .transport(
                TransportOptions.builder()
                    .requestsPerMinute(1)
                    .clock(fixed)
                    .sleeper(sleeper)
                    .build())
            .build();
    server.enqueue(textAnswer("one", 1, 1));
    server.enqueue(textAnswer("two", 1, 1));

    limited.chat(ModelRequest.builder().user("a").build());
    limited.chat(ModelRequest.builder().user("b").build());

    assertThat(sleeps).containsExactly(Duration.ofSeconds(60));
  }

  @Test
  void anAnswerWithoutUsageIsUsedAndItsUsageEstimated() {
    server.enqueue(
        json(
            200,
            """
            {"id": "msg_1", "type": "message", "role": "assistant", "model": "%s",
             "content": [{"type": "text", "text": "Hi."}], "stop_reason": "end_turn"}
            """
                .formatted(MODEL)));

    ModelResponse response =
        model().chat(ModelRequest.builder().user("Say hello.").maxTokens(256).build());

    assertThat(response.text()).isEqualTo("Hi.");
    assertThat(response.usage().estimated()).isTrue();
    assertThat(response.usage().total()).isPositive();
  }

  @Test
  void cacheCountsAddUpAndAreCheckedLikeTheOthers() {
    server.enqueue(
        json(
            200,
            """
            {"id": "msg_1", "type": "message", "role": "assistant", "model": "%s",
             "content": [{"type": "text", "text": "Hi."}], "stop_reason": "end_turn",
             "usage": {"input_tokens": 10, "cache_read_input_tokens": 5,
                       "cache_creation_input_tokens": 2, "output_tokens": 3}}
            """
                .formatted(MODEL)));
    server.enqueue(
        json(
            200,
            """
            {"id": "msg_2", "type": "message", "role": "assistant", "model": "%s",
             "content": [{"type": "text", "text": "Hi."}], "stop_reason": "end_turn",
             "usage": {"input_tokens": 10, "cache_read_input_tokens": "5", "output_tokens": 3}}
            """
                .formatted(MODEL)));
    ModelRequest hello = ModelRequest.builder().user("Say hello.").maxTokens(256).build();

    assertThat(model().chat(hello).usage()).isEqualTo(new io.kosmos.api.TokenUsage(17, 3, 5, 2));
    io.kosmos.api.TokenUsage estimated = model().chat(hello).usage();
    assertThat(estimated.estimated()).isTrue();
    assertThat(estimated.cacheReadTokens()).isZero();
  }

  @Test
  void theSystemPromptAndTheFirstUserMessageOfAConversationAreCacheBreakpoints() throws Exception {
    server.enqueue(textAnswer("done", 1, 1));
    ModelRequest request =
        ModelRequest.builder()
            .system("You are a careful scientist.")
            .user("Task and data profile.")
            .message(io.kosmos.api.ChatMessage.assistant("First cell."))
            .user("Its output.")
            .build();

    model().chat(request);

    JsonNode body = body(take());
    assertThat(body.get("system").get(0).get("cache_control"))
        .isEqualTo(read("{\"type\": \"ephemeral\"}"));
    JsonNode messages = body.get("messages");
    assertThat(messages.get(0).get("content").get(0).get("cache_control"))
        .isEqualTo(read("{\"type\": \"ephemeral\"}"));
    assertThat(messages.get(1).get("content").get(0).has("cache_control")).isFalse();
    assertThat(messages.get(2).get("content").get(0).has("cache_control")).isFalse();
    assertThat(body.toString().split("cache_control", -1)).hasSizeLessThanOrEqualTo(4 + 1);
  }

  @Test
  void aLoneUserMessageIsNotMarkedSoNoWritePremiumIsPaidForIt() throws Exception {
    server.enqueue(textAnswer("done", 1, 1));

    model().chat(ModelRequest.builder().user("Only this.").build());

    JsonNode body = body(take());
    assertThat(body.has("system")).isFalse();
    assertThat(body.toString()).doesNotContain("cache_control");
  }

  @Test
  void cacheReadsAndWritesArePricedAtAnthropicsRates() {
    server.enqueue(
        json(
            200,
            """
            {"id": "msg_1", "type": "message", "role": "assistant", "model": "%s",
             "content": [{"type": "text", "text": "Hi."}], "stop_reason": "end_turn",
             "usage": {"input_tokens": 100, "cache_read_input_tokens": 4000,
                       "cache_creation_input_tokens": 1000, "output_tokens": 100}}
            """
                .formatted(MODEL)));
    LanguageModel priced =
        AnthropicModel.builder()
            .apiKey(API_KEY)
            .baseUrl(server.url("/").toString())
            .priceTable(PriceTable.empty().withPrice("claude-sonnet-4-5", 3, 15))
            .build();

    ModelResponse answer = priced.chat(ModelRequest.builder().user("Say hello.").build());

    assertThat(answer.usage()).isEqualTo(new io.kosmos.api.TokenUsage(5100, 100, 4000, 1000));
    // 100 uncached at $3/M, 4000 read at $0.30/M, 1000 written at $3.75/M, 100 out at $15/M.
    double expected = (100 * 3.0 + 4000 * 0.3 + 1000 * 3.75 + 100 * 15.0) / 1_000_000;
    assertThat(answer.costUsd()).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12));
  }
}
