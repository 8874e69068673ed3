package io.kosmos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.ChatMessage;
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
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every HTTP {@link LanguageModel} client must have, run against a {@link
 * MockWebServer} that answers in the provider's documented wire format: text answers with usage and
 * cost, structured output with one repair round, tool calls both ways, retries and Retry-After,
 * errors that say what to fix, timeouts. A client's test extends this class and supplies the
 * fixtures declared by {@link LanguageModelFixtures} (answers in its provider's format, checks of
 * the requests it sends):
 *
 * <pre>{@code
 * class MyModelTest extends LanguageModelConformance {
 *   protected LanguageModel newModel(Options o) { return MyModel.builder().baseUrl(o.baseUrl())...; }
 *   protected MockResponse textAnswer(String text, long in, long out) { ... }
 *   ...
 * }
 * }</pre>
 *
 * <p>No test sleeps: the client gets a {@link Sleeper} that records the waits, and the timeout test
 * uses a 200 ms call timeout.
 */
public abstract class LanguageModelConformance extends LanguageModelFixtures {

  /** Creates the suite; the subclass supplies the fixtures. */
  protected LanguageModelConformance() {}

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
  void absurdUsageIsReplacedByAnEstimateFromTheBytes() {
    server.enqueue(textAnswer("Hello.", Long.MAX_VALUE, 200));
    server.enqueue(textAnswer("Hello.", 1000, Long.MAX_VALUE / 2));

    for (int i = 0; i < 2; i++) {
      ModelResponse response = model().chat(textRequest());

      assertThat(response.usage().estimated()).isTrue();
      assertThat(response.usage().inputTokens()).isBetween(1L, 100_000L);
      assertThat(response.usage().outputTokens()).isBetween(1L, 100_000L);
      assertThat(response.costUsd()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void negativeUsageIsReplacedByAnEstimate() {
    server.enqueue(textAnswer("Hello.", -1000, 200));

    ModelResponse response = model().chat(textRequest());

    assertThat(response.usage().estimated()).isTrue();
    assertThat(response.usage().total()).isPositive();
  }

  @Test
  void plausibleUsageIsTheProvidersOwn() {
    server.enqueue(textAnswer("Hello.", 20, 5));

    assertThat(model().chat(textRequest()).usage()).isEqualTo(new io.kosmos.api.TokenUsage(20, 5));
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
  void malformedBodyIsAskedForOnceMoreThenAResponseException() {
    MockResponse cut =
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .body("{\"id\": \"x\", \"content\": [")
            .build();
    server.enqueue(cut);
    server.enqueue(cut);

    assertThatThrownBy(() -> model().chat(textRequest()))
        .isInstanceOf(ModelResponseException.class)
        .hasMessageContaining("malformed");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anHtmlPageWithStatus200IsAskedForOnceMoreAndItsBytesCounted() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/html")
            .body("<html><body><h1>Please sign in</h1></body></html>")
            .build());
    server.enqueue(textAnswer("Hello.", 20, 5));

    ModelResponse response = model().chat(textRequest());

    assertThat(response.text()).isEqualTo("Hello.");
    assertThat(response.usage().estimated()).isTrue();
    assertThat(response.usage().inputTokens()).isGreaterThan(20);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void wellFormedBodyOfTheWrongShapeIsAResponseException() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .body("{\"hello\": \"world\"}")
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .body("{\"hello\": \"again\"}")
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
