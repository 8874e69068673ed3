package io.kosmos.core.team.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Dataset;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.Plan;
import io.kosmos.api.PlanReview;
import io.kosmos.api.PlanningContext;
import io.kosmos.api.Skill;
import io.kosmos.api.Statistics;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.api.ValidationResult;
import io.kosmos.core.fixtures.FakeAnalysisContext;
import io.kosmos.core.fixtures.ScriptedModel;
import io.kosmos.core.fixtures.TestWorld;
import io.kosmos.core.internal.agents.ModelCalls;
import io.kosmos.core.internal.agents.Prompts;
import io.kosmos.core.internal.compression.Compressor;
import io.kosmos.core.internal.orchestration.PlanStructure;
import io.kosmos.core.skills.FileSkillLoader;
import io.kosmos.testing.MockExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Renders every prompt the model team sends, for runs with 1, 2 and 10 tasks per cycle, in the
 * first cycle and a later one, with and without literature search, and checks that no prompt
 * contradicts the limits of the run: the number of tasks, the fewest data analyses the engine asks
 * for, the split of exploration and exploitation (none to exploit in the first cycle), literature
 * only when available, the review thresholds, the analyst's cell and fix limits; that the world
 * model's findings and questions are shown once each; and that the shipped skills name no data the
 * project does not ship.
 */
class PromptConsistencyTest {

  @TempDir Path tmp;

  private static final Pattern AT_MOST = Pattern.compile("(?i)at most (\\d+) tasks?\\b");
  private static final Pattern AT_LEAST =
      Pattern.compile("(?i)at least (\\d+|one|two|three|four|five)\\b[^.]*?data[- ]analys");
  private static final Pattern SPLIT =
      Pattern.compile("about (\\d+) exploration and (\\d+) exploitation");
  private static final String PLAN =
      """
      {"rationale": "r", "tasks": [
        {"kind": "DATA_ANALYSIS", "goal": "EXPLORATION", "description": "d", "expectedOutput": "e",
         "hypothesisId": null, "parameters": []}]}""";
  private static final String REVIEW =
      """
      {"scores": {"specificity": 4, "relevance": 8, "novelty": 8, "coverage": 8,
       "feasibility": 8}, "structuralProblems": [], "feedback": ["be specific"]}""";

  private Dataset dataset() throws Exception {
    Path csv = tmp.resolve("cohort.csv");
    Files.writeString(csv, "id,age,sex,score\n1,50,1,3.2\n2,61,2,4.1\n3,47,1,2.9\n");
    return new Dataset("cohort.csv", csv, "ab".repeat(32), Files.size(csv), Map.of());
  }

  /** A world after a first cycle: findings, hypotheses (one decided), open questions. */
  private static TestWorld laterWorld(Dataset d) {
    TestWorld w = new TestWorld(List.of(d));
    w.state.addHypothesis(Hypothesis.open("H-1", "age predicts score", 1, List.of("age")));
    w.state.addHypothesis(
        Hypothesis.open(
            "H-2", "sex does not predict score", 1, List.of("sex"), EffectDirection.NONE));
    for (int i = 1; i <= 3; i++) {
      Finding f =
          Finding.builder(FindingKind.DATA_ANALYSIS)
              .id("F-c1-t0" + i + "-1")
              .claim("finding number " + i + " about age and score")
              .statistics(
                  new Statistics(
                      "Spearman correlation", 0.3, 1e-4, 2e-4, 0.3, "rho", 0.2, 0.4, 300, Map.of()))
              .direction(EffectDirection.POSITIVE)
              .variable("age")
              .variable("score")
              .hypothesisId(i == 1 ? "H-1" : null)
              .citation(new io.kosmos.api.Citation.NotebookCell("c1-t0" + i, "nb", 3, "ab"))
              .cycle(1)
              .taskId("c1-t0" + i)
              .validation(new ValidationResult("v", true, 0.8, Map.of(), List.of("ok")))
              .build();
      w.state.addFinding(f);
    }
    w.state.addTriedTask(
        Task.builder(TaskKind.DATA_ANALYSIS)
            .id("c1-t01")
            .description("age")
            .expectedOutput("r")
            .build());
    return w;
  }

