package io.kosmos.core.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.ChatMessage;
import io.kosmos.api.KosmosException;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.ModelException;
import io.kosmos.api.ModelRateLimitException;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.kosmos.api.ModelResponseException;
import io.kosmos.api.TokenUsage;
import io.kosmos.api.ToolCall;
import io.kosmos.core.internal.http.HttpOutcome;
import io.kosmos.core.internal.http.Redactor;
import io.kosmos.core.internal.http.RetryingHttpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.MediaType;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both HTTP clients share: the retried exchange, the mapping of failures to exceptions, the
 * structured-output check with its one repair round, and cost. Subclasses only translate requests
 * and answers to and from their provider's wire format.
 */
abstract class HttpLanguageModel implements LanguageModel {

  private static final Logger log = LoggerFactory.getLogger(HttpLanguageModel.class);
  static final MediaType JSON = MediaType.get("application/json");

  final ClientSettings settings;
  private final RetryingHttpClient http;
  private final Set<String> usageNoticesGiven = ConcurrentHashMap.newKeySet();

  HttpLanguageModel(ClientSettings settings) {
    this.settings = settings;
    this.http =
        new RetryingHttpClient(
            settings.newHttpClient(),
            settings.retry,
            settings.sleeper,
            settings.clock,
            settings.maxConcurrentRequests,
            settings.requestsPerMinute,
            provider());
  }

  /** One answer of the provider, read from its wire format. */
  record Answer(
      String text,
      String structured,
      List<ToolCall> toolCalls,
      ReportedUsage usage,
      String stopReason,
      String model,
      String refusal) {}

  /** Builds the HTTP request for a conversation; {@code schema} may be {@code null}. */
  abstract Request httpRequest(
      ModelRequest request,
      int maxTokens,
      @Nullable SchemaEnvelope schema,
      List<ChatMessage> messages);

  /**
   * Reads a successful body.
   *
   * @throws IllegalArgumentException if the body does not have the documented shape
   */
  abstract Answer parseAnswer(JsonNode body, SchemaEnvelope schema);

  /** The provider's error type and message from an error body, or {@code null}. */
  abstract @Nullable String errorDetail(JsonNode body);

  /** The provider, as a person calls it in a sentence ("Anthropic"). */
  abstract String displayName();

  /** The environment variable that holds this provider's key. */
  abstract String keyEnvVar();

  @Override
  public String model() {
    return settings.model;
  }

  /**
   * The base URL requests go to.
   *
   * @return the URL, for example {@code https://api.anthropic.com}
   */
  public String baseUrl() {
    return settings.baseUrl.toString();
  }

  @Override
  public final ModelResponse chat(ModelRequest request) {
    Objects.requireNonNull(request, "request");
    long start = System.nanoTime();
    SchemaEnvelope schema = request.schema() == null ? null : SchemaEnvelope.of(request.schema());
    int maxTokens =
        settings.maxTokens > 0
            ? Math.min(settings.maxTokens, request.maxTokens())
            : request.maxTokens();

    Reply reply = exchange(request, maxTokens, schema, request.messages());
    Answer answer = reply.answer();
    TokenUsage usage = reply.usage();
    String json = null;
    if (schema != null && answer.toolCalls().isEmpty()) {
      SchemaEnvelope.Checked checked = check(answer, schema);
      if (!checked.ok()) {
        log.info(
            "{}: structured answer for schema '{}' (purpose {}) is invalid, asking once more: {}",
            provider(),
            schema.schema.name(),
            request.purpose(),
            checked.error());
        List<ChatMessage> repair = new ArrayList<>(request.messages());
        repair.add(ChatMessage.assistant(previousAnswer(answer)));
        repair.add(ChatMessage.user(repairPrompt(schema, checked.error())));
        reply = exchange(request, maxTokens, schema, repair);
        answer = reply.answer();
        usage = usage.plus(reply.usage());
        if (answer.toolCalls().isEmpty()) {
          checked = check(answer, schema);
          if (!checked.ok()) {
            throw new ModelResponseException(
                redact(
                    displayName()
                        + "'s structured answer for schema '"
                        + schema.schema.name()
                        + "' (purpose "
                        + request.purpose()
                        + ", model "
                        + answer.model()
                        + ") is still invalid after a repair round: "
                        + checked.error()
                        + ". Simplify the schema or the prompt, or use a stronger model."));
          }
        }
      }
      json = checked.ok() ? checked.json() : null;
    }
    // priced by the model asked for: the name a server reports is not evidence of what it costs
    double cost = settings.priceTable.cost(settings.model, usage);
    return new ModelResponse(
        answer.text(),
        json,
        answer.toolCalls(),
        usage,
        cost,
        answer.stopReason(),
        answer.model(),
        Duration.ofNanos(System.nanoTime() - start),
        settings.priceTable.cacheSaving(settings.model, usage));
  }

