package io.kosmos.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.JsonSchema;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.Sleeper;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * What a provider's test supplies to {@link LanguageModelConformance}: the client under test, made
 * from {@link Options}; answers in the provider's documented wire format (text, structured output,
 * a tool call, an error); and the checks of the requests the client sends. The suite's tests are in
 * {@link LanguageModelConformance}, which is the class to extend.
 */
public abstract class LanguageModelFixtures extends HttpClientConformance {

  /** A key that looks real, so that leaks are easy to find. */
  protected static final String API_KEY = "sk-ant-api03-CONFORMANCE-TEST-KEY-0123456789abcdef";

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
   * @param novel whether the model found it novel
   * @param reason why
   */
  public record Verdict(boolean novel, String reason) {}

  /**
   * What a test needs of the client under test.
   *
   * @param baseUrl the mock server's URL, to use as the client's base URL
   * @param apiKey the key to configure
   * @param sleeper the sleeper to configure
   * @param maxRetries the retries to configure
   * @param callTimeout the call timeout to configure
   * @param maxRetryAfter the longest Retry-After the client should wait for
   * @param pricedModel the model name to configure a price for: the model the client asks for
   *     ({@link #requestedModel()}), since a call is priced by that and not by the name a server
   *     reports
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

  LanguageModelFixtures() {}

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
   * The model name the client under test is configured with. The suite prices this name only, so a
   * client that priced calls by the name the server reports ({@link #answeringModel()}) would cost
   * 0 where they differ.
   *
   * @return the name; by default {@link #answeringModel()}
   */
  protected String requestedModel() {
    return answeringModel();
  }

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
        requestedModel(),
        3.0,
        15.0);
  }

  /**
   * The request of the text tests: a system prompt, a user message, a token limit and a
   * temperature.
   *
   * @return the request
   */
  static ModelRequest textRequest() {
    return ModelRequest.builder()
        .system("You are a careful scientist.")
        .user("Say hello.")
        .maxTokens(256)
        .temperature(0.2)
        .purpose("test-text")
        .build();
  }

  /**
   * The request of the structured-output tests, for {@link #VERDICT}.
   *
   * @return the request
   */
  static ModelRequest verdictRequest() {
    return ModelRequest.builder().user("Is this novel?").schema(VERDICT).purpose("review").build();
  }
}
