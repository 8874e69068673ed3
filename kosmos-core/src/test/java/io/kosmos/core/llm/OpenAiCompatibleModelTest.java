package io.kosmos.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.JsonSchema;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.ModelException;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.kosmos.api.ModelResponseException;
import io.kosmos.api.TokenUsage;
import io.kosmos.core.http.TransportOptions;
import io.kosmos.testing.LanguageModelConformance;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenAiCompatibleModel} against fixtures in the wire format of OpenAI's Chat Completions
 * API reference ({@code POST /v1/chat/completions}: request {@code messages} with roles {@code
 * system/user/assistant/tool}, {@code tools} of type {@code function}, {@code response_format}
 * {@code json_schema}; response {@code choices[0].message.content/tool_calls/refusal}, {@code
 * finish_reason}, {@code usage.prompt_tokens/completion_tokens}; errors {@code {"error":
 * {"message", "type", "param", "code"}}}).
 */
class OpenAiCompatibleModelTest extends LanguageModelConformance {

  private static final String MODEL = "gpt-4.1-2025-04-14";

  @Override
  protected LanguageModel newModel(Options o) {
    return OpenAiCompatibleModel.builder()
        .apiKey(o.apiKey())
        .baseUrl(o.baseUrl().resolve("/v1").toString())
        .model("gpt-4.1")
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
    return "gpt-4.1";
  }

  @Override
  protected String answeringModel() {
    return MODEL;
  }

  // OpenAI API reference, "The chat completion object".
  private static MockResponse completion(String message, String finishReason, long in, long out) {
    return json(
        200,
        """
        {
          "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
          "object": "chat.completion",
          "created": 1741569952,
          "model": "%s",
          "choices": [{"index": 0, "message": %s, "logprobs": null, "finish_reason": "%s"}],
          "usage": {"prompt_tokens": %d, "completion_tokens": %d, "total_tokens": %d},
          "service_tier": "default"
        }
        """
            .formatted(MODEL, message, finishReason, in, out, in + out));
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .setHeader("x-request-id", "req_abc123")
        .body(body)
        .build();
  }

  private static String assistant(String content) {
    return "{\"role\": \"assistant\", \"content\": "
        + (content == null ? "null" : q(content))
        + ", \"refusal\": null, \"annotations\": []}";
  }

  @Override
  protected MockResponse textAnswer(String text, long inputTokens, long outputTokens) {
    return completion(assistant(text), "stop", inputTokens, outputTokens);
  }

  @Override
  protected MockResponse structuredAnswer(String schemaName, String json) {
    // With response_format json_schema the answer is the message content, as a JSON string.
    return completion(assistant(json), "stop", 50, 20);
  }

  @Override
  protected MockResponse toolCallAnswer(String callId, String tool, String argumentsJson) {
    // "Function calling" guide: arguments is a JSON-encoded string; content is null.
    return completion(
        """
        {"role": "assistant", "content": null, "refusal": null,
         "tool_calls": [{"id": %s, "type": "function",
                         "function": {"name": %s, "arguments": %s}}]}
        """
            .formatted(q(callId), q(tool), q(argumentsJson)),
        "tool_calls",
        80,
        30);
  }

  @Override
  protected MockResponse errorAnswer(int status, String type, String message) {
    // OpenAI "Error codes" docs: {"error": {"message", "type", "param", "code"}}.
    return json(
        status,
        """
        {"error": {"message": %s, "type": %s, "param": null, "code": null}}
        """
            .formatted(q(message), q(type)));
  }

  @Override
  protected String apiKeyEnvVar() {
    return "OPENAI_API_KEY";
  }

  @Override
  protected void assertTextRequest(RecordedRequest request, JsonNode body) {
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(request.getHeaders().get("x-api-key")).isNull();
    assertThat(body.get("model").asText()).isEqualTo("gpt-4.1");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(256);
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(body.get("messages"))
        .isEqualTo(
            read(
                """
                [{"role": "system", "content": "You are a careful scientist."},
                 {"role": "user", "content": "Say hello."}]
                """));
    assertThat(body.has("tools")).isFalse();
    assertThat(body.has("response_format")).isFalse();
  }

  @Override
  protected void assertStructuredRequest(JsonNode body) {
    JsonNode format = body.get("response_format");
    assertThat(format.get("type").asText()).isEqualTo("json_schema");
    assertThat(format.get("json_schema").get("name").asText()).isEqualTo("verdict");
    assertThat(format.get("json_schema").get("strict").asBoolean()).isTrue();
    assertThat(format.get("json_schema").get("schema")).isEqualTo(read(VERDICT.schema()));
  }

