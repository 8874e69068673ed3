package io.kosmos.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * An OpenAI-compatible model server ({@code POST /v1/chat/completions}) that misbehaves on purpose,
 * for tests of what a careless or failing model does to an application that embeds Kosmos. It is a
 * {@link MockWebServer} whose honest answers come from a {@link Dispatcher} the test supplies (a
 * scripted scientist, or {@link #echo()}), and which replaces some of them with a {@link Fault}: a
 * 429 or 5xx with {@code Retry-After}, JSON cut off halfway, an HTML page with status 200, usage
 * that is absurd, malformed or missing; an honest answer rewritten into a careless one; a tool call
 * instead of an answer.
 *
 * <pre>{@code
 * try (FaultyModelServer server = FaultyModelServer.start(scientist.openAi())) {
 *   server.inject(Fault.status(429, Duration.ofSeconds(2)), 2);   // the next two requests
 *   server.inject(Fault.absurdUsage());                           // every request after that
 *   LanguageModel model = OpenAiCompatibleModel.builder().baseUrl(server.baseUrl()) ...;
 *   ... run ...
 *   assertThat(server.injected()).isEqualTo(...);
 * }
 * }</pre>
 *
 * <p>Rules are checked in the order they were added; the first whose condition matches the request
 * and that has uses left decides the answer. A request no rule takes gets the honest answer. A
 * fault that replaces the answer (status, cut JSON, HTML) does not ask the honest dispatcher, so a
 * stateful one sees only the requests it answers; a fault that edits the answer (usage) does. The
 * server is thread-safe.
 */
public final class FaultyModelServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the server does instead of (or to) an honest answer. */
  public sealed interface Fault {

    /**
     * An error status with an OpenAI-style error body and, if given, a {@code Retry-After} header
     * in whole seconds.
     *
     * @param code the HTTP status: 429, 500, 502, 503, ...
     * @param retryAfter the wait to ask for, or {@code null} for no header
     * @return the fault
     */
    static Fault status(int code, Duration retryAfter) {
      return new Status(code, retryAfter);
    }

    /**
     * The honest answer's body cut off in the middle, with status 200.
     *
     * @return the fault
     */
    static Fault cutJson() {
      return new CutJson();
    }

    /**
     * An HTML page (a proxy's login or error page) with status 200.
     *
     * @return the fault
     */
    static Fault html() {
      return new Html();
    }

    /**
     * The honest answer with its {@code usage} replaced by this JSON, or removed if {@code null}.
     *
     * @param usage a JSON value, for example {@code {"prompt_tokens": -5, "completion_tokens":
     *     "many"}}; or {@code null} to drop the field
     * @return the fault
     */
    static Fault usage(String usage) {
      return new Usage(usage);
    }

    /**
     * The honest answer claiming {@link Long#MAX_VALUE} prompt tokens and 1e30 answer tokens.
     *
     * @return the fault
     */
    static Fault absurdUsage() {
      return new Usage("{\"prompt_tokens\": 9223372036854775807, \"completion_tokens\": 1e30}");
    }

    /**
     * The honest answer without its {@code usage}.
     *
     * @return the fault
     */
    static Fault missingUsage() {
      return new Usage(null);
    }

    /**
     * The honest answer with the model's text rewritten: a careless model's answer that is
     * well-formed and on the schema but says something else (a statistic typed into the code, a
     * claim whose numbers its statistics do not hold, a column that does not exist, a report
     * statement citing a paper nobody retrieved).
     *
     * @param edit from the honest text (for structured calls, the JSON answer) to the careless one
     * @return the fault
     */
    static Fault content(UnaryOperator<String> edit) {
      return new Content(edit);
    }

    /**
     * An answer that calls a tool instead of answering, whether or not the request offered it.
     *
     * @param name the tool's name
     * @return the fault
     */
    static Fault toolCall(String name) {
      return new ToolCallInstead(name);
    }
  }

  /**
   * An error status.
   *
   * @param code the HTTP status
   * @param retryAfter the wait asked for, or {@code null}
   */
  public record Status(int code, Duration retryAfter) implements Fault {}

  /** The honest body cut in half. */
  public record CutJson() implements Fault {}

  /** An HTML page with status 200. */
  public record Html() implements Fault {}

  /**
   * The honest answer with other usage.
   *
   * @param usage the JSON of the usage, or {@code null} for none
   */
  public record Usage(String usage) implements Fault {}

  /**
   * The honest answer with the model's text rewritten.
   *
   * @param edit the rewrite
   */
  public record Content(UnaryOperator<String> edit) implements Fault {}

  /**
   * A tool call instead of an answer.
   *
   * @param name the tool called
   */
  public record ToolCallInstead(String name) implements Fault {}

  private record Rule(Fault fault, Predicate<String> when, AtomicInteger usesLeft) {}

  private final MockWebServer server = new MockWebServer();
  private final Dispatcher honest;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Fault> injected = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();

  private FaultyModelServer(Dispatcher honest) {
    this.honest = Objects.requireNonNull(honest, "honest");
  }

  /**
   * Starts a server on a free loopback port.
   *
   * @param honest what answers the requests no fault takes
   * @return the running server
   */
  public static FaultyModelServer start(Dispatcher honest) {
    FaultyModelServer s = new FaultyModelServer(honest);
    s.server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            return s.answer(request);
          }
        });
    try {
      s.server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the faulty model server", e);
    }
    return s;
  }

  /**
   * An honest dispatcher for tests that need no particular answers: it answers every chat
   * completion with the text {@code ok} and plausible usage.
   *
   * @return the dispatcher
   */
  public static Dispatcher echo() {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return json(
            200,
            "{\"id\": \"chatcmpl-1\", \"object\": \"chat.completion\", \"model\": \"echo\","
                + " \"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\","
                + " \"content\": \"ok\"}, \"finish_reason\": \"stop\"}],"
                + " \"usage\": {\"prompt_tokens\": 10, \"completion_tokens\": 1,"
                + " \"total_tokens\": 11}}");
      }
    };
  }

  /**
   * Injects a fault into every request from now on (until a rule added before it takes them).
   *
   * @param fault the fault
   * @return this server
   */
  public FaultyModelServer inject(Fault fault) {
    return inject(fault, Integer.MAX_VALUE);
  }

  /**
   * Injects a fault into the next {@code times} requests.
   *
   * @param fault the fault
   * @param times how many requests, 1 or more
   * @return this server
   */
  public FaultyModelServer inject(Fault fault, int times) {
    return injectWhen(fault, body -> true, times);
  }

  /**
   * Injects a fault into the next {@code times} requests whose body matches a condition, for
   * example {@code body -> body.contains("\"plan_draft\"")} for the planner's calls.
   *
   * @param fault the fault
   * @param when the condition on the request's body (its JSON text)
   * @param times how many requests, 1 or more
   * @return this server
   */
  public FaultyModelServer injectWhen(Fault fault, Predicate<String> when, int times) {
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(when, "when");
    if (times < 1) {
      throw new IllegalArgumentException("times must be 1 or more, was " + times);
    }
    rules.add(new Rule(fault, when, new AtomicInteger(times)));
    return this;
  }

  /**
   * The base URL to give an OpenAI-compatible client: {@code http://127.0.0.1:port/v1}.
   *
   * @return the URL
   */
  public String baseUrl() {
    return server.url("/v1").toString();
  }

  /**
   * The URL of a path on the server.
   *
   * @param path the path
   * @return the URL
   */
  public HttpUrl url(String path) {
    return server.url(path);
  }

  /**
   * How many requests the server has had.
   *
   * @return the count
   */
  public int requestCount() {
    return requests.get();
  }

  /**
   * The faults injected so far, in order.
   *
   * @return a copy
   */
  public List<Fault> injected() {
    return new ArrayList<>(injected);
  }

  @Override
  public void close() {
    server.close();
  }

  private MockResponse answer(RecordedRequest request) throws InterruptedException {
    requests.incrementAndGet();
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    Fault fault = take(body);
    if (fault == null) {
      return honest.dispatch(request);
    }
    injected.add(fault);
    return switch (fault) {
      case Status s -> status(s);
      case Html h ->
          new MockResponse.Builder()
              .code(200)
              .setHeader("Content-Type", "text/html; charset=utf-8")
              .body(
                  "<!DOCTYPE html><html><head><title>Sign in</title></head><body><h1>Please sign"
                      + " in to continue</h1><form action=\"/login\"></form></body></html>")
              .build();
      case CutJson c -> {
        String text = bodyOf(honest.dispatch(request));
        yield json(200, text.substring(0, text.length() / 2));
      }
      case Usage u -> {
        MockResponse honestAnswer = honest.dispatch(request);
        yield withUsage(honestAnswer, u.usage());
      }
      case Content c -> withContent(honest.dispatch(request), c.edit());
      case ToolCallInstead t ->
          json(
              200,
              "{\"id\": \"chatcmpl-tool\", \"object\": \"chat.completion\", \"model\":"
                  + " \"faulty\", \"choices\": [{\"index\": 0, \"finish_reason\":"
                  + " \"tool_calls\", \"message\": {\"role\": \"assistant\", \"content\":"
                  + " null, \"tool_calls\": [{\"id\": \"call_1\", \"type\": \"function\","
                  + " \"function\": {\"name\": "
                  + JSON.valueToTree(t.name())
                  + ", \"arguments\": \"{}\"}}]}}], \"usage\": {\"prompt_tokens\": 100,"
                  + " \"completion_tokens\": 10, \"total_tokens\": 110}}");
    };
  }

  private Fault take(String body) {
    for (Rule rule : rules) {
      if (rule.when().test(body) && rule.usesLeft().getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
        return rule.fault();
      }
    }
    return null;
  }

  private static MockResponse status(Status s) {
    String type = s.code() == 429 ? "rate_limit_exceeded" : "server_error";
    MockResponse.Builder b =
        new MockResponse.Builder()
            .code(s.code())
            .setHeader("Content-Type", "application/json")
            .body(
                "{\"error\": {\"message\": \"injected fault: HTTP "
                    + s.code()
                    + "\", \"type\": \""
                    + type
                    + "\", \"param\": null, \"code\": \""
                    + type
                    + "\"}}");
    if (s.retryAfter() != null) {
      b.setHeader("Retry-After", Long.toString(Math.max(0, s.retryAfter().toSeconds())));
    }
    return b.build();
  }

  private static MockResponse withUsage(MockResponse honest, String usage) {
    String text = bodyOf(honest);
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      return honest;
    }
    if (!(root instanceof ObjectNode object) || honest.getCode() != 200) {
      return honest;
    }
    if (usage == null) {
      object.remove("usage");
    } else {
      try {
        object.set("usage", JSON.readTree(usage));
      } catch (IOException e) {
        throw new IllegalArgumentException("the usage of a fault is not JSON: " + usage, e);
      }
    }
    return json(200, object.toString());
  }

  private static MockResponse withContent(MockResponse honest, UnaryOperator<String> edit) {
    String text = bodyOf(honest);
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      return honest;
    }
    JsonNode message = root.path("choices").path(0).path("message");
    if (!(message instanceof ObjectNode m) || honest.getCode() != 200) {
      return honest;
    }
    m.put("content", edit.apply(m.path("content").asText("")));
    return json(200, root.toString());
  }

  private static String bodyOf(MockResponse response) {
    if (response.getBody() == null) {
      return "";
    }
    try (Buffer buffer = new Buffer()) {
      response.getBody().writeTo(buffer);
      return buffer.readString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse(code, Headers.of("Content-Type", "application/json"), body);
  }
}
