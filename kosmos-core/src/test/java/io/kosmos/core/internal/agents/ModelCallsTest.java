package io.kosmos.core.internal.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.ChatMessage;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.kosmos.api.ModelResponseException;
import io.kosmos.api.TokenUsage;
import io.kosmos.api.ToolCall;
import io.kosmos.core.internal.agents.Drafts.CellStep;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every agent's call: an unusable answer is asked for again, a stray tool call is repaired. */
class ModelCallsTest {

  static final String STEP =
      "{\"thought\": \"t\", \"purpose\": \"p\", \"code\": \"print(1)\", \"done\": false}";

  /** A model that answers from a script and records what it was asked. */
  static final class Scripted implements LanguageModel {
    final Deque<Supplier<ModelResponse>> answers = new ArrayDeque<>();
    final List<ModelRequest> requests = new ArrayList<>();

    @Override
    public ModelResponse chat(ModelRequest request) {
      requests.add(request);
      return answers.removeFirst().get();
    }

    @Override
    public String provider() {
      return "scripted";
    }

    @Override
    public String model() {
      return "scripted";
    }
  }

  static ModelResponse json(String json) {
    return new ModelResponse(
        json, json, List.of(), new TokenUsage(10, 5), 0, "stop", "m", Duration.ZERO);
  }

  static ModelResponse toolCall(String name) {
    return new ModelResponse(
        "",
        null,
        List.of(new ToolCall("call_1", name, "{}")),
        new TokenUsage(10, 5),
        0,
        "tool_calls",
        "m",
        Duration.ZERO);
  }

  static Supplier<ModelResponse> unusable() {
    return () -> {
      throw new ModelResponseException("still invalid after a repair round: $.code missing");
    };
  }

  private static ModelCalls calls(Scripted model) {
    return new ModelCalls(model, Prompts.builtIn(), null, 1000);
  }

  @Test
  void anAnswerUnusableAfterTheRepairRoundIsAskedForAgainUpToThreeTimes() {
    Scripted model = new Scripted();
    model.answers.add(unusable());
    model.answers.add(unusable());
    model.answers.add(() -> json(STEP));
    List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.user("next cell")));

    CellStep step = calls(model).ask("analysis-step", "sys", messages, CellStep.class).value();

    assertThat(step.code()).isEqualTo("print(1)");
    assertThat(model.requests).hasSize(3);
    assertThat(messages).hasSize(1);

    Scripted hopeless = new Scripted();
    for (int i = 0; i < 4; i++) {
      hopeless.answers.add(unusable());
    }
    assertThatThrownBy(
            () ->
                calls(hopeless)
                    .ask("analysis-step", "sys", List.of(ChatMessage.user("x")), CellStep.class))
        .isInstanceOf(ModelResponseException.class)
        .hasMessageContaining("$.code missing");
    assertThat(hopeless.requests).hasSize(ModelCalls.ATTEMPTS);
  }

  @Test
  void aToolCallWhereNoToolIsOfferedGetsARepairRound() {
    Scripted model = new Scripted();
    model.answers.add(() -> toolCall("run_python"));
    model.answers.add(() -> json(STEP));

    CellStep step =
        calls(model)
            .ask("analysis-findings", "sys", List.of(ChatMessage.user("x")), CellStep.class)
            .value();

    assertThat(step.code()).isEqualTo("print(1)");
    assertThat(model.requests).hasSize(2);
    List<ChatMessage> repair = model.requests.get(1).messages();
    assertThat(repair.getLast().content())
        .contains("You called 'run_python', but no tool is available")
        .contains("schema");
    assertThat(model.requests.get(1).tools()).isEmpty();
  }
}