  @Override
  protected void assertToolRequest(JsonNode body) {
    assertThat(body.get("tools"))
        .isEqualTo(
            read(
                """
                [{"type": "function",
                  "function": {"name": "run_python",
                               "description": "Runs Python code in the analysis kernel",
                               "parameters": {"type": "object",
                                              "properties": {"code": {"type": "string"}},
                                              "required": ["code"]}}}]
                """));
    assertThat(body.get("messages"))
        .isEqualTo(
            read(
                """
                [{"role": "user", "content": "What is the mean BMI?"},
                 {"role": "assistant", "content": null,
                  "tool_calls": [{"id": "call_1", "type": "function",
                                  "function": {"name": "run_python",
                                               "arguments": "{\\"code\\":\\"df.bmi.mean()\\"}"}}]},
                 {"role": "tool", "tool_call_id": "call_1", "content": "26.4"}]
                """));
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ModelRequest verdict() {
    return ModelRequest.builder().user("novel?").schema(VERDICT).build();
  }

  @Test
  void malformedJsonTextGetsARepairRoundQuotingTheParseError() throws Exception {
    server.enqueue(structuredAnswer("verdict", "{\"novel\": true, \"reason\": "));
    server.enqueue(structuredAnswer("verdict", "{\"novel\": true, \"reason\": \"fixed\"}"));

    ModelResponse response = model().chat(verdict());

    assertThat(StructuredOutput.parse(response, Verdict.class))
        .isEqualTo(new Verdict(true, "fixed"));
    take();
    JsonNode messages = body(take()).get("messages");
    assertThat(messages.get(messages.size() - 2).get("role").asText()).isEqualTo("assistant");
    assertThat(messages.get(messages.size() - 1).get("content").asText())
        .contains("not well-formed JSON");
  }

  @Test
  void codeFencesAroundJsonAreAccepted() {
    server.enqueue(
        structuredAnswer("verdict", "```json\n{\"novel\": true, \"reason\": \"fenced\"}\n```"));

    assertThat(StructuredOutput.parse(model().chat(verdict()), Verdict.class).reason())
        .isEqualTo("fenced");
  }

  @Test
  void refusalIsReportedAfterTheRepairRound() {
    String refusal =
        "{\"role\": \"assistant\", \"content\": null, \"refusal\": \"I can't help with that.\"}";
    server.enqueue(completion(refusal, "stop", 5, 5));
    server.enqueue(completion(refusal, "stop", 5, 5));

    assertThatThrownBy(() -> model().chat(verdict()))
        .isInstanceOf(ModelResponseException.class)
        .hasMessageContaining("refused: I can't help with that.");
  }

  @Test
  void schemaThatStrictModeRejectsIsSentWithStrictFalse() throws Exception {
    JsonSchema loose =
        new JsonSchema(
            "loose", "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}");
    server.enqueue(structuredAnswer("loose", "{\"a\": \"x\"}"));

    model().chat(ModelRequest.builder().user("?").schema(loose).build());

    assertThat(body(take()).get("response_format").get("json_schema").get("strict").asBoolean())
        .isFalse();
  }

  @Test
  void jsonObjectModePutsTheSchemaInTheSystemPrompt() throws Exception {
    LanguageModel model =
        OpenAiCompatibleModel.builder()
            .baseUrl(server.url("/v1").toString())
            .model("llama3.1:8b")
            .schemaMode(OpenAiCompatibleModel.SchemaMode.JSON_OBJECT)
            .build();
    server.enqueue(structuredAnswer("verdict", "{\"novel\": true, \"reason\": \"r\"}"));

    assertThat(model.chat(verdict()).json()).contains("novel");

    RecordedRequest request = take();
    JsonNode body = body(request);
    assertThat(body.get("response_format").get("type").asText()).isEqualTo("json_object");
    assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("system");
    assertThat(body.get("messages").get(0).get("content").asText())
        .contains("JSON schema")
        .contains("\"novel\"");
    assertThat(request.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void localServerWithoutKeyAsksForOneOn401() {
    LanguageModel model =
        OpenAiCompatibleModel.builder()
            .baseUrl(server.url("/v1").toString())
            .model("qwen2.5")
            .transport(TransportOptions.builder().maxRetries(0).build())
            .build();
    server.enqueue(errorAnswer(401, "invalid_request_error", "missing key"));

    assertThatThrownBy(() -> model.chat(verdict()))
        .isInstanceOf(ModelAuthenticationException.class)
        .hasMessageContaining("none was set")
        .hasMessageContaining("OPENAI_API_KEY");
  }

  @Test
  void openAisEndpointGetsMaxCompletionTokensAndADefaultModel() {
    OpenAiCompatibleModel openAi = OpenAiCompatibleModel.builder().apiKey("k-123456").build();
    assertThat(openAi.model()).isEqualTo(OpenAiCompatibleModel.DEFAULT_MODEL);
    assertThat(openAi.baseUrl()).isEqualTo("https://api.openai.com/v1");
    assertThat(openAi.toString()).doesNotContain("k-123456");
  }

  @Test
  void anotherEndpointNeedsAModel() {
    assertThatThrownBy(
            () -> OpenAiCompatibleModel.builder().baseUrl("http://localhost:11434/v1").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs a model");
  }

  @Test
  void errorBodiesOfOtherServersAreRead() {
    LanguageModel model = newModel(options(0, Duration.ofSeconds(5)));
    // Ollama answers errors as {"error": "message"}; vLLM as {"object": "error", "message", ...}.
    server.enqueue(json(404, "{\"error\": \"model 'nope' not found\"}"));
    assertThatThrownBy(() -> model.chat(verdict()))
        .isExactlyInstanceOf(ModelException.class)
        .hasMessageContaining("model 'nope' not found")
        .hasMessageContaining("Check the model name");
    server.enqueue(
        json(
            400,
            "{\"object\": \"error\", \"message\": \"context too long\","
                + " \"type\": \"BadRequestError\", \"param\": null, \"code\": 400}"));
    assertThatThrownBy(() -> model.chat(verdict()))
        .hasMessageContaining("BadRequestError: context too long");
  }

  @Test
  void retryAfterMsIsHonoured() {
    server.enqueue(
        new MockResponse.Builder(errorAnswer(429, "rate_limit_exceeded", "slow"))
            .setHeader("retry-after-ms", "1500")
            .build());
    server.enqueue(textAnswer("ok", 1, 1));

    model().chat(ModelRequest.builder().user("hi").build());

    assertThat(sleeps).containsExactly(Duration.ofMillis(1500));
  }

  private static MockResponse withUsage(String usage) {
    return json(
        200,
        """
        {"id": "x", "object": "chat.completion", "model": "free-model",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi."},
                      "finish_reason": "stop"}]%s}
        """
            .formatted(usage));
  }

  private static ModelRequest hello() {
    return ModelRequest.builder().user("Say hello.").maxTokens(256).purpose("test").build();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "",
        ", \"usage\": null",
        ", \"usage\": \"lots\"",
        ", \"usage\": {\"prompt_tokens\": \"120\", \"completion_tokens\": 4}",
        ", \"usage\": {\"prompt_tokens\": 12.5, \"completion_tokens\": 4}",
        ", \"usage\": {\"prompt_tokens\": 1e30, \"completion_tokens\": 4}",
        ", \"usage\": {\"prompt_tokens\": -3, \"completion_tokens\": 4}",
        ", \"usage\": {\"prompt_tokens\": 9223372036854775807, \"completion_tokens\": 4}",
        ", \"usage\": {\"prompt_tokens\": 10, \"completion_tokens\": 99999999}",
        ", \"usage\": {\"completion_tokens\": 4}"
      })
  void usageThatCannotBeCountedIsEstimatedFromTheBytes(String usage) throws Exception {
    LanguageModel model = model();
    server.enqueue(withUsage(usage));

    ModelResponse response = model.chat(hello());

    RecordedRequest sent = take();
    long sentBytes = sent.getBody().size();
    assertThat(response.usage().estimated()).isTrue();
    assertThat(response.usage().inputTokens()).isEqualTo((sentBytes + 3) / 4);
    assertThat(response.usage().outputTokens()).isBetween(20L, 200L);
    // priced by the model asked for (gpt-4.1), not the "free-model" the server names
    assertThat(response.costUsd()).isPositive();
  }

  @Test
  void wholeNumbersWrittenAsFractionsAreCounted() {
    server.enqueue(withUsage(", \"usage\": {\"prompt_tokens\": 12.0, \"completion_tokens\": 4}"));

    assertThat(model().chat(hello()).usage()).isEqualTo(new TokenUsage(12, 4));
  }
}
