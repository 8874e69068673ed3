package io.kosmos.core.team.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.Citation;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.KosmosException;
import io.kosmos.api.LiteratureContext;
import io.kosmos.api.LiteratureException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.api.TaskResult;
import io.kosmos.core.fixtures.ScriptedModel;
import io.kosmos.core.fixtures.TestWorld;
import io.kosmos.core.internal.agents.ModelCalls;
import io.kosmos.core.internal.agents.Prompts;
import io.kosmos.core.literature.StaticLiteratureSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlmLiteratureAnalystTest {

  static final Paper BMI =
      new Paper(
          "doi:10.1000/bmi",
          "10.1000/bmi",
          "Body mass index and diabetes progression",
          List.of("A. Author", "B. Author", "C. Author", "D. Author"),
          2021,
          "We followed 10,000 adults.  Higher body   mass index was associated with faster"
              + " progression of type 2 diabetes (hazard ratio 1.4). Blood pressure was not.",
          null,
          "static");
  static final Paper BP =
      new Paper(
          "pmid:42",
          null,
          "Blood pressure in diabetes",
          List.of(),
          null,
          "Hypertension “doubles” the risk of complications.",
          null,
          "static");

  static final Task TASK =
      Task.builder(TaskKind.LITERATURE_SEARCH)
          .id("c1-t04")
          .description("What does the literature say about BMI and diabetes progression?")
          .expectedOutput("findings with quotes")
          .parameter("query", "BMI diabetes progression")
          .build();

  static LlmLiteratureAnalyst analyst(ScriptedModel model) {
    return new LlmLiteratureAnalyst(
        new ModelCalls(model, Prompts.builtIn(), null, 4096),
        new LlmLiteratureAnalyst.Limits(2, 5, 15));
  }

  @Test
  void quotesMustOccurInTheirPaper() {
    ScriptedModel model =
        new ScriptedModel()
            .answer(
                "query_plan",
                "{\"queries\": [\"body mass index diabetes\", \"blood pressure diabetes\", \"third\"]}")
            .answer(
                "literature_report",
                """
                {"summary": "Two papers bear on the task.",
                 "findings": [
                   {"claim": "Higher BMI goes with faster progression (HR 1.4).",
                    "passages": [{"paperId": "doi:10.1000/bmi", "quote": "higher body mass index was associated with faster progression"},
                                 {"paperId": "doi:10.1000/bmi", "quote": "BMI was associated with slower progression"}],
                    "hypothesisId": null},
                   {"claim": "Hypertension doubles the risk.",
                    "passages": [{"paperId": "pmid:42", "quote": "\\"Hypertension \\"doubles\\" the risk of complications\\""}],
                    "hypothesisId": "h1"},
                   {"claim": "Made up.", "passages": [{"paperId": "pmid:999", "quote": "a quote from a paper nobody found"}], "hypothesisId": null},
                   {"claim": "Too short.", "passages": [{"paperId": "pmid:42", "quote": "risk"}], "hypothesisId": null}
                 ],
                 "hypotheses": [{"id": "h1", "statement": "Blood pressure matters", "variables": ["bp"]}],
                 "openQuestions": ["Does weight loss slow it?"]}
                """);
    LiteratureContext ctx =
        new LiteratureContext(
            "What drives progression?",
            1,
            TASK,
            new TestWorld(),
            List.of(new StaticLiteratureSource("static", List.of(BMI, BP))));

    TaskResult result = analyst(model).search(ctx);

    assertThat(model.requests("query_plan").getFirst().messages().getFirst().content())
        .contains("up to 2 search queries")
        .contains("query = BMI diabetes progression");
    String papers = model.requests("literature_report").getFirst().messages().getFirst().content();
    assertThat(papers)
        .contains("## doi:10.1000/bmi")
        .contains("A. Author, B. Author, C. Author et al.")
        .contains("Year: 2021");
    assertThat(result.papers()).extracting(Paper::id).contains("doi:10.1000/bmi", "pmid:42");
    assertThat(result.findings()).hasSize(2);
    Finding bmi = result.findings().getFirst();
    assertThat(bmi.kind()).isEqualTo(FindingKind.LITERATURE);
    assertThat(bmi.citations())
        .containsExactly(
            Citation.PaperPassage.of(
                "doi:10.1000/bmi",
                "abstract",
                "Higher body   mass index was associated with faster progression"));
    Finding bp = result.findings().get(1);
    assertThat(((Citation.PaperPassage) bp.citations().getFirst()).quote())
        .isEqualTo("Hypertension “doubles” the risk of complications");
    assertThat(bp.hypothesisId()).isEqualTo("h1");
    assertThat(result.hypotheses()).hasSize(1);
    assertThat(result.openQuestions()).containsExactly("Does weight loss slow it?");
    assertThat(result.summary())
        .contains("Two papers bear on the task.")
        .contains("for 2 queries")
        .contains("does not occur in doi:10.1000/bmi")
        .contains("paper pmid:999 was not among the papers found")
        .contains("shorter than 20 characters")
        .contains("Refused 2 finding(s)");
  }

  @Test
  void aSourceThatFailsIsReportedAndNothingFoundIsNotAFailure() {
    LiteratureSource broken =
        new LiteratureSource() {
          @Override
          public List<Paper> search(String query, int limit) {
            throw new LiteratureException("HTTP 503 from broken");
          }

          @Override
          public String name() {
            return "broken";
          }
        };
    ScriptedModel model = new ScriptedModel().answer("query_plan", "{\"queries\": []}");
    TaskResult result =
        analyst(model)
            .search(new LiteratureContext("o", 1, TASK, new TestWorld(), List.of(broken)));
    assertThat(result.findings()).isEmpty();
    assertThat(result.summary())
        .contains("\"BMI diabetes progression\"")
        .contains("0 paper(s) found")
        .contains("broken failed")
        .contains("HTTP 503");
    assertThat(model.requests("literature_report")).isEmpty();
  }

  @Test
  void aLiteratureTaskWithoutSourcesFails() {
    assertThatThrownBy(
            () ->
                analyst(new ScriptedModel())
                    .search(new LiteratureContext("o", 1, TASK, new TestWorld(), List.of())))
        .isInstanceOf(KosmosException.class)
        .hasMessageContaining("no literature source");
  }

  /** A model that searches and reads through the tools before it reports. */
  static final class ToolUsingModel implements io.kosmos.api.LanguageModel {
    final List<io.kosmos.api.ModelRequest> requests = new java.util.ArrayList<>();

    @Override
    public synchronized io.kosmos.api.ModelResponse chat(io.kosmos.api.ModelRequest r) {
      requests.add(r);
      String schema = r.schema() == null ? "" : r.schema().name();
      List<io.kosmos.api.ToolCall> calls = List.of();
      String json = null;
      if (schema.equals("query_plan")) {
        json = "{\"queries\": [\"body mass index progression\"]}";
      } else if (r.messages().size() == 1) {
        calls =
            List.of(
                new io.kosmos.api.ToolCall(
                    "t1", "search_literature", "{\"query\": \"blood pressure\"}"));
      } else if (r.messages().size() == 3) {
        calls =
            List.of(
                new io.kosmos.api.ToolCall("t2", "read_paper", "{\"paperId\": \"corpus:cohort\"}"));
      } else {
        json =
            """
            {"summary": "Read the cohort paper.",
             "findings": [
               {"claim": "Blood pressure rose with BMI in the cohort.",
                "passages": [{"paperId": "corpus:cohort", "quote": "blood pressure rose steadily with body mass index"}],
                "hypothesisId": null},
               {"claim": "Invented.",
                "passages": [{"paperId": "corpus:cohort", "quote": "a sentence that the paper never contained"}],
                "hypothesisId": null}],
             "hypotheses": [], "openQuestions": []}
            """;
      }
      return new io.kosmos.api.ModelResponse(
          json == null ? "" : json,
          json,
          calls,
          new io.kosmos.api.TokenUsage(10, 10),
          0,
          calls.isEmpty() ? "end_turn" : "tool_use",
          "tools-1",
          java.time.Duration.ZERO);
    }

    @Override
    public String provider() {
      return "scripted";
    }

    @Override
    public String model() {
      return "tools-1";
    }
  }

  @Test
  void theModelSearchesAndReadsThroughToolsAndMayQuoteOnlyWhatItRetrieved() {
    Paper cohort =
        new Paper("corpus:cohort", null, "A cohort", List.of("Z. Zed"), 2019, "", null, "corpus");
    String page2 =
        "In the second year, blood pressure rose steadily with body mass index in all arms.";
    LiteratureSource corpus =
        new LiteratureSource() {
          @Override
          public List<Paper> search(String query, int limit) {
            return List.of(cohort);
          }

          @Override
          public List<io.kosmos.api.Passage> passages(String query, int limit) {
            String t = "We followed 300 adults with diabetes.";
            return List.of(new io.kosmos.api.Passage(cohort, "page 1", 0, t.length(), t));
          }

          @Override
          public List<io.kosmos.api.Passage> read(String paperId) {
            String t = "We followed 300 adults with diabetes.";
            return List.of(
                new io.kosmos.api.Passage(cohort, "page 1", 0, t.length(), t),
                new io.kosmos.api.Passage(cohort, "page 2", 40, 40 + page2.length(), page2));
          }

          @Override
          public String name() {
            return "corpus";
          }
        };
    ToolUsingModel model = new ToolUsingModel();
    TaskResult result =
        new LlmLiteratureAnalyst(
                new ModelCalls(model, Prompts.builtIn(), null, 4096),
                new LlmLiteratureAnalyst.Limits(2, 5, 15))
            .search(new LiteratureContext("o", 1, TASK, new TestWorld(), List.of(corpus)));

    io.kosmos.api.ModelRequest first = model.requests.get(1);
    assertThat(first.tools())
        .extracting(io.kosmos.api.ToolSpec::name)
        .containsExactly("search_literature", "read_paper");
    assertThat(first.messages().getFirst().content())
        .contains("Passage (page 1): We followed 300 adults");
    assertThat(model.requests.get(3).messages().getLast().content())
        .as("the read tool's answer")
        .contains("Passage (page 2): " + page2);
    assertThat(result.findings())
        .singleElement()
        .satisfies(
            f -> {
              Citation.PaperPassage p = (Citation.PaperPassage) f.citations().getFirst();
              assertThat(p.locator()).isEqualTo("page 2");
              assertThat(p.quote()).isEqualTo("blood pressure rose steadily with body mass index");
            });
    assertThat(result.summary())
        .contains("the model made 2 tool call(s) (search_literature, read_paper)")
        .contains("Refused 1 finding(s)");
  }
}