  private static SchemaEnvelope.Checked check(Answer answer, SchemaEnvelope schema) {
    if (answer.refusal() != null) {
      return SchemaEnvelope.Checked.error("the model refused: " + answer.refusal());
    }
    SchemaEnvelope.Checked checked =
        schema.check(answer.structured() != null ? answer.structured() : answer.text());
    if (!checked.ok()
        && ("max_tokens".equals(answer.stopReason()) || "length".equals(answer.stopReason()))) {
      return SchemaEnvelope.Checked.error(
          checked.error() + " (the answer was cut off at the output token limit)");
    }
    return checked;
  }

  private static String previousAnswer(Answer answer) {
    String previous = answer.structured() != null ? answer.structured() : answer.text();
    return previous == null || previous.isBlank() ? "(no answer)" : previous;
  }

  /** What the model is told in the repair round. */
  String repairPrompt(SchemaEnvelope schema, String error) {
    return "Your previous answer could not be used: "
        + error
        + ". Answer again with JSON that follows the schema '"
        + schema.schema.name()
        + "' exactly, and nothing else.";
  }

  /** An answer and the usage it is counted with. */
  private record Reply(Answer answer, TokenUsage usage) {}

  /**
   * One exchange, asked once more if the answer is not a readable answer at all (JSON cut off, an
   * HTML page with status 200, no choices): a proxy or an overloaded server does that now and then,
   * and the same request usually gets a good answer the second time. The unreadable answer's usage
   * is estimated from its bytes and added, so it still counts against a budget.
   */
  private Reply exchange(
      ModelRequest request, int maxTokens, SchemaEnvelope schema, List<ChatMessage> messages) {
    TokenUsage wasted = TokenUsage.ZERO;
    for (int attempt = 1; ; attempt++) {
      try {
        Reply reply = exchangeOnce(request, maxTokens, schema, messages);
        return attempt == 1 ? reply : new Reply(reply.answer(), wasted.plus(reply.usage()));
      } catch (Unreadable e) {
        wasted = wasted.plus(e.usage);
        if (attempt > MALFORMED_RETRIES) {
          // the answers were sent all the same: a budget counts them
          throw new ChargedFailure(
              e.failure, wasted, settings.priceTable.cost(settings.model, wasted));
        }
        log.warn("{} Asking once more.", e.failure.getMessage());
      }
    }
  }

  /** How often an unreadable answer is asked for again. */
  static final int MALFORMED_RETRIES = 1;

  /** An answer that could not be read, and what it is counted as. */
  private static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ModelResponseException failure;
    final transient TokenUsage usage;

