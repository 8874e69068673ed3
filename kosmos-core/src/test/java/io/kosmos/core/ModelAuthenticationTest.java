package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.Agents;
import io.kosmos.api.Finding;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.core.internal.artifacts.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A language model that rejects its credentials stops the run at once, whichever role meets it: the
 * run ends FAILED with a report, {@code run()} throws with the provider's message (which names the
 * variable to fix), no task is committed as failed because of it, and a resumed run with a good key
 * finishes as if nothing happened.
 */
class ModelAuthenticationTest {

  static final String MESSAGE =
      "Anthropic rejected the API key (HTTP 401 authentication_error: invalid x-api-key)."
          + " Set ANTHROPIC_API_KEY to a valid key.";

  @TempDir Path tmp;
  Path data;
  Path dir;

  @BeforeEach
  void setUp() {
    data = Fixtures.dataset(tmp.resolve("data"));
    dir = tmp.resolve("run");
  }

  private ResearchWorkflow workflow(Agents agents) {
    return Kosmos.workflow()
        .objective("What drives disease progression in this cohort?")
        .dataset(data)
        .artifactsDir(dir)
        .executor(Fixtures.executor(Duration.ZERO))
        .agents(agents)
        .retries(2, Duration.ofMillis(10))
        .build();
  }

  private void assertStoppedAndResumable(Agents broken, int cycles, int completedBefore)
      throws Exception {
    try (ResearchWorkflow wf = workflow(broken)) {
      assertThatThrownBy(() -> wf.run(cycles, 3))
          .isInstanceOf(ModelAuthenticationException.class)
          .hasMessageContaining("Set ANTHROPIC_API_KEY to a valid key")
          .hasMessageContaining("status FAILED")
          .hasMessageContaining("fix the key and run again");
    }
    JsonNode run = Json.readTree(dir.resolve("run.json"));
    assertThat(run.path("status").asText()).isEqualTo("FAILED");
    assertThat(run.path("cyclesCompleted").asInt()).isEqualTo(completedBefore);
    assertThat(run.path("stopReason").asText())
        .contains("the language model rejected its credentials")
        .contains("ANTHROPIC_API_KEY");
    String report = Files.readString(dir.resolve("report/report.md"));
    assertThat(report).contains("FAILED").contains("ANTHROPIC_API_KEY");
    try (var files = Files.walk(dir)) {
      List<Path> results = files.filter(p -> p.endsWith("result.json")).toList();
      for (Path r : results) {
        assertThat(Json.readTree(r).path("failure").asText("")).doesNotContain("rejected");
      }
    }

    try (ResearchWorkflow wf = workflow(Fixtures.agents(Fixtures.Options.defaults()))) {
      ResearchResult r = wf.run(cycles, 3);
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.tasksFailed()).isZero();
      assertThat(r.findings().stream().map(Finding::id).toList()).isEqualTo(reference(cycles));
    }
  }

  private List<String> reference(int cycles) {
    Path other = tmp.resolve("reference");
    try (ResearchWorkflow wf =
        Fixtures.builder(other, data, Fixtures.executor(Duration.ZERO), Fixtures.Options.defaults())
            .build()) {
      return wf.run(cycles, 3).findings().stream().map(Finding::id).toList();
    }
  }

  @Test
  void anAnalystWhoseModelRejectsTheKeyStopsTheRun() throws Exception {
    Agents base = Fixtures.agents(Fixtures.Options.defaults());
    Agents broken =
        new Agents(
            base.description(),
            base.planCreator(),
            base.planReviewer(),
            ctx -> {
              if (ctx.task().id().equals("c2-t02")) {
                throw new ModelAuthenticationException(MESSAGE);
              }
              return base.dataAnalyst().analyze(ctx);
            },
            base.literatureAnalyst(),
            base.validator(),
            base.reportWriter());
    assertStoppedAndResumable(broken, 3, 1);
  }

  @Test
  void aPlannerWhoseModelRejectsTheKeyStopsTheRun() throws Exception {
    Agents base = Fixtures.agents(Fixtures.Options.defaults());
    Agents broken =
        new Agents(
            base.description(),
            new io.kosmos.api.PlanCreator() {
              @Override
              public io.kosmos.api.Plan plan(io.kosmos.api.PlanningContext c) {
                throw new ModelAuthenticationException(MESSAGE);
              }

              @Override
              public io.kosmos.api.Plan revise(
                  io.kosmos.api.PlanningContext c,
                  io.kosmos.api.Plan p,
                  io.kosmos.api.PlanReview r) {
                throw new ModelAuthenticationException(MESSAGE);
              }
            },
            base.planReviewer(),
            base.dataAnalyst(),
            base.literatureAnalyst(),
            base.validator(),
            base.reportWriter());
    assertStoppedAndResumable(broken, 2, 0);
  }

  @Test
  void aValidatorWhoseModelRejectsTheKeyStopsTheRunInsteadOfFailingEveryFinding() throws Exception {
    Agents base = Fixtures.agents(Fixtures.Options.defaults());
    Agents broken =
        new Agents(
            base.description(),
            base.planCreator(),
            base.planReviewer(),
            base.dataAnalyst(),
            base.literatureAnalyst(),
            (f, c) -> {
              throw new ModelAuthenticationException(MESSAGE);
            },
            base.reportWriter());
    assertStoppedAndResumable(broken, 2, 0);
  }

  @Test
  void aReportWriterWhoseModelRejectsTheKeyFailsTheRun() throws Exception {
    Agents base = Fixtures.agents(Fixtures.Options.defaults());
    Agents broken =
        new Agents(
            base.description(),
            base.planCreator(),
            base.planReviewer(),
            base.dataAnalyst(),
            base.literatureAnalyst(),
            base.validator(),
            c -> {
              throw new ModelAuthenticationException(MESSAGE);
            });
    try (ResearchWorkflow wf = workflow(broken)) {
      assertThatThrownBy(() -> wf.run(1, 3))
          .isInstanceOf(ModelAuthenticationException.class)
          .hasMessageContaining("ANTHROPIC_API_KEY");
    }
    JsonNode run = Json.readTree(dir.resolve("run.json"));
    assertThat(run.path("status").asText()).isEqualTo("FAILED");
    assertThat(run.path("cyclesCompleted").asInt()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("report/report.md")))
        .contains("No synthesis: the language model rejected its credentials");
  }
}
