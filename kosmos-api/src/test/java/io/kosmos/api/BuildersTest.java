package io.kosmos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The builders of the API's values follow the builder convention of {@code docs/contributing.md}:
 * each option once, adders any number of times, bad values rejected when set, naming the option and
 * the value, and a copy ({@code toBuilder()}) on which each option may be set once more.
 */
class BuildersTest {

  private static final Citation CELL =
      new Citation.NotebookCell("c1-t1", "cycles/1/tasks/c1-t1/notebook.ipynb", 2, "ab");

  static Stream<Arguments> options() {
    return Stream.of(
        twice("SessionOptions", "runId", SessionOptions::builder, b -> b.runId("r")),
        twice("SessionOptions", "taskId", SessionOptions::builder, b -> b.taskId("t")),
        twice("SessionOptions", "datasets", SessionOptions::builder, b -> b.datasets(List.of())),
        twice(
            "SessionOptions",
            "timeout",
            SessionOptions::builder,
            b -> b.timeout(Duration.ofSeconds(1))),
        twice(
            "SessionOptions",
            "memoryLimitBytes",
            SessionOptions::builder,
            b -> b.memoryLimitBytes(1)),
        twice("Task", "id", BuildersTest::task, b -> b.id("t")),
        twice("Task", "goal", BuildersTest::task, b -> b.goal(TaskGoal.EXPLOITATION)),
        twice("Task", "description", BuildersTest::task, b -> b.description("d")),
        twice("Task", "expectedOutput", BuildersTest::task, b -> b.expectedOutput("o")),
        twice("Task", "hypothesisId", BuildersTest::task, b -> b.hypothesisId(null)),
        twice("Task", "parameter 'x'", BuildersTest::task, b -> b.parameter("x", "1")),
        twice("Finding", "id", BuildersTest::finding, b -> b.id("F1")),
        twice("Finding", "claim", BuildersTest::finding, b -> b.claim("c")),
        twice("Finding", "summary", BuildersTest::finding, b -> b.summary("s")),
        twice("Finding", "statistics", BuildersTest::finding, b -> b.statistics(null)),
        twice(
            "Finding",
            "direction",
            BuildersTest::finding,
            b -> b.direction(EffectDirection.POSITIVE)),
        twice("Finding", "hypothesisId", BuildersTest::finding, b -> b.hypothesisId("H1")),
        twice("Finding", "cycle", BuildersTest::finding, b -> b.cycle(1)),
        twice("Finding", "taskId", BuildersTest::finding, b -> b.taskId("t")),
        twice("Finding", "validation", BuildersTest::finding, b -> b.validation(null)),
        twice("Finding", "classification", BuildersTest::finding, b -> b.classification(null)),
        twice("ModelRequest", "system", ModelRequest::builder, b -> b.system("s")),
        twice("ModelRequest", "maxTokens", ModelRequest::builder, b -> b.maxTokens(10)),
        twice("ModelRequest", "temperature", ModelRequest::builder, b -> b.temperature(0.5)),
        twice("ModelRequest", "schema", ModelRequest::builder, b -> b.schema(null)),
        twice("ModelRequest", "purpose", ModelRequest::builder, b -> b.purpose("plan")),
        twice("ModelRequest", "timeout", ModelRequest::builder, b -> b.timeout(null)),
        twice(
            "ExecutionResult",
            "status",
            ExecutionResult::builder,
            b -> b.status(ExecutionResult.Status.ERROR)),
        twice("ExecutionResult", "error", ExecutionResult::builder, b -> b.error(null)),
        twice(
            "ExecutionResult",
            "executionCount",
            ExecutionResult::builder,
            b -> b.executionCount(1)),
        twice(
            "ExecutionResult", "elapsed", ExecutionResult::builder, b -> b.elapsed(Duration.ZERO)),
        twice(
            "ExecutionResult",
            "resources",
            ExecutionResult::builder,
            b -> b.resources(ResourceUsage.UNKNOWN)),
        twice("ExecutionResult", "outputBytes", ExecutionResult::builder, b -> b.outputBytes(1)),
        twice("ExecutionResult", "truncated", ExecutionResult::builder, b -> b.truncated(true)),
        twice(
            "ExecutionResult",
            "kernelRestarted",
            ExecutionResult::builder,
            b -> b.kernelRestarted(true)));
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("options")
  void settingAnOptionTwiceFailsNamingIt(String type, String option, Runnable setTwice) {
    assertThatThrownBy(setTwice::run)
        .as(type)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(option + " was already set; set each option once");
  }

  @Test
  void badValuesFailWhenSetNamingTheOptionAndTheValue() {
    assertThatThrownBy(() -> SessionOptions.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive, was PT0S");
    assertThatThrownBy(() -> SessionOptions.builder().memoryLimitBytes(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("memoryLimitBytes")
        .hasMessageEndingWith("was -1");
    assertThatThrownBy(() -> SessionOptions.builder().runId(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("runId");
    assertThatThrownBy(() -> finding().claim(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("claim must not be blank, was ' '");
    assertThatThrownBy(() -> finding().cycle(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cycle must be 0 or more, was -1");
    assertThatThrownBy(() -> ModelRequest.builder().maxTokens(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTokens must be 1 or more, was 0");
    assertThatThrownBy(() -> ModelRequest.builder().temperature(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("temperature")
        .hasMessageEndingWith("was -0.1");
    assertThatThrownBy(() -> ModelRequest.builder().timeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive, was PT-1S");
    assertThatThrownBy(() -> ExecutionResult.builder().elapsed(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("elapsed cannot be negative, was PT-0.001S");
    assertThatThrownBy(() -> ExecutionResult.builder().outputBytes(-2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outputBytes must be 0 or more, was -2");
  }

  @Test
  void addersAccumulate() {
    SessionOptions options =
        SessionOptions.builder().dataset(Path.of("a.csv")).dataset(Path.of("b.csv")).build();
    assertThat(options.datasets()).containsExactly(Path.of("a.csv"), Path.of("b.csv"));
    ModelRequest request = ModelRequest.builder().user("a").user("b").build();
    assertThat(request.messages()).hasSize(2);
    Finding f = finding().claim("c").citation(CELL).citation(CELL).variable("x").build();
    assertThat(f.citations()).hasSize(2);
  }

  @Test
  void copiesLetEachOptionBeSetOnceMore() {
    SessionOptions options =
        SessionOptions.builder().runId("r1").timeout(Duration.ofSeconds(5)).build();
    SessionOptions copy = options.toBuilder().timeout(Duration.ofSeconds(9)).build();
    assertThat(copy.runId()).isEqualTo("r1");
    assertThat(copy.timeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(options.toBuilder().build()).isEqualTo(options);

    Finding f = finding().id("F1").claim("c").citation(CELL).build();
    assertThat(f.withId("F2").withValidation(null).id()).isEqualTo("F2");
    assertThat(f.toBuilder().claim("d").build().claim()).isEqualTo("d");
    assertThatThrownBy(() -> f.toBuilder().claim("d").claim("e"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("claim was already set; set each option once");
  }

  @Test
  void anExecutorsErrorWinsOverTheKernelsErrorOutput() {
    Output.Error kernel = new Output.Error("KeyError", "x", List.of());
    Output.Error executor = new Output.Error("TimeoutError", "too long", List.of());
    ExecutionResult r =
        ExecutionResult.builder()
            .status(ExecutionResult.Status.TIMEOUT)
            .output(kernel)
            .error(executor)
            .build();
    assertThat(r.error()).isEqualTo(executor);
    assertThat(r.outputs()).containsExactly(kernel);
    ExecutionResult e =
        ExecutionResult.builder().status(ExecutionResult.Status.ERROR).output(kernel).build();
    assertThat(e.error()).isEqualTo(kernel);
  }

  private static Task.Builder task() {
    return Task.builder(TaskKind.DATA_ANALYSIS);
  }

  private static Finding.Builder finding() {
    return Finding.builder(FindingKind.DATA_ANALYSIS);
  }

  private static <B> Arguments twice(
      String type, String option, Supplier<B> builder, Consumer<B> set) {
    return Arguments.of(
        type,
        option,
        (Runnable)
            () -> {
              B b = builder.get();
              set.accept(b);
              set.accept(b);
            });
  }
}