  private static String summary(TestWorld w) {
    StringBuilder sb = new StringBuilder("# Cycle 1 summary\n\nTasks: 3 run.\n\n## Findings\n\n");
    for (Finding f : w.findings()) {
      sb.append(Compressor.findingLine(f)).append('\n');
    }
    sb.append("\n## Open questions\n\n- Is the age effect linear?\n");
    return sb.toString();
  }

  private static PlanningContext context(
      TestWorld w, Dataset d, int cycle, int maxTasks, boolean literature, List<String> summaries) {
    return new PlanningContext(
        "What predicts the score?",
        cycle,
        5,
        maxTasks,
        0.7,
        List.of(d),
        w,
        summaries,
        literature,
        PlanStructure.minDataTasks(true, maxTasks),
        6.5,
        4.5);
  }

  @ParameterizedTest(name = "{0} task(s) per cycle, cycle {1}, literature {2}")
  @CsvSource({
    "1, 1, false", "1, 1, true", "1, 2, false", "1, 2, true",
    "2, 1, false", "2, 1, true", "2, 2, false", "2, 2, true",
    "10, 1, false", "10, 1, true", "10, 2, false", "10, 2, true"
  })
  void planningPromptsDeriveEveryRuleFromTheLimits(int maxTasks, int cycle, boolean literature)
      throws Exception {
    Dataset d = dataset();
    TestWorld w = cycle == 1 ? new TestWorld(List.of(d)) : laterWorld(d);
    if (cycle > 1) {
      w.questions.add("Is the age effect linear?");
    }
    PlanningContext ctx =
        context(w, d, cycle, maxTasks, literature, cycle == 1 ? List.of() : List.of(summary(w)));
    ScriptedModel model =
        new ScriptedModel().answer("plan_draft", PLAN, PLAN).answer("review_draft", REVIEW);
    ModelCalls calls = new ModelCalls(model, Prompts.builtIn(), null, 4096);
    LlmPlanCreator planner = new LlmPlanCreator(calls);
    Plan plan = planner.plan(ctx);
    PlanReview review = new LlmPlanReviewer(calls).review(plan, ctx);
    planner.revise(ctx, plan, review);

    List<String> prompts = new ArrayList<>();
    for (ModelRequest r : model.requests) {
      prompts.add(ScriptedModel.text(r));
    }
    for (String p : prompts) {
      Matcher most = AT_MOST.matcher(p);
      while (most.find()) {
        assertThat(Integer.parseInt(most.group(1))).as("at most N tasks").isEqualTo(maxTasks);
      }
      Matcher least = AT_LEAST.matcher(p);
      while (least.find()) {
        assertThat(number(least.group(1)))
            .as("fewest data analyses in: " + least.group())
            .isEqualTo(ctx.minDataTasks())
            .isLessThanOrEqualTo(maxTasks);
      }
      assertThat(p).doesNotContainIgnoringCase("three data");
      Matcher split = SPLIT.matcher(p);
      while (split.find()) {
        assertThat(cycle)
            .as("a split is asked for only once something can be exploited")
            .isGreaterThan(1);
        assertThat(Integer.parseInt(split.group(1)) + Integer.parseInt(split.group(2)))
            .isEqualTo(maxTasks);
      }
      if (cycle == 1) {
        assertThat(p).doesNotContain("exploitation task(s)");
      }
      if (!literature) {
        assertThat(p).doesNotContain("may be LITERATURE_SEARCH");
      }
      if (literature && ctx.minDataTasks() == maxTasks) {
        assertThat(p).doesNotContain("may be LITERATURE_SEARCH");
      }
      assertThat(p).doesNotContain("diabetes").doesNotContain("target\"");
    }
    String planning = prompts.getFirst();
    assertThat(planning).contains("id: integer").contains("likely to be set aside");
    if (cycle > 1) {
      for (Finding f : w.findings()) {
        assertThat(count(planning, "- " + f.id() + " [")).as(f.id() + " shown once").isEqualTo(1);
      }
      assertThat(count(planning, "Is the age effect linear?")).isEqualTo(1);
      assertThat(planning).contains("H-2 [").contains("predicts no effect");
    }
    String revise = prompts.getLast();
    assertThat(revise).contains("at least 6.5").contains("below 4.5");
  }