    Unreadable(ModelResponseException failure, TokenUsage usage) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
      this.usage = usage;
    }
  }

  private Reply exchangeOnce(
      ModelRequest request, int maxTokens, SchemaEnvelope schema, List<ChatMessage> messages) {
    Request httpRequest = httpRequest(request, maxTokens, schema, messages);
    HttpOutcome outcome;
    try {
      outcome = http.execute(httpRequest, request.timeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelException(
          displayName() + " call (purpose " + request.purpose() + ") was interrupted", e);
    }
    if (outcome.failed()) {
      throw transportFailure(outcome, request);
    }
    if (!outcome.isSuccessful()) {
      throw statusFailure(outcome, request);
    }
    JsonNode body;
    try {
      body = Json.parse(outcome.body());
    } catch (JsonProcessingException e) {
      throw malformed(request, httpRequest, outcome, Json.describe(e), e);
    }
    if (body == null || !body.isObject()) {
      throw malformed(request, httpRequest, outcome, "the body is not a JSON object", null);
    }
    Answer answer;
    try {
      answer = parseAnswer(body, schema);
    } catch (KosmosException e) {
      throw e;
    } catch (RuntimeException e) {
      throw malformed(request, httpRequest, outcome, e.getMessage(), e);
    }
    ReportedUsage.Trusted trusted =
        answer.usage().trusted(maxTokens, sentBytes(httpRequest), receivedBytes(outcome));
    if (trusted.notice() != null) {
      usageNotice(request, trusted);
    }
    return new Reply(answer, trusted.usage());
  }

  private void usageNotice(ModelRequest request, ReportedUsage.Trusted trusted) {
    String message =
        redact(
            displayName()
                + " reported token usage that cannot be counted (purpose "
                + request.purpose()
                + "): "
                + trusted.notice()
                + ". Counting an estimate from the bytes sent and received instead ("
                + trusted.usage().inputTokens()
                + " in, "
                + trusted.usage().outputTokens()
                + " out), so budgets still bind.");
    // one warning per kind of problem is enough to act on; the rest would drown the log
    String kind = trusted.notice().replaceAll("[0-9.eE+-]+", "#");
    if (usageNoticesGiven.add(kind)) {
      log.warn(message);
    } else {
      log.debug(message);
    }
  }

  private static long sentBytes(Request request) {
    try {
      return request.body() == null ? 0 : Math.max(0, request.body().contentLength());
    } catch (IOException e) {
      return 0;
    }
  }

  private static long receivedBytes(HttpOutcome outcome) {
    return outcome.body() == null ? 0 : outcome.body().getBytes(StandardCharsets.UTF_8).length;
  }

  private ModelException transportFailure(HttpOutcome outcome, ModelRequest request) {
    Duration timeout = request.timeout() != null ? request.timeout() : settings.callTimeout;
    String attempts = outcome.attempts() == 1 ? "1 attempt" : outcome.attempts() + " attempts";
    if (outcome.timedOut()) {
      return new ModelException(
          redact(
              displayName()
                  + " did not answer (purpose "
                  + request.purpose()
                  + ") within "
                  + seconds(timeout)
                  + ", "
                  + attempts
                  + " timed out. Raise the call timeout (callTimeout, or ModelRequest.timeout) or"
                  + " lower maxTokens."),
          outcome.failure());
    }
    return new ModelException(
        redact(
            "Cannot reach "
                + displayName()
                + " at "
                + settings.baseUrl
                + " (purpose "
                + request.purpose()
                + ") after "
                + attempts
                + ": "
                + outcome.failure().getClass().getSimpleName()
                + ": "
                + outcome.failure().getMessage()
                + ". Check the network and the base URL."),
        outcome.failure());
  }

  private ModelException statusFailure(HttpOutcome outcome, ModelRequest request) {
    int status = outcome.status();
    String detail = null;
    try {
      JsonNode body = Json.parse(outcome.body());
      if (body != null && body.isObject()) {
        detail = errorDetail(body);
      }
    } catch (JsonProcessingException ignored) {
      // not JSON: fall back to the raw body
    }
    if (detail == null || detail.isBlank()) {
      detail = Json.excerpt(outcome.body(), 200);
    }
    String http = "HTTP " + status + (detail.isBlank() ? "" : " " + detail);
    String attempts = outcome.attempts() == 1 ? "1 attempt" : outcome.attempts() + " attempts";
    if (status == 401) {
      return new ModelAuthenticationException(
          redact(
              displayName()
                  + (settings.apiKey == null
                      ? " asked for an API key, and none was set (" + http + ")."
                      : " rejected the API key (" + http + ").")
                  + " Set "
                  + keyEnvVar()
                  + " to a valid key."));
    }
    if (status == 403) {
      return new ModelAuthenticationException(
          redact(
              displayName()
                  + " refused the request with this API key ("
                  + http
                  + "). Check that the key in "
                  + keyEnvVar()
                  + " may use model "
                  + settings.model
                  + "."));
    }
    if (status == 429 || status == 529) {
      Duration wait = outcome.retryAfter();
      return new ModelRateLimitException(
          redact(
              displayName()
                  + (status == 529 ? " stayed overloaded" : " kept refusing for rate")
                  + " (purpose "
                  + request.purpose()
                  + ", "
                  + http
                  + ") after "
                  + attempts
                  + "."
                  + (wait != null ? " It asked to wait " + seconds(wait) + "." : "")
                  + " Lower requestsPerMinute or maxConcurrentRequests, or try again later."),
          wait);
    }
    String hint =
        switch (status) {
          case 400, 422 -> " The request was not accepted; nothing was retried.";
          case 404 -> " Check the model name (" + settings.model + ") and the base URL.";
          default -> status >= 500 ? " The provider failed after " + attempts + "." : "";
        };
    return new ModelException(
        redact(
            displayName() + " answered " + http + " (purpose " + request.purpose() + ")." + hint));
  }

  private Unreadable malformed(
      ModelRequest request,
      Request httpRequest,
      HttpOutcome outcome,
      String problem,
      Throwable cause) {
    return new Unreadable(
        malformedFailure(request, outcome, problem, cause),
        ReportedUsage.missing("unreadable")
            .trusted(0, sentBytes(httpRequest), receivedBytes(outcome))
            .usage());
  }

  private ModelResponseException malformedFailure(
      ModelRequest request, HttpOutcome outcome, String problem, Throwable cause) {
    return new ModelResponseException(
        redact(
            displayName()
                + " sent a malformed answer (purpose "
                + request.purpose()
                + ", HTTP "
                + outcome.status()
                + "): "
                + problem
                + ". Body starts with: "
                + Json.excerpt(outcome.body(), 200)),
        cause);
  }

  final String redact(String text) {
    return Redactor.redact(
        text, settings.apiKey == null ? List.of() : Collections.singletonList(settings.apiKey));
  }

  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0
        ? (ms / 1000) + " s"
        : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "{model="
        + settings.model
        + ", baseUrl="
        + settings.baseUrl
        + ", apiKey="
        + (settings.apiKey == null ? "not set" : "set")
        + "}";
  }
}
