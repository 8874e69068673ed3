package io.kosmos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.ChatMessage;
import io.kosmos.api.JsonSchema;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.ModelException;
import io.kosmos.api.ModelRateLimitException;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.kosmos.api.ModelResponseException;
import io.kosmos.api.Sleeper;
import io.kosmos.api.ToolCall;
import io.kosmos.api.ToolSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every HTTP {@link LanguageModel} client must have, run against a {@link
 * MockWebServer} that answers in the provider's documented wire format. A client's test extends
 * this class and supplies the fixtures (answers in its provider's format) and the checks of the
 * requests it sends.
 *
 * <p>No test sleeps: the client gets a {@link Sleeper} that records the waits, and the timeout test
 * uses a 200 ms call timeout.
 */
public abstract class LanguageModelConformance {

  /** Creates the suite; subclasses make the model. */
  protected LanguageModelConformance() {}

  /** A key that looks real, so that leaks are easy to find. */
  protected static final String API_KEY = "sk-ant-api03-CONFORMANCE-TEST-KEY-0123456789abcdef";

  /** Reads request bodies. */
  protected static final ObjectMapper MAPPER = new ObjectMapper();

  /** The schema of the structured-output tests. */
  protected static final JsonSchema VERDICT =
      new JsonSchema(
          "verdict",
          """
          {"type": "object",
           "properties": {"novel": {"type": "boolean"}, "reason": {"type": "string"}},
           "required": ["novel", "reason"],
           "additionalProperties": false}
          """);

  /**
   * What the structured tests map the answer into.
   *
   * @param novel whether the model judged the idea novel
   * @param reason why, in the model's words
   */
  public record Verdict(boolean novel, String reason) {}

  /** The server the client talks to. */
  protected MockWebServer server;

  /** Every wait the client asked for. */
  protected final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  /** Records waits instead of sleeping. */
  protected final Sleeper sleeper = sleeps::add;

  /**
   * What a test needs of the client under test.
   *
   * @param baseUrl the mock server's URL, to use as the client's base URL
   * @param apiKey the key to configure
   * @param sleeper the sleeper to configure
   * @param maxRetries the retries to configure
   * @param callTimeout the call timeout to configure
   * @param maxRetryAfter the longest Retry-After the client should wait for
   * @param pricedModel the model name to configure a price for (the fixtures' answering model)
   * @param inputUsdPerMillion its price of a million prompt tokens, in US dollars
   * @param outputUsdPerMillion its price of a million answer tokens, in US dollars
   */
  public record Options(
      HttpUrl baseUrl,
      String apiKey,
      Sleeper sleeper,
      int maxRetries,
      Duration callTimeout,
      Duration maxRetryAfter,
      String pricedModel,
      double inputUsdPerMillion,
      double outputUsdPerMillion) {}

  /**
   * Builds the client under test with the given options and no jitter.
   *
   * @param options the options
   * @return the client
   */
  protected abstract LanguageModel newModel(Options options);

  /**
   * The model name the fixtures report as the answering model.
   *
   * @return the name
   */
  protected abstract String answeringModel();

  /**
   * A successful text answer.
   *
   * @param text the text
   * @param inputTokens prompt tokens
   * @param outputTokens answer tokens
   * @return the response
   */
  protected abstract MockResponse textAnswer(String text, long inputTokens, long outputTokens);

  /**
   * A successful structured answer for a schema, in the way the client asks for one.
   *
   * @param schemaName the schema's name
   * @param json a JSON object, the model's answer
   * @return the response
   */
  protected abstract MockResponse structuredAnswer(String schemaName, String json);

  /**
   * A successful answer that calls one tool.
   *
   * @param callId the call's id
   * @param tool the tool
   * @param argumentsJson the arguments, a JSON object
   * @return the response
   */
  protected abstract MockResponse toolCallAnswer(String callId, String tool, String argumentsJson);

  /**
   * An error answer in the provider's documented error format.
   *
   * @param status the HTTP status
   * @param type the provider's error type
   * @param message the provider's message
   * @return the response
   */
  protected abstract MockResponse errorAnswer(int status, String type, String message);

  /**
   * The environment variable an authentication error should tell the user to fix.
   *
   * @return the variable
   */
  protected abstract String apiKeyEnvVar();

  /**
   * Checks the request of the text test: path, headers, and the JSON shape of system prompt,
   * messages, token limit and temperature.
   *
   * @param request the request as the server received it
   * @param body its JSON body
   */
  protected abstract void assertTextRequest(RecordedRequest request, JsonNode body);

  /**
   * Checks that a request asks for structured output with {@link #VERDICT} the provider's way.
   *
   * @param body the JSON body
   */
  protected abstract void assertStructuredRequest(JsonNode body);

  /**
   * Checks the request of the tool test: the tool offered, and the earlier assistant tool call
   * ({@code call_1}, {@code run_python}, code {@code df.bmi.mean()}) and its result ({@code 26.4})
   * in the provider's format.
   *
   * @param body the JSON body
   */
  protected abstract void assertToolRequest(JsonNode body);

  /**
   * The messages of a request body, as the provider's format holds them, flattened to text so that
   * the repair test can look for the previous answer and the error.
   *
   * @param body the JSON body
   * @return the text of all messages
   */
  protected String messagesText(JsonNode body) {
    return body.path("messages").toString();
  }

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /**
   * A client with 2 retries, a 5 s call timeout, Retry-After honoured up to 60 s, and a price for
   * the answering model of $3 / $15 per million tokens.
   *
   * @return the client
   */
  protected LanguageModel model() {
    return newModel(options(2, Duration.ofSeconds(5)));
  }

  /**
   * The options of {@link #model()} with other retries and timeout.
   *
   * @param maxRetries the retries
   * @param callTimeout the call timeout
   * @return the options
   */
  protected Options options(int maxRetries, Duration callTimeout) {
    return new Options(
        server.url("/"),
        API_KEY,
        sleeper,
        maxRetries,
        callTimeout,
        Duration.ofSeconds(60),
        answeringModel(),
        3.0,
        15.0);
  }

  /**
   * Takes the next request the server received, failing if there is none.
   *
   * @return the request
   * @throws InterruptedException if interrupted
   */
  protected RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the server").isNotNull();
    return request;
  }

  /**
   * Reads a request's JSON body.
   *
   * @param request the request
   * @return the body
   * @throws IOException if it is not JSON
   */
  protected static JsonNode body(RecordedRequest request) throws IOException {
    return MAPPER.readTree(request.getBody().utf8());
  }

  /**
   * Quotes a string as a JSON string literal, for fixtures.
   *
   * @param text the text
   * @return the literal, quotes included
   */
  protected static String q(String text) {
    try {
      return MAPPER.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ModelRequest textRequest() {
    return ModelRequest.builder()
        .system("You are a careful scientist.")
        .user("Say hello.")
        .maxTokens(256)
        .temperature(0.2)
        .purpose("test-text")
        .build();
  }

  private static ModelRequest verdictRequest() {
    return ModelRequest.builder().user("Is this novel?").schema(VERDICT).purpose("review").build();
  }

  @Test
  void textAnswerWithUsageCostAndRequestShape() throws Exception {
    server.enqueue(textAnswer("Hello, scientist.", 1000, 200));

    ModelResponse response = model().chat(textRequest());

    assertThat(response.text()).isEqualTo("Hello, scientist.");
    assertThat(response.json()).isNull();
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.usage().inputTokens()).isEqualTo(1000);
    assertThat(response.usage().outputTokens()).isEqualTo(200);
    assertThat(response.costUsd()).isCloseTo(1000 * 3e-6 + 200 * 15e-6, within(1e-12));
    assertThat(response.model()).isEqualTo(answeringModel());
    assertThat(response.stopReason()).isNotBlank();
    assertThat(response.latency().isNegative()).isFalse();
    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertTextRequest(request, body(request));
  }

  @Test
  void structuredOutputIsSentTheProvidersWayAndParsedIntoARecord() throws Exception {
    server.enqueue(structuredAnswer("verdict", "{\"novel\": true, \"reason\": \"not seen\"}"));

    ModelResponse response = model().chat(verdictRequest());

    assertThat(MAPPER.readTree(response.json()))
        .isEqualTo(MAPPER.readTree("{\"novel\": true, \"reason\": \"not seen\"}"));
    assertThat(MAPPER.readValue(response.json(), Verdict.class))
        .isEqualTo(new Verdict(true, "not seen"));
    assertStructuredRequest(body(take()));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void invalidStructuredAnswerGetsOneRepairRoundThatShowsTheError() throws Exception {
    server.enqueue(structuredAnswer("verdict", "{\"reason\": \"forgot the flag\"}"));
    server.enqueue(structuredAnswer("verdict", "{\"novel\": false, \"reason\": \"seen\"}"));

    ModelResponse response = model().chat(verdictRequest());

    assertThat(MAPPER.readValue(response.json(), Verdict.class))
        .isEqualTo(new Verdict(false, "seen"));
    assertThat(server.getRequestCount()).isEqualTo(2);
    take();
    JsonNode repair = body(take());
    assertStructuredRequest(repair);
    String messages = messagesText(repair);
    assertThat(messages).contains("forgot the flag").contains("required property 'novel'");
  }

  @Test
  void usageOfTheRepairRoundIsAddedUp() {
    server.enqueue(structuredAnswer("verdict", "{\"novel\": \"yes\", \"reason\": \"r\"}"));
    server.enqueue(structuredAnswer("verdict", "{\"novel\": true, \"reason\": \"r\"}"));

    ModelResponse response = model().chat(verdictRequest());

    ModelResponse single;
    server.enqueue(structuredAnswer("verdict", "{\"novel\": true, \"reason\": \"r\"}"));
    single = model().chat(verdictRequest());
    assertThat(response.usage().total()).isEqualTo(2 * single.usage().total());
  }

  @Test
  void structuredAnswerStillInvalidAfterRepairIsAClearError() {
    server.enqueue(structuredAnswer("verdict", "{\"reason\": \"first\"}"));
    server.enqueue(structuredAnswer("verdict", "{\"novel\": \"maybe\", \"reason\": \"second\"}"));

    assertThatThrownBy(() -> model().chat(verdictRequest()))
        .isInstanceOf(ModelResponseException.class)
        .hasMessageContaining("verdict")
        .hasMessageContaining("repair")
        .hasMessageContaining("$.novel")
        .hasMessageContaining("purpose review");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void toolsAndToolCallsAreMappedBothWays() throws Exception {
    server.enqueue(toolCallAnswer("call_2", "run_python", "{\"code\": \"df.age.mean()\"}"));
    ModelRequest request =
        ModelRequest.builder()
            .user("What is the mean BMI?")
            .message(
                new ChatMessage(
                    ChatMessage.Role.ASSISTANT,
                    "",
                    List.of(new ToolCall("call_1", "run_python", "{\"code\":\"df.bmi.mean()\"}")),
                    null))
            .message(ChatMessage.toolResult("call_1", "26.4"))
            .tool(
                new ToolSpec(
                    "run_python",
                    "Runs Python code in the analysis kernel",
                    "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\"}},"
                        + "\"required\":[\"code\"]}"))
            .purpose("analyst")
            .build();

    ModelResponse response = model().chat(request);

    assertThat(response.toolCalls()).hasSize(1);
    ToolCall call = response.toolCalls().get(0);
    assertThat(call.id()).isEqualTo("call_2");
    assertThat(call.name()).isEqualTo("run_python");
    assertThat(MAPPER.readTree(call.arguments()))
        .isEqualTo(MAPPER.readTree("{\"code\": \"df.age.mean()\"}"));
    assertThat(response.json()).isNull();
    assertToolRequest(body(take()));
  }

  @Test
  void rateLimitWithRetryAfterIsWaitedForThenSucceeds() {
    server.enqueue(
        new MockResponse.Builder(errorAnswer(429, "rate_limit_error", "slow down"))
            .setHeader("retry-after", "7")
            .build());
    server.enqueue(textAnswer("ok", 1, 1));

    ModelResponse response = model().chat(textRequest());

    assertThat(response.text()).isEqualTo("ok");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void rateLimitThatPersistsEndsInARateLimitExceptionWithTheWait() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse.Builder(errorAnswer(429, "rate_limit_error", "slow down"))
              .setHeader("retry-after", "3")
              .build());
    }

    assertThatThrownBy(() -> model().chat(textRequest()))
        .isInstanceOfSatisfying(
            ModelRateLimitException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)))
        .hasMessageContaining("3 attempts")
        .hasMessageContaining("429");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
  }

  @Test
  void retryAfterLongerThanTheClientWaitsEndsAtOnce() {
    server.enqueue(
        new MockResponse.Builder(errorAnswer(429, "rate_limit_error", "slow down"))
            .setHeader("retry-after", "3600")
            .build());

    assertThatThrownBy(() -> model().chat(textRequest()))
        .isInstanceOfSatisfying(
            ModelRateLimitException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofHours(1)));
    assertThat(sleeps).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void serverErrorIsRetriedWithBackoffThenSucceeds() {
    server.enqueue(errorAnswer(500, "api_error", "internal"));
    server.enqueue(textAnswer("recovered", 1, 1));

    assertThat(model().chat(textRequest()).text()).isEqualTo("recovered");
    assertThat(sleeps).hasSize(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void serverErrorsThatPersistEndInAModelExceptionWithStatusAndMessage() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(errorAnswer(503, "api_error", "upstream unavailable"));
    }

    assertThatThrownBy(() -> model().chat(textRequest()))
        .isExactlyInstanceOf(ModelException.class)
        .hasMessageContaining("503")
        .hasMessageContaining("upstream unavailable")
        .hasMessageContaining("3 attempts");
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void unauthorizedIsNotRetriedAndNamesTheVariableNotTheKey() {
    server.enqueue(errorAnswer(401, "authentication_error", "invalid api key " + API_KEY));

    assertThatThrownBy(() -> model().chat(textRequest()))
        .isInstanceOf(ModelAuthenticationException.class)
        .hasMessageContaining(apiKeyEnvVar())
        .hasMessageContaining("401")
        .satisfies(e -> assertThat(e.toString()).doesNotContain(API_KEY))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(API_KEY.substring(0, 20)));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void forbiddenIsAnAuthenticationError() {
    server.enqueue(errorAnswer(403, "permission_error", "not allowed"));

    assertThatThrownBy(() -> model().chat(textRequest()))
        .isInstanceOf(ModelAuthenticationException.class)
        .hasMessageContaining("403");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void badRequestIsNotRetried() {
    server.enqueue(errorAnswer(400, "invalid_request_error", "max_tokens: too large"));

    assertThatThrownBy(() -> model().chat(textRequest()))
        .isExactlyInstanceOf(ModelException.class)
        .hasMessageContaining("400")
        .hasMessageContaining("max_tokens: too large")
        .hasMessageContaining("purpose test-text");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void malformedBodyIsAResponseException() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .body("{\"id\": \"x\", \"content\": [")
            .build());

    assertThatThrownBy(() -> model().chat(textRequest()))
        .isInstanceOf(ModelResponseException.class)
        .hasMessageContaining("malformed");
  }

  @Test
  void wellFormedBodyOfTheWrongShapeIsAResponseException() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .body("{\"hello\": \"world\"}")
            .build());

    assertThatThrownBy(() -> model().chat(textRequest()))
        .isInstanceOf(ModelResponseException.class)
        .hasMessageContaining("malformed");
  }

  @Test
  void timeoutIsRetriedThenReported() {
    LanguageModel model = newModel(options(1, Duration.ofMillis(200)));
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

    assertThatThrownBy(() -> model.chat(textRequest()))
        .isExactlyInstanceOf(ModelException.class)
        .hasMessageContaining("0.2 s")
        .hasMessageContaining("2 attempts timed out");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void requestTimeoutOverridesTheClientsCallTimeout() {
    LanguageModel model = newModel(options(0, Duration.ofMinutes(5)));
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    ModelRequest request =
        ModelRequest.builder().user("hi").timeout(Duration.ofMillis(150)).purpose("quick").build();

    assertThatThrownBy(() -> model.chat(request))
        .isExactlyInstanceOf(ModelException.class)
        .hasMessageContaining("timed out")
        .hasMessageContaining("purpose quick");
  }

  @Test
  void toStringShowsNoKey() {
    LanguageModel model = model();
    assertThat(model.toString()).doesNotContain(API_KEY).contains(model.model());
  }

  @Test
  void nameAndModelAreReported() {
    LanguageModel model = model();
    assertThat(model.provider()).isNotBlank();
    assertThat(model.model()).isNotBlank();
  }
}
