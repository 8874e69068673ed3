package io.kosmos.core.team.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.ChatMessage;
import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.Finding;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.Output;
import io.kosmos.api.Skill;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.api.TaskResult;
import io.kosmos.core.fixtures.FakeAnalysisContext;
import io.kosmos.core.fixtures.ScriptedModel;
import io.kosmos.core.fixtures.TestWorld;
import io.kosmos.core.internal.agents.CellText;
import io.kosmos.core.internal.agents.ModelCalls;
import io.kosmos.core.internal.agents.Prompts;
import io.kosmos.testing.MockExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LlmDataAnalystTest {

  static final Task TASK =
      Task.builder(TaskKind.DATA_ANALYSIS)
          .id("c1-t01")
          .description("Correlate bmi with target")
          .expectedOutput("Spearman rho with p, CI and n")
          .hypothesisId("H-1")
          .parameter("variables", "bmi,target")
          .build();

  static final String STATS_OUT =
      "spearman rho=0.5613 p=1.2e-37 n=442 ci_low=0.4934 ci_high=0.6226\n";

  static String step(String thought, String code, boolean done) {
    return "{\"thought\": \""
        + thought
        + "\", \"code\": "
        + json(code)
        + ", \"done\": "
        + done
        + "}";
  }

  static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  static LlmDataAnalyst analyst(ScriptedModel model, int maxCells, int maxRepairs) {
    return new LlmDataAnalyst(
        new ModelCalls(model, Prompts.builtIn(), null, 4096),
        new LlmDataAnalyst.Limits(maxCells, maxRepairs, Duration.ofSeconds(30), 4000, 60_000));
  }

  static Function<String, ExecutionResult> kernel() {
    return code -> {
      if (code.contains("spearmanr(") && !code.contains("import")) {
        return MockExecutor.error("NameError", "name 'stats' is not defined");
      }
      if (code.contains("spearmanr(")) {
        return MockExecutor.stdout(STATS_OUT);
      }
      if (code.contains("describe")) {
        return MockExecutor.stdout("shape (442, 11)\nbmi float64\ntarget float64\n");
      }
      return MockExecutor.ok();
    };
  }

  static TestWorld world() {
    TestWorld w = new TestWorld();
    w.state.addHypothesis(Hypothesis.open("H-1", "BMI drives progression", 1, List.of("bmi")));
    return w;
  }

  static final String REPORT =
      """
      {"summary": "bmi and target correlate.",
       "findings": [
         {"claim": "bmi correlates positively with target (rho=0.56, p=1.2e-37, n=442)",
          "summary": "Spearman correlation over the cohort",
          "statistics": {"test": "Spearman correlation", "statistic": 0.5613, "pValue": 1.2e-37,
                         "effectSize": 0.5613, "effectMeasure": "rho", "ciLow": 0.4934, "ciHigh": 0.6226, "n": 442},
          "direction": "POSITIVE", "variables": ["bmi", "target"], "cells": [3], "hypothesisId": null},
         {"claim": "the load cell shows 442 rows", "summary": "", "statistics": null,
          "direction": "UNSPECIFIED", "variables": [], "cells": [1], "hypothesisId": "h1"},
         {"claim": "invented", "summary": "", "statistics": null, "direction": "NONE",
          "variables": [], "cells": [9], "hypothesisId": null},
         {"claim": "from the failed cell", "summary": "", "statistics": null, "direction": "NONE",
          "variables": [], "cells": [2], "hypothesisId": null},
         {"claim": "bad p", "summary": "", "statistics": {"test": "t", "statistic": null, "pValue": 3.0,
          "effectSize": null, "effectMeasure": null, "ciLow": null, "ciHigh": null, "n": null},
          "direction": "NONE", "variables": [], "cells": [3], "hypothesisId": null},
         {"claim": "hallucinated numbers (rho=0.9)", "summary": "made up",
          "statistics": {"test": "Spearman correlation", "statistic": 0.9, "pValue": 1.2e-37,
                         "effectSize": 0.9, "effectMeasure": "rho", "ciLow": null, "ciHigh": null, "n": 442},
          "direction": "POSITIVE", "variables": ["bmi"], "cells": [3], "hypothesisId": "H-404"}
       ],
       "hypotheses": [{"id": "h1", "statement": "BMI effect is larger in older patients", "variables": ["bmi", "age"]}],
       "openQuestions": ["Is the effect linear?", " "],
       "dataProfiles": [{"dataset": "/data/diabetes.csv", "profile": "442 rows, 11 numeric columns"}]}
      """;

  @Test
  void writesCellsFixesAnErrorStopsWhenDoneAndCitesTheRightCells() {
    ScriptedModel model =
        new ScriptedModel()
            .answer(
                "cell_step",
                step("profile first", "```python\ndf = load()\ndf.describe()\n```", false),
                step("test", "rho, p = stats.spearmanr(df.bmi, df.target)", false),
                step(
                    "fix the import",
                    "from scipy import stats\nrho, p = stats.spearmanr(df.bmi, df.target)\nprint(rho)",
                    true))
            .answer("analysis_report", REPORT);
    FakeAnalysisContext ctx =
        new FakeAnalysisContext(
            TASK,
            world(),
            List.of(
                new Skill(
                    "tabular-statistics", "Tests for tables", "Use scipy.stats.", "classpath")),
            kernel());

    TaskResult result = analyst(model, 10, 2).analyze(ctx);

    // cells: 1 profile, 2 error, 3 fix
    assertThat(ctx.cells).hasSize(3);
    assertThat(ctx.cells.get(0).code()).isEqualTo("df = load()\ndf.describe()");
    assertThat(ctx.cells.get(1).result().status()).isEqualTo(ExecutionResult.Status.ERROR);

    List<ModelRequest> steps = model.requests("cell_step");
    assertThat(steps).hasSize(3);
    String first = steps.getFirst().messages().getFirst().content();
    assertThat(first)
        .contains("Correlate bmi with target")
        .contains("/data/diabetes.csv")
        .contains("No profile of the data exists yet")
        .contains("- tabular-statistics: Tests for tables")
        .doesNotContain("Use scipy.stats.")
        .contains("H-1")
        .contains("variables = bmi,target");
    assertThat(steps.getFirst().system())
        .contains("at most 10 cells")
        .contains("after 2 failed fixes");
    List<ChatMessage> third = steps.get(2).messages();
    assertThat(third.get(4).content())
        .startsWith("[cell 2] failed with NameError")
        .contains("name 'stats' is not defined")
        .contains("Fix the error");
    assertThat(third.get(1).role()).isEqualTo(ChatMessage.Role.ASSISTANT);
    String reportPrompt =
        model.requests("analysis_report").getFirst().messages().getLast().content();
    assertThat(reportPrompt)
        .startsWith("[cell 3] ran without error")
        .doesNotContain("Write the next cell")
        .contains("the analyst said the task was done")
        .contains("[cell 3] ran without error")
        .contains("[cell 2] failed with NameError")
        .contains("dataProfiles")
        .contains("diabetes.csv");

    assertThat(result.findings()).hasSize(3);
    Finding f = result.findings().getFirst();
    assertThat(f.claim()).startsWith("bmi correlates positively");
    assertThat(f.statistics().pValue()).isEqualTo(1.2e-37);
    assertThat(f.statistics().n()).isEqualTo(442);
    assertThat(f.direction()).isEqualTo(EffectDirection.POSITIVE);
    assertThat(f.hypothesisId()).isEqualTo("H-1"); // the task's, as the model named none
    assertThat(f.citations()).containsExactly(ctx.cite(ctx.cells.get(2)));
    assertThat(((Citation.NotebookCell) f.citations().getFirst()).cellIndex()).isEqualTo(3);
    assertThat(f.summary()).doesNotContain("not found");

    Finding descriptive = result.findings().get(1);
    assertThat(descriptive.statistics()).isNull();
    assertThat(descriptive.hypothesisId()).isEqualTo("h1");

    Finding marked = result.findings().get(2);
    assertThat(marked.hypothesisId()).isNull();
    assertThat(marked.summary())
        .contains("[not found in the output of the cited cells: statistic 0.9, effect size 0.9]");

    assertThat(result.summary())
        .startsWith("bmi and target correlate.")
        .contains("3 cell(s) run; the analyst said the task was done")
        .contains("Refused 3 finding(s)")
        .contains("\"invented\": it cites cell 9, which does not exist")
        .contains("\"from the failed cell\": it cites cell 2, which failed with NameError")
        .contains("\"bad p\": its statistics are invalid: pValue must be between 0 and 1")
        .contains("Numbers not found in the cited cells' output");
    assertThat(result.hypotheses()).extracting(Hypothesis::id).containsExactly("h1");
    assertThat(result.openQuestions()).containsExactly("Is the effect linear?");
    assertThat(result.notes())
        .containsEntry("profile:diabetes.csv", "442 rows, 11 numeric columns");
  }

  @Test
  void aKnownProfileGoesIntoThePromptAndIsNotWrittenAgain() {
    TestWorld w = world();
    w.notes.put("profile:diabetes.csv", "PROFILE: 442 rows");
    ScriptedModel model =
        new ScriptedModel()
            .answer("cell_step", step("done", "", true))
            .answer("analysis_report", REPORT);
    FakeAnalysisContext ctx = new FakeAnalysisContext(TASK, w, List.of(), kernel());
    TaskResult result = analyst(model, 5, 1).analyze(ctx);
    assertThat(model.requests("cell_step").getFirst().messages().getFirst().content())
        .contains("PROFILE: 442 rows")
        .doesNotContain("No profile");
    assertThat(model.requests("analysis_report").getFirst().messages().getLast().content())
        .contains("Leave dataProfiles empty");
    assertThat(result.notes()).isEmpty();
    assertThat(ctx.cells).isEmpty();
    // every finding cites a cell that never ran, so all are refused
    assertThat(result.findings()).isEmpty();
    assertThat(result.summary()).contains("0 cell(s) run");
  }

  @Test
  void stopsAtTheCellLimit() {
    ScriptedModel model =
        new ScriptedModel()
            .answer("cell_step", r -> step("more", "print(1)", false))
            .answer(
                "analysis_report",
                "{\"summary\": \"s\", \"findings\": [], \"hypotheses\": [], \"openQuestions\": [], \"dataProfiles\": []}");
    FakeAnalysisContext ctx = new FakeAnalysisContext(TASK, world(), List.of(), kernel());
    TaskResult result = analyst(model, 4, 1).analyze(ctx);
    assertThat(ctx.cells).hasSize(4);
    assertThat(model.requests("cell_step")).hasSize(4);
    assertThat(result.summary()).contains("4 cell(s) run; the limit of 4 cells was reached");
    String last = model.requests("cell_step").getLast().messages().getLast().content();
    assertThat(last).contains("1 cell(s) left");
  }

  @Test
  void stopsAfterTooManyFailedFixes() {
    ScriptedModel model =
        new ScriptedModel()
            .answer("cell_step", r -> step("try", "rho = stats.spearmanr(x, y)", false))
            .answer(
                "analysis_report",
                "{\"summary\": \"\", \"findings\": [], \"hypotheses\": [], \"openQuestions\": [], \"dataProfiles\": []}");
    FakeAnalysisContext ctx = new FakeAnalysisContext(TASK, world(), List.of(), kernel());
    TaskResult result = analyst(model, 10, 2).analyze(ctx);
    assertThat(ctx.cells).hasSize(3);
    assertThat(result.summary())
        .contains("cells failed 3 times in a row (at most 2 fixes are tried)");
  }

  @Test
  void startsNoCellWhenTheTasksTimeIsRunningOut() {
    ScriptedModel model =
        new ScriptedModel()
            .answer(
                "analysis_report",
                "{\"summary\": \"\", \"findings\": [], \"hypotheses\": [], \"openQuestions\": [], \"dataProfiles\": []}");
    FakeAnalysisContext shortCtx = new FakeAnalysisContext(TASK, world(), List.of(), kernel());
    shortCtx.remaining = Duration.ofSeconds(10);
    ScriptedModel counting =
        new ScriptedModel()
            .answer(
                "cell_step",
                r -> {
                  shortCtx.remaining = shortCtx.remaining.minusSeconds(4); // a cell takes 4 s
                  return step("more", "print(1)", false);
                })
            .answer(
                "analysis_report",
                "{\"summary\": \"\", \"findings\": [], \"hypotheses\": [], \"openQuestions\": [], \"dataProfiles\": []}");
    // with 10 s for the task, the reserve is 1 s (a tenth), not the configured 30 s
    TaskResult shortTask = analyst(counting, 10, 2).analyze(shortCtx);
    assertThat(shortCtx.cells).hasSize(3);
    assertThat(shortTask.summary()).contains("the task's time was running out");

    FakeAnalysisContext ctx = new FakeAnalysisContext(TASK, world(), List.of(), kernel());
    ctx.remaining = Duration.ZERO;
    TaskResult result = analyst(model, 10, 2).analyze(ctx);
    assertThat(ctx.cells).isEmpty();
    assertThat(model.requests("cell_step")).isEmpty();
    assertThat(result.summary()).contains("the task's time was running out");
  }

  @Test
  void emptyAnswersAreNudgedThenEndTheLoop() {
    ScriptedModel model =
        new ScriptedModel()
            .answer("cell_step", r -> step("hmm", " ", false))
            .answer(
                "analysis_report",
                "{\"summary\": \"\", \"findings\": [], \"hypotheses\": [], \"openQuestions\": [], \"dataProfiles\": []}");
    FakeAnalysisContext ctx = new FakeAnalysisContext(TASK, world(), List.of(), kernel());
    TaskResult result = analyst(model, 10, 2).analyze(ctx);
    assertThat(model.requests("cell_step")).hasSize(2);
    assertThat(model.requests("cell_step").get(1).messages().getLast().content())
        .contains("Your answer had no code");
    assertThat(result.summary()).contains("the analyst gave no code 2 times");
  }

  @Test
  void longOutputsAreCutAndOldOnesShortenedToKeepTheConversationBounded() {
    String huge = "x".repeat(50_000) + "\nTHE END";
    ScriptedModel model =
        new ScriptedModel()
            .answer("cell_step", r -> step("more", "print(huge)", false))
            .answer(
                "analysis_report",
                "{\"summary\": \"\", \"findings\": [], \"hypotheses\": [], \"openQuestions\": [], \"dataProfiles\": []}");
    FakeAnalysisContext ctx =
        new FakeAnalysisContext(TASK, world(), List.of(), code -> MockExecutor.stdout(huge));
    new LlmDataAnalyst(
            new ModelCalls(model, Prompts.builtIn(), null, 4096),
            new LlmDataAnalyst.Limits(30, 2, Duration.ofSeconds(1), 4000, 20_000))
        .analyze(ctx);
    for (ModelRequest r : model.requests) {
      long size = r.messages().stream().mapToLong(m -> m.content().length()).sum();
      assertThat(size).isLessThan(30_000);
    }
    String feedback = model.requests("cell_step").get(1).messages().get(2).content();
    assertThat(feedback).contains("THE END").contains("characters left out");
  }

  @Test
  void aStepTheModelCannotAnswerEndsTheLoopAndKeepsTheCellsRun() {
    int[] n = {0};
    ScriptedModel model =
        new ScriptedModel()
            .answer(
                "cell_step",
                r -> {
                  if (n[0]++ == 0) {
                    return step("profile", "df.describe()", false);
                  }
                  throw new io.kosmos.api.ModelResponseException(
                      "the answer does not match the schema cell_step: $.done: expected boolean");
                })
            .answer("analysis_report", REPORT);
    FakeAnalysisContext ctx = new FakeAnalysisContext(TASK, world(), List.of(), kernel());
    TaskResult result = analyst(model, 10, 2).analyze(ctx);
    assertThat(ctx.cells).hasSize(1);
    assertThat(result.summary())
        .contains("1 cell(s) run; the model's next step could not be read")
        .contains("expected boolean");
    assertThat(result.findings())
        .extracting(Finding::claim)
        .containsExactly("the load cell shows 442 rows");
  }

  @Test
  void figuresAndOutputsAreDescribed() {
    ExecutionResult withFigure =
        ExecutionResult.builder()
            .output(new Output.Stream("stdout", "plotted\n"))
            .output(
                new Output.DisplayData(
                    Map.of(
                        "image/png",
                        "iVBORw0KGgo=",
                        "text/plain",
                        "<Figure size 640x480 with 1 Axes>"),
                    Map.of(),
                    null))
            .output(new Output.ExecuteResult(1, Map.of("text/plain", "42"), Map.of()))
            .build();
    assertThat(CellText.output(withFigure)).isEqualTo("plotted\n[figure]\n42");
    assertThat(LlmDataAnalyst.code("```\nprint(1)\n```")).isEqualTo("print(1)");
    assertThat(LlmDataAnalyst.code("print(1)")).isEqualTo("print(1)");
  }
}
