package io.kosmos.core.team.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.ChatMessage;
import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.Plan;
import io.kosmos.api.PlanReview;
import io.kosmos.api.PlanningContext;
import io.kosmos.api.Statistics;
import io.kosmos.api.Task;
import io.kosmos.api.TaskGoal;
import io.kosmos.api.TaskKind;
import io.kosmos.api.ValidationResult;
import io.kosmos.core.fixtures.FakeAnalysisContext;
import io.kosmos.core.fixtures.ScriptedModel;
import io.kosmos.core.fixtures.TestWorld;
import io.kosmos.core.internal.agents.ModelCalls;
import io.kosmos.core.internal.agents.Prompts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanningAgentsTest {

  static final String PLAN =
      """
      {"rationale": "Start with the strongest candidates.",
       "tasks": [
        {"kind": "DATA_ANALYSIS", "goal": "EXPLORATION", "description": "Correlate bmi with target",
         "expectedOutput": "Spearman rho, p, CI, n", "hypothesisId": "H-1",
         "parameters": [{"name": "variables", "value": "bmi,target"}]},
        {"kind": "DATA_ANALYSIS", "goal": "EXPLOITATION", "description": "Adjust bmi for age",
         "expectedOutput": "partial correlation", "hypothesisId": "H-unknown", "parameters": []},
        {"kind": "LITERATURE_SEARCH", "goal": "EXPLORATION", "description": "Read on BMI",
         "expectedOutput": "papers", "hypothesisId": null, "parameters": [{"name": "query", "value": "BMI diabetes"}]},
        {"kind": "DATA_ANALYSIS", "goal": "EXPLORATION", "description": "Blood pressure and target",
         "expectedOutput": "test", "hypothesisId": null, "parameters": []},
        {"kind": "DATA_ANALYSIS", "goal": "EXPLORATION", "description": "Age and target",
         "expectedOutput": "test", "hypothesisId": null, "parameters": []}
       ]}
      """;

  static final String REVIEW =
      """
      {"scores": {"specificity": 8, "relevance": 9, "novelty": 12, "coverage": 6.5, "feasibility": -1},
       "structuralProblems": ["  ", "too few literature tasks"],
       "feedback": ["Add a subgroup analysis"]}
      """;

  static TestWorld world() {
    TestWorld w = new TestWorld();
    w.state.addHypothesis(Hypothesis.open("H-1", "BMI drives progression", 1, List.of("bmi")));
    Finding f =
        Finding.builder(FindingKind.DATA_ANALYSIS)
            .id("F-c1-t01-1")
            .claim("bmi correlates with target (rho=0.59)")
            .statistics(
                new Statistics(
                    "Spearman correlation",
                    0.59,
                    1e-20,
                    null,
                    0.59,
                    "rho",
                    0.5,
                    0.65,
                    442,
                    Map.of()))
            .direction(EffectDirection.POSITIVE)
            .citation(
                new Citation.NotebookCell("c1-t01", "cycles/1/tasks/c1-t01/notebook.ipynb", 2, "x"))
            .taskId("c1-t01")
            .cycle(1)
            .validation(new ValidationResult("v", true, 0.9, Map.of(), List.of()))
            .build();
    w.state.addFinding(f);
    w.state.addTriedTask(
        Task.builder(TaskKind.DATA_ANALYSIS)
            .id("c1-t01")
            .description("Correlate bmi with target in the whole cohort")
            .expectedOutput("rho")
            .build());
    w.notes.put("profile:diabetes.csv", "442 rows; columns age, sex, bmi, bp, target");
    return w;
  }

  static PlanningContext context(TestWorld world, boolean literature, int maxTasks) {
    return new PlanningContext(
        "What drives disease progression?",
        2,
        5,
        maxTasks,
        0.7,
        List.of(FakeAnalysisContext.dataset()),
        world,
        List.of("Cycle 1: bmi correlated with target."),
        literature);
  }

  @Test
  void aPlanMapsTheModelsTasksUnderTheRunsRules() {
    ScriptedModel model = new ScriptedModel().answer("plan_draft", PLAN);
    LlmPlanCreator planner =
        new LlmPlanCreator(new ModelCalls(model, Prompts.builtIn(), null, 4096));
    Plan plan = planner.plan(context(world(), false, 3));

    assertThat(plan.cycle()).isEqualTo(2);
    assertThat(plan.explorationShare()).isEqualTo(0.7);
    assertThat(plan.tasks()).hasSize(3);
    Task first = plan.tasks().get(0);
    assertThat(first.kind()).isEqualTo(TaskKind.DATA_ANALYSIS);
    assertThat(first.hypothesisId()).isEqualTo("H-1");
    assertThat(first.parameters()).containsEntry("variables", "bmi,target");
    assertThat(plan.tasks().get(1).goal()).isEqualTo(TaskGoal.EXPLOITATION);
    assertThat(plan.tasks().get(1).hypothesisId()).isNull();
    assertThat(plan.tasks()).noneMatch(t -> t.kind() == TaskKind.LITERATURE_SEARCH);
    assertThat(plan.rationale())
        .startsWith("Start with the strongest candidates.")
        .contains("1 literature task(s) left out: the run has no literature source")
        .contains("the plan keeps the first 3")
        .contains("named a hypothesis that does not exist");

    String prompt = ScriptedModel.text(model.requests.getFirst());
    assertThat(prompt)
        .contains("What drives disease progression?")
        .contains("Cycle 2 of 5")
        .contains("Plan at most 3 tasks. All of them must be data analyses.")
        .contains("Aim for about 2 exploration and 1 exploitation task(s)")
        .contains("/data/diabetes.csv")
        .contains("442 rows; columns age, sex, bmi, bp, target")
        .contains("Cycle 1: bmi correlated with target.")
        .contains("F-c1-t01-1")
        .contains("p=")
        .contains("H-1")
        .contains("c1-t01 [data analysis] Correlate bmi with target")
        .contains("Literature search is NOT available");
    assertThat(model.requests.getFirst().purpose()).isEqualTo("plan");
  }

  @Test
  void hypothesesProposedInATaskReachTheNextPlannersPrompt() {
    TestWorld w = world();
    Task task = Task.builder(TaskKind.DATA_ANALYSIS).id("c1-t02").description("bp").build();
    w.state.apply(
        new io.kosmos.core.internal.artifacts.TaskRecord(
            io.kosmos.core.internal.artifacts.Json.FORMAT_VERSION,
            1,
            task,
            io.kosmos.core.internal.artifacts.TaskRecord.Status.SUCCEEDED,
            null,
            false,
            1,
            java.time.Instant.EPOCH,
            java.time.Duration.ZERO,
            "s",
            List.of(),
            List.of(),
            List.of(
                Hypothesis.open(
                    "H-c1-t02-1",
                    "Blood pressure modifies the effect of BMI on progression",
                    1,
                    List.of("bp", "bmi"),
                    EffectDirection.POSITIVE)),
            List.of(),
            List.of(),
            Map.of(),
            null,
            0,
            0,
            0,
            0,
            List.of(),
            List.of(),
            ""));
    ScriptedModel model = new ScriptedModel().answer("plan_draft", PLAN);

    new LlmPlanCreator(new ModelCalls(model, Prompts.builtIn(), null, 4096))
        .plan(context(w, false, 3));

    assertThat(ScriptedModel.text(model.requests.getFirst()))
        .contains("H-c1-t02-1")
        .contains("Blood pressure modifies the effect of BMI on progression");
  }

  @Test
  void literatureTasksStayWhenThereIsASource() {
    ScriptedModel model = new ScriptedModel().answer("plan_draft", PLAN);
    Plan plan =
        new LlmPlanCreator(new ModelCalls(model, Prompts.builtIn(), null, 4096))
            .plan(context(world(), true, 10));
    assertThat(plan.tasks()).hasSize(5);
    assertThat(plan.tasks().get(2).kind()).isEqualTo(TaskKind.LITERATURE_SEARCH);
    assertThat(plan.tasks().get(2).parameters()).containsEntry("query", "BMI diabetes");
  }

  @Test
  void aRevisionShowsTheModelItsPlanAndTheReview() {
    ScriptedModel model = new ScriptedModel().answer("plan_draft", PLAN, PLAN);
    LlmPlanCreator planner =
        new LlmPlanCreator(new ModelCalls(model, Prompts.builtIn(), 0.2, 4096));
    PlanningContext ctx = context(world(), true, 10);
    Plan first = planner.plan(ctx);
    PlanReview review =
        new PlanReview(
            Map.of(
                "specificity",
                4.0,
                "relevance",
                8.0,
                "novelty",
                6.0,
                "coverage",
                7.0,
                "feasibility",
                8.0),
            List.of("the plan has 2 data-analysis task(s); a run with data needs at least 3"),
            List.of("Name the test of task 2"));
    planner.revise(ctx, first, review);

    var request = model.requests.get(1);
    assertThat(request.purpose()).isEqualTo("plan-revision");
    assertThat(request.temperature()).isEqualTo(0.2);
    assertThat(request.messages()).hasSize(3);
    assertThat(request.messages().get(1).role()).isEqualTo(ChatMessage.Role.ASSISTANT);
    assertThat(request.messages().get(1).content())
        .contains("Correlate bmi with target")
        .contains("\"kind\":\"DATA_ANALYSIS\"");
    assertThat(request.messages().get(2).content())
        .contains("specificity: 4.0")
        .contains("mean 6.6, lowest 4.0")
        .contains("needs at least 3")
        .contains("Name the test of task 2");
  }

  @Test
  void theReviewerOnlyScoresAndClampsWhatIsOutOfRange() {
    ScriptedModel model = new ScriptedModel().answer("review_draft", REVIEW);
    LlmPlanReviewer reviewer =
        new LlmPlanReviewer(new ModelCalls(model, Prompts.builtIn(), null, 4096));
    Plan plan =
        new Plan(
            2,
            List.of(
                Task.builder(TaskKind.DATA_ANALYSIS)
                    .id("c2-t01")
                    .description("Correlate bp with target")
                    .expectedOutput("rho")
                    .parameter("variables", "bp,target")
                    .build()),
            "because",
            0.7);
    PlanReview review = reviewer.review(plan, context(world(), false, 10));
    assertThat(review.scores())
        .containsEntry("novelty", 10.0)
        .containsEntry("feasibility", 0.0)
        .containsEntry("coverage", 6.5);
    assertThat(review.structuralProblems()).containsExactly("too few literature tasks");
    assertThat(review.feedback()).containsExactly("Add a subgroup analysis");
    String prompt = ScriptedModel.text(model.requests.getFirst());
    assertThat(prompt)
        .contains("specificity")
        .contains("Correlate bp with target")
        .contains("variables = bp,target")
        .contains("Rationale: because");
    assertThat(model.requests.getFirst().purpose()).isEqualTo("plan-review");
  }

  @Test
  void promptsStayBoundedHoweverBigTheWorldModel() {
    TestWorld w = world();
    for (int i = 0; i < 3000; i++) {
      w.state.addFinding(
          Finding.builder(FindingKind.DATA_ANALYSIS)
              .id("F-x-" + i)
              .claim("claim number " + i + " ".repeat(5) + "x".repeat(200))
              .citation(new Citation.NotebookCell("t", "n.ipynb", 1, "h"))
              .taskId("t")
              .build());
      w.state.addTriedTask(
          Task.builder(TaskKind.DATA_ANALYSIS)
              .id("t" + i)
              .description("task " + i + " y".repeat(300))
              .expectedOutput("e")
              .build());
      w.state.addHypothesis(
          Hypothesis.open("H-x-" + i, "hypothesis " + i + " z".repeat(300), 1, List.of()));
    }
    ScriptedModel model = new ScriptedModel().answer("plan_draft", PLAN);
    new LlmPlanCreator(new ModelCalls(model, Prompts.builtIn(), null, 4096))
        .plan(context(w, false, 10));
    int size = ScriptedModel.text(model.requests.getFirst()).length();
    assertThat(size).isLessThan(40_000);
  }
}
