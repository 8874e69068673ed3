package io.kosmos.core.llm.agents;

import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.kosmos.api.TokenUsage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A language model whose answers are scripted per schema name: either a queue of JSON answers, or a
 * function of the request. Records every request. For unit tests of the agents.
 */
final class ScriptedModel implements LanguageModel {

  private final Map<String, Deque<String>> queues = new HashMap<>();
  private final Map<String, Function<ModelRequest, String>> functions = new HashMap<>();
  final List<ModelRequest> requests = new ArrayList<>();

  /** Queues answers for a schema. */
  synchronized ScriptedModel answer(String schema, String... json) {
    Deque<String> q = queues.computeIfAbsent(schema, k -> new ArrayDeque<>());
    for (String j : json) {
      q.add(j);
    }
    return this;
  }

  /** Answers a schema with a function of the request (after its queue is empty). */
  synchronized ScriptedModel answer(String schema, Function<ModelRequest, String> f) {
    functions.put(schema, f);
    return this;
  }

  @Override
  public ModelResponse chat(ModelRequest request) {
    String json;
    synchronized (this) {
      requests.add(request);
      String schema = request.schema() == null ? "" : request.schema().name();
      Deque<String> q = queues.get(schema);
      if (q != null && !q.isEmpty()) {
        json = q.poll();
      } else if (functions.containsKey(schema)) {
        json = functions.get(schema).apply(request);
      } else {
        throw new AssertionError(
            "no scripted answer for schema '" + schema + "' (" + request.purpose() + ")");
      }
    }
    return new ModelResponse(
        json,
        json,
        List.of(),
        new TokenUsage(100, 20),
        0.001,
        "tool_use",
        "scripted-1",
        Duration.ZERO);
  }

  synchronized List<ModelRequest> requests(String schema) {
    return requests.stream()
        .filter(r -> r.schema() != null && r.schema().name().equals(schema))
        .toList();
  }

  /** Every message of a request, joined. */
  static String text(ModelRequest r) {
    StringBuilder sb = new StringBuilder(r.system()).append('\n');
    r.messages().forEach(m -> sb.append(m.role()).append(": ").append(m.content()).append('\n'));
    return sb.toString();
  }

  @Override
  public String provider() {
    return "scripted";
  }

  @Override
  public String model() {
    return "scripted-1";
  }
}
