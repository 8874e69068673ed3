package io.kosmos.core.team.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Citation;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.ReportContext;
import io.kosmos.api.ReportStatement;
import io.kosmos.api.ValidationResult;
import io.kosmos.core.fixtures.ScriptedModel;
import io.kosmos.core.fixtures.TestWorld;
import io.kosmos.core.internal.agents.ModelCalls;
import io.kosmos.core.internal.agents.Prompts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmReportWriterTest {

  static TestWorld world() {
    TestWorld w = new TestWorld();
    w.state.addFinding(
        Finding.builder(FindingKind.DATA_ANALYSIS)
            .id("F-c1-t01-1")
            .claim("bmi correlates with target")
            .citation(new Citation.NotebookCell("c1-t01", "n.ipynb", 3, "h"))
            .taskId("c1-t01")
            .validation(new ValidationResult("v", true, 0.9, Map.of(), List.of()))
            .build());
    w.state.addFinding(
        Finding.builder(FindingKind.DATA_ANALYSIS)
            .id("F-c1-t02-1")
            .claim("bp does not correlate")
            .citation(new Citation.NotebookCell("c1-t02", "n.ipynb", 2, "h"))
            .taskId("c1-t02")
            .validation(new ValidationResult("v", false, 0.3, Map.of(), List.of("weak")))
            .build());
    return w;
  }

  @Test
  void everyStatementKeepsItsCitationsAndUncitedOnesAreHandedOverToBeRemoved() {
    ScriptedModel model =
        new ScriptedModel()
            .answer(
                "synthesis_draft",
                """
                {"answer": [
                  {"text": "Yes: BMI tracks progression.", "findingIds": ["F-c1-t01-1"]}
                ],
                "statements": [
                  {"text": "BMI tracks progression.", "findingIds": ["F-c1-t01-1", "F-c1-t01-1"]},
                  {"text": "Blood pressure is not established.", "findingIds": ["F-c1-t02-1"]},
                  {"text": "Obesity causes diabetes.", "findingIds": []},
                  {"text": "Something invented.", "findingIds": ["F-c9-t09-9", "F-c1-t01-1"]},
                  {"text": "  ", "findingIds": ["F-c1-t01-1"]}
                ]}
                """);
    List<ReportStatement> out =
        new LlmReportWriter(new ModelCalls(model, Prompts.builtIn(), null, 4096), 5)
            .synthesize(
                new ReportContext("What drives progression?", world(), List.of("cycle 1 summary")));
    assertThat(out)
        .containsExactly(
            ReportStatement.answer("Yes: BMI tracks progression.", List.of("F-c1-t01-1")),
            new ReportStatement("BMI tracks progression.", List.of("F-c1-t01-1")),
            new ReportStatement("Blood pressure is not established.", List.of("F-c1-t02-1")),
            new ReportStatement("Obesity causes diabetes.", List.of(LlmReportWriter.UNCITED)),
            new ReportStatement("Something invented.", List.of("F-c9-t09-9", "F-c1-t01-1")));
    String prompt = ScriptedModel.text(model.requests.getFirst());
    assertThat(prompt)
        .contains("Validated findings (cite these ids)\n- F-c1-t01-1")
        .contains("did not pass validation")
        .contains("F-c1-t02-1")
        .contains("cycle 1 summary")
        .contains("at most 5 statements");
    assertThat(model.requests.getFirst().purpose()).isEqualTo("report");
  }

  @Test
  void aRunWithoutFindingsHasNoSynthesisAndCostsNoCall() {
    ScriptedModel model = new ScriptedModel();
    assertThat(
            new LlmReportWriter(new ModelCalls(model, Prompts.builtIn(), null, 4096), 5)
                .synthesize(new ReportContext("o", new TestWorld(), List.of())))
        .isEmpty();
    assertThat(model.requests).isEmpty();
  }
}
