package io.kosmos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

  private static Map<String, Double> scores(double s, double r, double n, double c, double f) {
    return Map.of("specificity", s, "relevance", r, "novelty", n, "coverage", c, "feasibility", f);
  }

  @Test
  void planReviewApprovesOnMeanAndMinimumAndStructure() {
    assertThat(new PlanReview(scores(7, 7, 7, 7, 7), List.of(), List.of()).approved()).isTrue();
    // Mean 7.2 but one dimension below 5.
    assertThat(new PlanReview(scores(9, 9, 9, 4, 5), List.of(), List.of()).approved()).isFalse();
    // Every score at least 5 but mean below 7.
    assertThat(new PlanReview(scores(6, 6, 6, 6, 6), List.of(), List.of()).approved()).isFalse();
    // Scores fine, structure broken.
    PlanReview broken =
        new PlanReview(scores(9, 9, 9, 9, 9), List.of("only 2 data-analysis tasks"), List.of());
    assertThat(broken.approved()).isFalse();
    assertThat(broken.mean()).isEqualTo(9.0);
    assertThat(new PlanReview(scores(6, 6, 6, 6, 6), List.of(), List.of()).approved(6, 6)).isTrue();
  }

  @Test
  void planReviewNeedsEveryDimensionInRange() {
    Map<String, Double> missing = new HashMap<>(scores(7, 7, 7, 7, 7));
    missing.remove("novelty");
    assertThatThrownBy(() -> new PlanReview(missing, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("novelty");
    assertThatThrownBy(() -> new PlanReview(scores(7, 7, 11, 7, 7), List.of(), List.of()))
        .hasMessageContaining("0 to 10");
  }

  @Test
  void errorOutputStripsAnsiCodes() {
    Output.Error error =
        new Output.Error(
            "ZeroDivisionError",
            "division by zero",
            List.of(
                "\u001b[0;31m---------\u001b[0m",
                "\u001b[0;31mZeroDivisionError\u001b[0m: division by zero"));
    assertThat(error.plainTraceback())
        .isEqualTo("---------\nZeroDivisionError: division by zero")
        .doesNotContain("\u001b");
  }

  @Test
  void executionResultBuilderRoutesStreamsAndErrors() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    ExecutionResult result =
        ExecutionResult.builder()
            .status(ExecutionResult.Status.ERROR)
            .output(new Output.Stream("stdout", "a\n"))
            .output(new Output.Stream("stderr", "warn\n"))
            .output(
                new Output.DisplayData(
                    Map.of(Output.IMAGE_PNG, Base64.getEncoder().encodeToString(png)),
                    Map.of(),
                    null))
            .output(new Output.ExecuteResult(3, Map.of(Output.TEXT_PLAIN, "42"), Map.of()))
            .output(new Output.Error("KeyError", "'x'", List.of("KeyError: 'x'")))
            .elapsed(Duration.ofMillis(12))
            .build();
    assertThat(result.stdout()).isEqualTo("a\n");
    assertThat(result.stderr()).isEqualTo("warn\n");
    assertThat(result.error().name()).isEqualTo("KeyError");
    assertThat(result.text()).isEqualTo("a\n42");
    assertThat(result.images()).singleElement().isEqualTo(png);
    assertThat(result.outputBytes()).isEqualTo("a\n".length() + "warn\n".length());
    assertThat(result.isOk()).isFalse();
  }

  @Test
  void nonOkResultWithoutErrorGetsOneNamedAfterTheStatus() {
    ExecutionResult timeout =
        ExecutionResult.builder().status(ExecutionResult.Status.TIMEOUT).build();
    assertThat(timeout.error().name()).isEqualTo("TIMEOUT");
    assertThatThrownBy(
            () ->
                new ExecutionResult(
                    ExecutionResult.Status.ERROR,
                    List.of(),
                    "",
                    "",
                    null,
                    0,
                    Duration.ZERO,
                    ResourceUsage.UNKNOWN,
                    0,
                    false,
                    false))
        .hasMessageContaining("needs an error");
  }

  @Test
  void recordsCopyTheirCollections() {
    List<Task> tasks = new ArrayList<>();
    tasks.add(Task.builder(TaskKind.DATA_ANALYSIS).id("t1").description("d").build());
    Plan plan = new Plan(1, tasks, "why", 0.7);
    tasks.clear();
    assertThat(plan.tasks()).hasSize(1);
    assertThatThrownBy(() -> plan.tasks().add(null))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void findingNeedsAClaimAndACitation() {
    Citation cell =
        new Citation.NotebookCell("c1-t1", "cycles/1/tasks/c1-t1/notebook.ipynb", 2, "ab");
    Finding finding =
        Finding.builder(FindingKind.DATA_ANALYSIS)
            .id("F1")
            .claim("BMI rises with progression (r = 0.59)")
            .citation(cell)
            .taskId("c1-t1")
            .cycle(1)
            .build();
    assertThat(finding.isValidated()).isFalse();
    assertThat(cell.label()).isEqualTo("c1-t1#2");
    ValidationResult passed = new ValidationResult("statistical", true, 0.9, Map.of(), List.of());
    assertThat(finding.withValidation(passed).isValidated()).isTrue();
    assertThat(finding.withClassification(FindingClass.NOVEL).toBuilder().build())
        .isEqualTo(finding.withClassification(FindingClass.NOVEL));

    assertThatThrownBy(() -> Finding.builder(FindingKind.LITERATURE).claim("x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one citation");
    assertThatThrownBy(() -> Finding.builder(FindingKind.LITERATURE).citation(cell).build())
        .hasMessageContaining("needs a claim");
  }

  @Test
  void failedValidationMustSayWhy() {
    assertThatThrownBy(() -> new ValidationResult("v", false, 0.1, Map.of(), List.of()))
        .hasMessageContaining("must say why");
    assertThatThrownBy(() -> new ValidationResult("v", true, 1.5, Map.of(), List.of()))
        .hasMessageContaining("between 0 and 1");
  }

  @Test
  void statisticsRejectImpossiblePValues() {
    assertThatThrownBy(
            () -> new Statistics("t", null, 1.2, null, null, null, null, null, null, Map.of()))
        .hasMessageContaining("pValue");
    Statistics s = new Statistics("t", 2.0, 0.01, null, 0.3, "r", 0.1, 0.5, 100, Map.of());
    assertThat(s.significanceP()).isEqualTo(0.01);
    assertThat(s.withAdjustedP(0.04).significanceP()).isEqualTo(0.04);
  }

  @Test
  void sessionOptionsCheckLimits() {
    assertThatThrownBy(() -> SessionOptions.builder().timeout(Duration.ZERO).build())
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> SessionOptions.builder().memoryLimitBytes(-1).build())
        .hasMessageContaining("memoryLimitBytes");
    SessionOptions options =
        SessionOptions.builder().runId("r").taskId("t").memoryLimitBytes(1024).build();
    assertThat(options.toBuilder().build()).isEqualTo(options);
  }

  @Test
  void modelRequestNeedsAMessageAndSchemaNamesAreChecked() {
    assertThatThrownBy(() -> ModelRequest.builder().build())
        .hasMessageContaining("at least one message");
    assertThatThrownBy(() -> new JsonSchema("has space", "{}")).hasMessageContaining("schema name");
    assertThat(ModelRequest.builder().user("hi").build().messages())
        .containsExactly(ChatMessage.user("hi"));
    assertThatThrownBy(() -> new ChatMessage(ChatMessage.Role.TOOL, "r", List.of(), null))
        .hasMessageContaining("tool message");
  }

  @Test
  void datasetMountsUnderData() {
    Dataset dataset =
        new Dataset(
            "diabetes.csv",
            java.nio.file.Path.of("diabetes.csv"),
            "00",
            10,
            Map.of("bmi", "body mass index"));
    assertThat(dataset.mountPath()).isEqualTo("/data/diabetes.csv");
  }
}
