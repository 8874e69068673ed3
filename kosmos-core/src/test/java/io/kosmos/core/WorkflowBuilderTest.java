package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.ExplorationSchedule;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.core.llm.Budget;
import io.kosmos.testing.MockExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowBuilderTest {

  @TempDir Path tmp;

  @Test
  void settingAnOptionTwiceFailsNamingIt() {
    assertTwice(b -> b.objective("a"), "objective");
    assertTwice(b -> b.artifactsDir(tmp), "artifactsDir");
    assertTwice(b -> b.executor(new MockExecutor()), "executor");
    assertTwice(b -> b.agents(Fixtures.agents(Fixtures.Options.defaults())), "agents");
    assertTwice(b -> b.maxConcurrentTasks(2), "maxConcurrentTasks");
    assertTwice(b -> b.taskTimeout(Duration.ofMinutes(1)), "taskTimeout");
    assertTwice(b -> b.cellTimeout(Duration.ofMinutes(1)), "cellTimeout");
    assertTwice(b -> b.maxRunTime(Duration.ofMinutes(1)), "maxRunTime");
    assertTwice(b -> b.budget(Budget.ofUsd(1)), "budget");
    assertTwice(b -> b.explorationSchedule(ExplorationSchedule.standard()), "explorationSchedule");
    assertTwice(b -> b.noveltyDetector(NoveltyDetectors.textSimilarity(0.5)), "noveltyDetector");
    assertTwice(b -> b.reviewThresholds(7, 5), "reviewThresholds");
    assertTwice(b -> b.clock(java.time.Clock.systemUTC()), "clock");
  }

  private static void assertTwice(Consumer<WorkflowBuilder> set, String option) {
    WorkflowBuilder b = Kosmos.workflow();
    set.accept(b);
    assertThatThrownBy(() -> set.accept(b))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(option + " was already set; set each option once");
  }

  @Test
  void badValuesFailWhenSet() {
    WorkflowBuilder b = Kosmos.workflow();
    assertThatThrownBy(() -> b.maxConcurrentTasks(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrentTasks must be 1 or more, was 0");
    assertThatThrownBy(() -> b.taskTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("taskTimeout must be positive");
    assertThatThrownBy(() -> b.cellTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.reviewThresholds(11, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.skillsPerTask(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.retries(0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExplorationSchedule.of(0.7, 1.5, 0.3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'middle'");
  }

  @Test
  void withoutAgentsTheOfflineScientistDoesTheScience() throws Exception {
    try (ResearchWorkflow wf =
        Kosmos.workflow().objective("q").artifactsDir(tmp.resolve("default")).build()) {
      wf.run(1, 3);
    }
    assertThat(java.nio.file.Files.readString(tmp.resolve("default").resolve("run.json")))
        .contains(io.kosmos.core.team.offline.OfflineScientist.DESCRIPTION);
  }

  @Test
  void requiredOptionsAreNamedAtBuild() {
    Path data = Fixtures.dataset(tmp.resolve("data"));
    assertThatThrownBy(
            () ->
                Kosmos.workflow()
                    .objective("q")
                    .dataset(data)
                    .agents(Fixtures.agents(Fixtures.Options.defaults()))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no executor");
  }

  @Test
  void aLiteratureOnlyRunNeedsNoExecutorAndDefaultsAreApplied() throws Exception {
    try (ResearchWorkflow wf =
        Kosmos.workflow()
            .objective("What is known about BMI and progression?")
            .artifactsDir(tmp.resolve("lit"))
            .agents(Fixtures.agents(Fixtures.Options.defaults().withLiterature()))
            .literatureSource(Fixtures.literatureSource())
            .budget(Budget.ofTokens(1000))
            .build()) {
      assertThat(wf.runId()).matches("run-\\d{8}-\\d{6}-[0-9a-f]{6}");
      assertThat(wf.artifactsDir()).isEqualTo(tmp.resolve("lit").toAbsolutePath());
      assertThat(wf.world().datasets()).isEmpty();
      // the test planner also plans data analyses: without data or executor they fail, recorded,
      // and the literature tasks go on
      io.kosmos.api.ResearchResult r = wf.run(1, 4);
      assertThat(r.status()).isEqualTo(io.kosmos.api.RunStatus.COMPLETED);
      assertThat(r.findings())
          .singleElement()
          .satisfies(f -> assertThat(f.kind()).isEqualTo(io.kosmos.api.FindingKind.LITERATURE));
      assertThat(r.tasksFailed()).isEqualTo(3);
    }
  }

  @Test
  void theExplorationScheduleFollowsThePaper() {
    ExplorationSchedule s = ExplorationSchedule.standard();
    assertThat(s.share(1)).isEqualTo(0.7);
    assertThat(s.share(7)).isEqualTo(0.7);
    assertThat(s.share(8)).isEqualTo(0.5);
    assertThat(s.share(14)).isEqualTo(0.5);
    assertThat(s.share(15)).isEqualTo(0.3);
    assertThat(ExplorationSchedule.constant(0.4).share(20)).isEqualTo(0.4);
  }
}
