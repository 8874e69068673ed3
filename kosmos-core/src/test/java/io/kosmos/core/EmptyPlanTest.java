package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Agents;
import io.kosmos.api.Plan;
import io.kosmos.api.PlanCreator;
import io.kosmos.api.PlanReview;
import io.kosmos.api.PlanningContext;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.core.internal.artifacts.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A planner that proposes nothing is asked once more; before any task ran, twice is a failure. */
class EmptyPlanTest {

  @TempDir Path tmp;

  /** The fixtures' planner, but with no tasks for the first {@code emptyAnswers} calls. */
  private static Agents careless(int emptyAnswers, AtomicInteger calls) {
    Agents team = Fixtures.agents(Fixtures.Options.defaults());
    PlanCreator planner =
        new PlanCreator() {
          @Override
          public Plan plan(PlanningContext context) {
            if (calls.incrementAndGet() <= emptyAnswers) {
              return new Plan(context.cycle(), List.of(), "I could not decide", 0.5);
            }
            return team.planCreator().plan(context);
          }

          @Override
          public Plan revise(PlanningContext context, Plan rejected, PlanReview review) {
            return rejected;
          }
        };
    return new Agents(
        team.description(),
        planner,
        team.planReviewer(),
        team.dataAnalyst(),
        team.literatureAnalyst(),
        team.validator(),
        team.reportWriter());
  }

  private ResearchResult run(Path dir, Agents agents) throws Exception {
    Path data = Fixtures.dataset(tmp.resolve("data"));
    try (ResearchWorkflow wf =
        Kosmos.workflow()
            .objective("What drives disease progression in this cohort?")
            .dataset(data)
            .artifactsDir(dir)
            .executor(Fixtures.executor(Duration.ZERO))
            .agents(agents)
            .build()) {
      return wf.run(2, 3);
    }
  }

  @Test
  void noTasksTwiceBeforeAnyTaskRanFailsTheRunSayingWhy() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Path dir = tmp.resolve("run");

    ResearchResult r = run(dir, careless(Integer.MAX_VALUE, calls));

    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.stopReason())
        .startsWith("the planner proposed no tasks for cycle 1, twice")
        .contains("I could not decide")
        .doesNotContain("nothing left to investigate");
    assertThat(calls).hasValue(2);
    assertThat(Json.readTree(dir.resolve("run.json")).path("status").asText()).isEqualTo("FAILED");
    assertThat(Files.readString(dir.resolve("report/report.md")))
        .contains("the planner proposed no tasks");
  }

  @Test
  void noTasksOnceIsAskedAgainAndTheRunGoesOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();

    ResearchResult r = run(tmp.resolve("run"), careless(1, calls));

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.cyclesCompleted()).isEqualTo(2);
    assertThat(r.tasksCompleted()).isPositive();
  }
}