  @ParameterizedTest(name = "{0} cells, {1} fixes")
  @CsvSource({"1, 0", "2, 1", "12, 3"})
  void theAnalystsPromptsFollowItsLimitsAndEndTheCellLoopCleanly(int maxCells, int maxRepairs) {
    ScriptedModel model =
        new ScriptedModel()
            .answer(
                "cell_step",
                "{\"thought\": \"t\", \"purpose\": \"load the data\", \"code\": \"1/0\","
                    + " \"done\": false}",
                "{\"thought\": \"t\", \"purpose\": \"fix\", \"code\": \"x = 1\", \"done\": true}")
            .answer("analysis_report", LlmDataAnalystTest.REPORT);
    FakeAnalysisContext ctx =
        new FakeAnalysisContext(
            LlmDataAnalystTest.TASK,
            LlmDataAnalystTest.world(),
            List.of(),
            code ->
                code.equals("1/0")
                    ? MockExecutor.error("ZeroDivisionError", "division by zero")
                    : MockExecutor.ok());
    LlmDataAnalyst analyst =
        new LlmDataAnalyst(
            new ModelCalls(model, Prompts.builtIn(), null, 4096),
            new LlmDataAnalyst.Limits(maxCells, maxRepairs, Duration.ofSeconds(1), 4000, 60_000));
    analyst.analyze(ctx);
    String system = model.requests.getFirst().system();
    assertThat(system)
        .contains("at most " + maxCells + " cells")
        .contains("after " + maxRepairs + " failed fixes");
    List<ModelRequest> all = model.requests;
    ModelRequest report = all.getLast();
    String last = report.messages().getLast().content();
    assertThat(last).doesNotContain("Write the next cell").doesNotContain("Fix the error");
    assertThat(last).contains("The analysis is over");
    for (ModelRequest r : all) {
      for (var m : r.messages()) {
        Matcher fixes = Pattern.compile("\\((\\d+) fix\\(es\\) left").matcher(m.content());
        while (fixes.find()) {
          assertThat(Integer.parseInt(fixes.group(1))).isLessThanOrEqualTo(maxRepairs);
        }
        Matcher cells = Pattern.compile("(\\d+) cell\\(s\\) left").matcher(m.content());
        while (cells.find()) {
          assertThat(Integer.parseInt(cells.group(1))).isBetween(1, maxCells);
        }
      }
    }
    if (maxCells > 1) {
      assertThat(last).contains("load the data");
    }
  }

  @Test
  void theShippedSkillsNameNoDataThatIsNotShippedAndShowFiguresAsThePromptSays() {
    List<Skill> skills = FileSkillLoader.classpath().skills();
    assertThat(skills).extracting(Skill::name).contains("tabular-statistics", "plotting");
    String system =
        Prompts.builtIn()
            .render(
                Prompts.Name.ANALYST_SYSTEM,
                Map.of("maxCells", "12", "maxRepairs", "3", "judging", "-"));
    assertThat(system).contains("plt.show()");
    for (Skill s : skills) {
      assertThat(s.body())
          .as(s.name())
          .doesNotContainPattern("/data/[A-Za-z0-9_]")
          .doesNotContain("display(fig)")
          .doesNotContain("\"target\"")
          .doesNotContain("diabetes");
    }
  }

  private static int number(String word) {
    return switch (word.toLowerCase(java.util.Locale.ROOT)) {
      case "one" -> 1;
      case "two" -> 2;
      case "three" -> 3;
      case "four" -> 4;
      case "five" -> 5;
      default -> Integer.parseInt(word);
    };
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
