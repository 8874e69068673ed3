package io.kosmos.core.internal.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Dataset;
import io.kosmos.api.ExplorationSchedule;
import io.kosmos.api.NoveltyDetector;
import io.kosmos.api.Plan;
import io.kosmos.api.PlanCreator;
import io.kosmos.api.PlanReview;
import io.kosmos.api.PlanReviewer;
import io.kosmos.api.PlanningContext;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.PlanRecord;
import io.kosmos.core.internal.artifacts.TaskRecord;
import io.kosmos.core.internal.world.WorldState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CyclePlanningTest {

  private final WorldState world = new WorldState(List.of());
  private final List<Dataset> data =
      List.of(new Dataset("d.csv", Path.of("/tmp/d.csv"), "abc", 1, Map.of()));

  private PlanningContext context(int maxTasks) {
    return new PlanningContext("objective", 1, 5, maxTasks, 0.7, data, world, List.of(), false);
  }

  private static Task task(String description, String expected) {
    return Task.builder(TaskKind.DATA_ANALYSIS)
        .description(description)
        .expectedOutput(expected)
        .build();
  }

  private static PlanReview review(double score) {
    Map<String, Double> s = new LinkedHashMap<>();
    PlanReview.DIMENSIONS.forEach(d -> s.put(d, score));
    return new PlanReview(s, List.of(), List.of("feedback"));
  }

  /** Plans the given tasks; revises by filling in missing expected outputs when told to. */
  private static PlanCreator planner(
      List<Task> tasks, boolean fixOnRevision, AtomicInteger revisions) {
    return new PlanCreator() {
      @Override
      public Plan plan(PlanningContext context) {
        return new Plan(1, tasks, "why", 0.7);
      }

      @Override
      public Plan revise(PlanningContext context, Plan rejected, PlanReview review) {
        revisions.incrementAndGet();
        List<Task> out = new ArrayList<>();
        for (Task t : rejected.tasks()) {
          out.add(
              fixOnRevision && t.expectedOutput().isBlank()
                  ? new Task(t.id(), t.kind(), t.goal(), t.description(), "fixed", null, Map.of())
                  : t);
        }
        return rejected.withTasks(out);
      }
    };
  }

  private static CyclePlanning planning(PlanCreator planner, PlanReviewer reviewer) {
    return new CyclePlanning(
        planner,
        reviewer,
        new PlanningPolicy(ExplorationSchedule.standard(), new TextNoveltyDetector(0.8), 7, 5));
  }

  @Test
  void anApprovedPlanRunsAsProposedWithIdsAndLimit() {
    List<Task> tasks =
        List.of(task("a one", "x"), task("b two", "x"), task("c three", "x"), task("d four", "x"));
    AtomicInteger revisions = new AtomicInteger();
    PlanRecord r =
        planning(planner(tasks, true, revisions), (p, c) -> review(8))
            .plan(context(3), Instant.EPOCH);
    assertThat(r.approved()).isTrue();
    assertThat(revisions).hasValue(0);
    assertThat(r.truncated()).isEqualTo(1);
    assertThat(r.plan().tasks()).extracting(Task::id).containsExactly("c1-t01", "c1-t02", "c1-t03");
    assertThat(r.revised()).isNull();
    assertThat(r.decision()).startsWith("approved at first review (mean 8.0, lowest 8.0)");
    assertThat(r.novelty()).extracting(PlanRecord.NoveltyRecord::action).containsOnly("KEEP");
  }

  @Test
  void aPlanWithAStructuralProblemIsRevisedOnceAndReviewedAgain() {
    List<Task> tasks = List.of(task("a one", ""), task("b two", "x"), task("c three", "x"));
    AtomicInteger revisions = new AtomicInteger();
    PlanRecord r =
        planning(planner(tasks, true, revisions), (p, c) -> review(9))
            .plan(context(10), Instant.EPOCH);
    assertThat(r.review().structuralProblems())
        .containsExactly("task c1-t01 has no expected output");
    assertThat(r.review().approved()).isFalse();
    assertThat(revisions).hasValue(1);
    assertThat(r.revisedReview().structuralProblems()).isEmpty();
    assertThat(r.approved()).isTrue();
    assertThat(r.plan().tasks()).hasSize(3);
    assertThat(r.decision()).contains("first review rejected").contains("revision was approved");
  }

  @Test
  void aRevisionStillRejectedRunsWithoutTasksThatCannotRun() {
    List<Task> tasks = List.of(task("a one", ""), task("b two", "x"), task("c three", "x"));
    AtomicInteger revisions = new AtomicInteger();
    PlanRecord r =
        planning(planner(tasks, false, revisions), (p, c) -> review(4))
            .plan(context(10), Instant.EPOCH);
    assertThat(revisions).hasValue(1);
    assertThat(r.approved()).isFalse();
    assertThat(r.structuralDrops()).extracting(PlanRecord.Drop::taskId).containsExactly("c1-t01");
    assertThat(r.plan().tasks()).extracting(Task::id).containsExactly("c1-t02", "c1-t03");
    assertThat(r.decision()).contains("not approved").contains("runs anyway without 1 task(s)");
  }

  @Test
  void tooFewDataTasksIsAStructuralProblem() {
    List<Task> tasks = List.of(task("a one", "x"), task("b two", "x"));
    PlanRecord r =
        planning(planner(tasks, true, new AtomicInteger()), (p, c) -> review(9))
            .plan(context(10), Instant.EPOCH);
    assertThat(r.review().structuralProblems())
        .anySatisfy(p -> assertThat(p).contains("at least 3"));
    assertThat(r.approved()).isFalse();
  }

  @Test
  void noveltyDropsRepeatsOfTriedTasksAndOfTheSamePlan() {
    Task tried = task("Test bmi against target", "x").withId("c0-t01");
    world.apply(
        new TaskRecord(
            Json.FORMAT_VERSION,
            0,
            tried,
            TaskRecord.Status.SUCCEEDED,
            null,
            false,
            1,
            Instant.EPOCH,
            Duration.ZERO,
            "",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            0,
            0,
            0,
            0,
            null,
            null,
            ""));
    List<Task> tasks =
        List.of(
            task("test BMI against target", "x"),
            task("Compare age groups", "x"),
            task("compare the age groups", "x"),
            task("Model sex differences", "x"));
    PlanRecord r =
        planning(planner(tasks, true, new AtomicInteger()), (p, c) -> review(9))
            .plan(context(10), Instant.EPOCH);
    assertThat(r.novelty())
        .extracting(PlanRecord.NoveltyRecord::action)
        .containsExactly("DROP", "KEEP", "DROP", "KEEP");
    assertThat(r.novelty().get(0).similarTo()).isEqualTo("c0-t01");
    assertThat(r.novelty().get(2).similarTo()).isEqualTo("c1-t02");
    assertThat(r.novelty().get(0).similarity()).isEqualTo(1.0);
    assertThat(r.plan().tasks()).extracting(Task::id).containsExactly("c1-t02", "c1-t04");
    assertThat(r.decision()).contains("novelty check dropped 2");
  }

  @Test
  void aRewriteRunsInPlaceUnderTheSameId() {
    NoveltyDetector rewriter =
        (candidate, earlier) ->
            new NoveltyDetector.Decision(
                NoveltyDetector.Action.REWRITE,
                0.9,
                null,
                Task.builder(TaskKind.DATA_ANALYSIS)
                    .id("whatever")
                    .description("rewritten " + candidate.description())
                    .expectedOutput("x")
                    .build(),
                "too close");
    List<Task> tasks = List.of(task("a one", "x"), task("b two", "x"), task("c three", "x"));
    PlanRecord r =
        new CyclePlanning(
                planner(tasks, true, new AtomicInteger()),
                (p, c) -> review(9),
                new PlanningPolicy(ExplorationSchedule.standard(), rewriter, 7, 5))
            .plan(context(10), Instant.EPOCH);
    assertThat(r.plan().tasks()).extracting(Task::id).containsExactly("c1-t01", "c1-t02", "c1-t03");
    assertThat(r.plan().tasks().getFirst().description()).isEqualTo("rewritten a one");
    assertThat(r.novelty().getFirst().rewritten().id()).isEqualTo("c1-t01");
  }
}
