package io.kosmos.core.team.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.Citation;
import io.kosmos.api.Dataset;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Plan;
import io.kosmos.api.PlanReview;
import io.kosmos.api.PlanningContext;
import io.kosmos.api.Statistics;
import io.kosmos.api.Task;
import io.kosmos.api.TaskGoal;
import io.kosmos.api.TaskKind;
import io.kosmos.api.ValidationResult;
import io.kosmos.core.fixtures.FakeWorld;
import io.kosmos.core.internal.stats.Ledger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflinePlannerTest {

  static final String OBJECTIVE = "What drives disease progression in this cohort?";
  static final List<String> COLUMNS =
      List.of("id", "age", "sex", "bmi", "bp", "ldl", "hdl", "glucose", "disease_progression");

  @TempDir Path tmp;
  Dataset dataset;
  final OfflinePlanner planner = new OfflinePlanner(Options.DEFAULTS);
  final OfflineReviewer reviewer = new OfflineReviewer(Options.DEFAULTS);

  @BeforeEach
  void data() throws IOException {
    Path file = tmp.resolve("d.csv");
    Files.writeString(file, String.join(",", COLUMNS) + "\n1,50,1,25,90,100,50,90,150\n");
    dataset = new Dataset("d.csv", file, "0", Files.size(file), Map.of());
  }

  PlanningContext context(int cycle, double share, FakeWorld world, String objective) {
    world.datasets.clear();
    world.dataset(dataset);
    return new PlanningContext(
        objective, cycle, 5, 10, share, List.of(dataset), world, List.of(), false);
  }

  /** A profile note as the sandbox writes it: every column continuous, id an identifier. */
  static String profile() {
    StringBuilder sb = new StringBuilder("{\"dataset\": \"d.csv\", \"rows\": 442, \"columns\": [");
    for (int i = 0; i < COLUMNS.size(); i++) {
      String c = COLUMNS.get(i);
      String kind = c.equals("id") ? "identifier" : c.equals("sex") ? "binary" : "continuous";
      sb.append(i == 0 ? "" : ",")
          .append("{\"name\": \"")
          .append(c)
          .append("\", \"kind\": \"")
          .append(kind)
          .append("\", \"n\": 442, \"missing_share\": 0.0")
          .append(c.equals("sex") ? ", \"levels\": [\"1\", \"2\"]" : "")
          .append("}");
    }
    return sb.append("]}").toString();
  }

  @Test
  void cycleOneProfilesAndScreensTheOutcomesPairsFirst() {
    Plan plan = planner.plan(context(1, 0.7, new FakeWorld(), OBJECTIVE));
    assertThat(plan.tasks()).hasSizeLessThanOrEqualTo(10);
    Task profile = plan.tasks().getFirst();
    assertThat(profile.parameters())
        .containsEntry("kind", "profile")
        .containsEntry("dataset", "d.csv");
    Task first = plan.tasks().get(1);
    assertThat(first.parameters())
        .containsEntry("kind", "screen")
        .containsEntry("outcome", "disease_progression");
    List<List<String>> pairs = WorkState.pairs(first);
    assertThat(pairs).hasSize(7).allMatch(p -> p.get(1).equals("disease_progression"));
    // identifiers are left out from the header on
    assertThat(plan.tasks()).flatMap(WorkState::pairs).noneMatch(p -> p.contains("id"));
    // 8 usable columns: 28 pairs, in batches of at most 12
    assertThat(plan.tasks().stream().mapToInt(t -> WorkState.pairs(t).size()).sum()).isEqualTo(28);
    assertThat(plan.rationale())
        .contains("The question asks for what drives the outcome")
        .contains("Outcome: disease_progression");
    assertThat(plan.tasks())
        .allMatch(t -> !t.description().isBlank() && !t.expectedOutput().isBlank());
    PlanReview review = reviewer.review(plan, context(1, 0.7, new FakeWorld(), OBJECTIVE));
    assertThat(review.structuralProblems()).isEmpty();
    assertThat(review.approved()).isTrue();
  }

  @Test
  void anObjectiveThatMatchesNothingExploresEveryPairAndSaysSo() {
    Plan plan = planner.plan(context(1, 0.7, new FakeWorld(), "Which galaxies merge?"));
    assertThat(plan.rationale()).contains("matched no column").contains("every pair");
    assertThat(plan.tasks()).allMatch(t -> !t.parameters().containsKey("outcome"));
    assertThat(plan.tasks().stream().mapToInt(t -> WorkState.pairs(t).size()).sum()).isEqualTo(28);
  }

  @Test
  void laterCyclesFollowUpValidatedFindingsAndNeverRepeatATest() {
    FakeWorld world = new FakeWorld().note(Ledger.PROFILE + "d.csv", profile());
    List<Ledger.TestEntry> tests = new ArrayList<>();
    List<String> predictors = List.of("age", "sex", "bmi", "bp", "ldl", "hdl", "glucose");
    for (int i = 0; i < predictors.size(); i++) {
      String x = predictors.get(i);
      boolean sig = x.equals("bmi") || x.equals("bp");
      tests.add(
          new Ledger.TestEntry(
              "c1-t02",
              "screen",
              "d.csv",
              x,
              "disease_progression",
              "Pearson correlation",
              sig ? 1e-10 : 0.5,
              0.4,
              "r",
              0.4,
              "positive",
              sig ? i + 1 : 0,
              null));
      if (sig) {
        world.finding(validated("F-c1-t02-" + (i + 1), x));
      }
    }
    world.notes.putAll(Ledger.notes("c1-t02", tests, List.of()));
    world.tried.add(
        Task.builder(TaskKind.DATA_ANALYSIS)
            .id("c1-t01")
            .parameter("kind", "profile")
            .parameter("dataset", "d.csv")
            .build());
    Plan plan = planner.plan(context(2, 0.7, world, OBJECTIVE));
    assertThat(plan.tasks()).isNotEmpty();
    // exploration first (the untested pairs among predictors), then follow-ups
    List<String> kinds = plan.tasks().stream().map(t -> t.parameters().get("kind")).toList();
    assertThat(kinds).contains("screen", "model", "confounding");
    long exploring = plan.tasks().stream().filter(t -> t.goal() == TaskGoal.EXPLORATION).count();
    assertThat(exploring).isLessThanOrEqualTo(7);
    // no pair with the outcome is screened again, and no profile is planned again
    assertThat(plan.tasks())
        .filteredOn(t -> t.parameters().get("kind").equals("screen"))
        .flatMap(WorkState::pairs)
        .noneMatch(p -> p.contains("disease_progression"));
    assertThat(kinds).doesNotContain("profile");
    Task confounding =
        plan.tasks().stream()
            .filter(t -> t.parameters().get("kind").equals("confounding"))
            .findFirst()
            .orElseThrow();
    assertThat(confounding.parameters().get("derivedFrom")).contains("F-c1-t02-3");
    assertThat(confounding.description())
        .contains("F-c1-t02-3")
        .contains("bmi ~ disease_progression");
    // a planned task never repeats: once tried, its units are not planned again
    for (int i = 0; i < plan.tasks().size(); i++) {
      world.tried.add(plan.tasks().get(i).withId("c2-t" + (i + 1)));
    }
    Plan next = planner.plan(context(3, 0.7, world, OBJECTIVE));
    List<String> before =
        plan.tasks().stream().flatMap(t -> WorkState.unitKeys(t).stream()).toList();
    assertThat(next.tasks().stream().flatMap(t -> WorkState.unitKeys(t).stream()))
        .doesNotContainAnyElementsOf(before);
  }

  static Finding validated(String id, String x) {
    return Finding.builder(FindingKind.DATA_ANALYSIS)
        .id(id)
        .taskId("c1-t02")
        .claim(x + " is correlated with disease_progression")
        .statistics(
            new Statistics(
                "Pearson correlation", 5.0, 1e-10, 1e-9, 0.4, "r", 0.3, 0.5, 442, Map.of()))
        .direction(EffectDirection.POSITIVE)
        .variable(x)
        .variable("disease_progression")
        .citation(new Citation.NotebookCell("c1-t02", "nb", 3, "0".repeat(64)))
        .validation(new ValidationResult("statistical", true, 0.9, Map.of(), List.of()))
        .build();
  }

  @Test
  void theExplorationShareSplitsThePlan() {
    FakeWorld world = new FakeWorld().note(Ledger.PROFILE + "d.csv", profile());
    world.notes.putAll(
        Ledger.notes(
            "c1-t02",
            List.of(
                new Ledger.TestEntry(
                    "c1-t02",
                    "screen",
                    "d.csv",
                    "bmi",
                    "disease_progression",
                    "t",
                    1e-10,
                    0.5,
                    "r",
                    0.5,
                    "positive",
                    1,
                    null)),
            List.of()));
    world.finding(validated("F-c1-t02-1", "bmi"));
    Plan mostlyFollowUp = planner.plan(context(2, 0.3, world, OBJECTIVE));
    long exploring =
        mostlyFollowUp.tasks().stream().filter(t -> t.goal() == TaskGoal.EXPLORATION).count();
    long following = mostlyFollowUp.tasks().size() - exploring;
    assertThat(exploring).isEqualTo(3);
    assertThat(following).isGreaterThanOrEqualTo(4);
  }

  @Test
  void dataWithNothingToTestStopsThePlanWithTheReason() {
    FakeWorld world =
        new FakeWorld()
            .note(
                Ledger.PROFILE + "d.csv",
                "{\"dataset\": \"d.csv\", \"rows\": 10, \"columns\": [{\"name\": \"id\", \"kind\":"
                    + " \"identifier\", \"reason\": \"unique integer per row\"}, {\"name\": \"note\","
                    + " \"kind\": \"text\", \"reason\": \"free text\"}]}");
    assertThatThrownBy(() -> planner.plan(context(2, 0.7, world, OBJECTIVE)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no dataset has two usable columns")
        .hasMessageContaining("id identifier: unique integer per row");
  }

  @Test
  void anUnsupportedFileIsAnError() throws IOException {
    Path file = Files.writeString(tmp.resolve("d.parquet"), "PAR1");
    Dataset bad = new Dataset("d.parquet", file, "0", 4, Map.of());
    PlanningContext ctx =
        new PlanningContext(
            OBJECTIVE, 1, 5, 10, 0.7, List.of(bad), new FakeWorld(), List.of(), false);
    assertThatThrownBy(() -> planner.plan(ctx))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unsupported file type");
  }

  @Test
  void theReviewerFlagsUnknownColumnsAndRepeatsAndTheRevisionDropsThem() {
    FakeWorld world = new FakeWorld().note(Ledger.PROFILE + "d.csv", profile());
    world.notes.putAll(
        Ledger.notes(
            "c1-t02",
            List.of(
                new Ledger.TestEntry(
                    "c1-t02", "screen", "d.csv", "age", "bmi", "t", 0.5, null, null, null, "none",
                    0, null)),
            List.of()));
    Task good =
        Task.builder(TaskKind.DATA_ANALYSIS)
            .id("c2-t01")
            .description("Screen")
            .expectedOutput("tests")
            .parameter("kind", "screen")
            .parameter("dataset", "d.csv")
            .parameter("pairs", "[[\"bmi\",\"disease_progression\"]]")
            .build();
    Task unknown =
        Task.builder(TaskKind.DATA_ANALYSIS)
            .id("c2-t02")
            .description("Screen")
            .expectedOutput("tests")
            .parameter("kind", "screen")
            .parameter("dataset", "d.csv")
            .parameter("pairs", "[[\"weight\",\"disease_progression\"]]")
            .build();
    Task repeat =
        Task.builder(TaskKind.DATA_ANALYSIS)
            .id("c2-t03")
            .description("Screen")
            .expectedOutput("tests")
            .parameter("kind", "screen")
            .parameter("dataset", "d.csv")
            .parameter("pairs", "[[\"bmi\",\"age\"]]")
            .build();
    Plan plan = new Plan(2, List.of(good, unknown, repeat), "test", 0.7);
    PlanningContext ctx = context(2, 0.7, world, OBJECTIVE);
    PlanReview review = reviewer.review(plan, ctx);
    assertThat(review.structuralProblems())
        .anyMatch(p -> p.contains("c2-t02") && p.contains("'weight'"))
        .anyMatch(p -> p.contains("c2-t03") && p.contains("repeats 1 unit"));
    assertThat(review.scores().get("novelty")).isLessThan(10);
    assertThat(review.scores().get("feasibility"))
        .isCloseTo(10.0 / 3, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(review.approved()).isFalse();
    Plan revised = planner.revise(ctx, plan, review);
    assertThat(revised.rationale()).contains("Revised after review");
    assertThat(reviewer.review(revised, ctx).structuralProblems()).isEmpty();
  }
}
