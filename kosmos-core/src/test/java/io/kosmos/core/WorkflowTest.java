package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.ArtifactException;
import io.kosmos.api.BudgetExceededException;
import io.kosmos.api.Citation;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.ResearchEvent;
import io.kosmos.api.ResearchReport;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import io.kosmos.api.TokenUsage;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.core.fixtures.FlakyExecutor;
import io.kosmos.core.fixtures.Nbformat;
import io.kosmos.core.internal.artifacts.Hashing;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.notebook.NotebookReader;
import io.kosmos.core.internal.world.WorldFiles;
import io.kosmos.core.llm.Budget;
import io.kosmos.testing.MockExecutor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowTest {

  @TempDir Path tmp;
  private Path data;
  private Path dir;

  @BeforeEach
  void setUp() {
    data = Fixtures.dataset(tmp.resolve("data"));
    dir = tmp.resolve("run");
  }

  private WorkflowBuilder builder(Fixtures.Options options) {
    return Fixtures.builder(dir, data, Fixtures.executor(Duration.ZERO), options);
  }

  @Test
  void runsCyclesWritesEveryArtifactAndEmitsEveryEvent() throws Exception {
    MockExecutor executor = Fixtures.executor(Duration.ZERO);
    List<ResearchEvent> events = new CopyOnWriteArrayList<>();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ResearchResult result;
    try (ResearchWorkflow wf =
        Fixtures.builder(dir, data, executor, Fixtures.Options.defaults().withLiterature())
            .literatureSource(Fixtures.literatureSource())
            .listener(events::add)
            .listener(
                e -> {
                  throw new IllegalStateException("a broken listener is ignored");
                })
            .meterRegistry(registry)
            .maxConcurrentTasks(3)
            .build()) {
      result = wf.run(2, 4);
      assertThat(wf.world().findings()).hasSize(8);
      assertThat(wf.runId()).isEqualTo(result.runId());
    }
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(result.cyclesCompleted()).isEqualTo(2);
    assertThat(result.tasksCompleted()).isEqualTo(8);
    assertThat(result.findings()).hasSize(8);
    assertThat(result.findings()).filteredOn(f -> f.kind() == FindingKind.LITERATURE).hasSize(2);

    Set<Class<?>> kinds = events.stream().map(Object::getClass).collect(Collectors.toSet());
    assertThat(kinds).containsExactlyInAnyOrder(ResearchEvent.class.getPermittedSubclasses());
    assertThat(events.getFirst()).isInstanceOf(ResearchEvent.RunStarted.class);
    assertThat(events.getLast()).isInstanceOf(ResearchEvent.ReportWritten.class);
    assertThat(events).filteredOn(e -> e instanceof ResearchEvent.FindingAdded).hasSize(8);

    // sessions: one per data-analysis task, with run, task and datasets, all closed
    assertThat(executor.openedSessions()).hasSize(6);
    assertThat(executor.openedSessions())
        .allSatisfy(
            o -> {
              assertThat(o.runId()).isEqualTo(result.runId());
              assertThat(o.datasets()).containsExactly(data.toAbsolutePath().normalize());
            });
    assertThat(executor.openedSessions())
        .extracting(SessionOptions::taskId)
        .containsExactlyInAnyOrder("c1-t01", "c1-t02", "c1-t03", "c2-t01", "c2-t02", "c2-t03");
    assertThat(executor.openSessionCount()).isZero();

    // run.json
    JsonNode run = Json.readTree(dir.resolve("run.json"));
    assertThat(run.path("formatVersion").asInt()).isEqualTo(1);
    assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(run.path("cyclesCompleted").asInt()).isEqualTo(2);
    assertThat(run.path("agents").asText()).isEqualTo("test team (deterministic)");
    assertThat(run.path("datasets").get(0).path("sha256").asText()).hasSize(64);
    assertThat(run.path("executor").path("name").asText()).isEqualTo("mock");
    assertThat(run.path("configuration").path("skills").toString()).contains("plotting");
    assertThat(run.path("sessions")).hasSize(1);

    // world, cycles, tasks
    for (String f : WorldFiles.FILES) {
      JsonNode w = Json.readTree(dir.resolve("world").resolve(f));
      assertThat(w.path("throughCycle").asInt()).as(f).isEqualTo(2);
    }
    assertThat(WorldFiles.findingIds(dir.resolve("world"))).hasSize(8);
    for (int c = 1; c <= 2; c++) {
      Path cycle = dir.resolve("cycles/" + c);
      assertThat(cycle.resolve("plan.json")).exists();
      assertThat(cycle.resolve("summary.md")).exists();
      assertThat(cycle.resolve("compression.json")).exists();
      assertThat(cycle.resolve("reassessment.json")).exists();
    }
    List<Path> notebooks = Fixtures.files(dir, p -> p.toString().endsWith(".ipynb"));
    assertThat(notebooks).hasSize(6);
    for (Path nb : notebooks) {
      assertThat(Nbformat.violations(nb)).as(nb.toString()).isEmpty();
      Path task = nb.getParent();
      assertThat(task.resolve("task.json")).exists();
      assertThat(task.resolve("result.json")).exists();
      assertThat(Fixtures.files(task.resolve("figures"), p -> p.toString().endsWith(".png")))
          .hasSize(1);
    }

    // provenance: every data finding cites an existing cell whose code hash matches
    for (Finding f : result.findings()) {
      assertThat(f.id()).matches("F-c\\d-t\\d\\d-\\d");
      assertThat(f.classification()).isNotNull();
      assertThat(f.validation()).isNotNull();
      if (f.kind() == FindingKind.DATA_ANALYSIS) {
        Citation.NotebookCell cell = (Citation.NotebookCell) f.citations().getFirst();
        List<NotebookReader.SavedCell> cells =
            NotebookReader.cells(dir.resolve(cell.notebookPath()));
        assertThat(Hashing.sha256(cells.get(cell.cellIndex()).source()))
            .isEqualTo(cell.codeSha256());
        assertThat(f.figures()).singleElement().satisfies(p -> assertThat(dir.resolve(p)).exists());
      }
    }

    // report
    String md = Files.readString(dir.resolve("report/report.md"));
    assertThat(md)
        .contains(
            "## Key findings",
            "## Hypotheses",
            "## Conflicts",
            "## Limitations",
            "## Run facts",
            "test team (deterministic)",
            "COMPLETED",
            "papers read | 2",
            "Compression per cycle");
    String html = Files.readString(dir.resolve("report/report.html"));
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("data:image/png;base64,")
        .doesNotContain("src=\"http");
    JsonNode json = Json.readTree(dir.resolve("report/report.json"));
    assertThat(json.path("keyFindings").size()).isPositive();
    assertThat(json.path("facts").path("cellsExecuted").asInt()).isEqualTo(12);
    assertThat(json.path("facts").path("papersRead").asInt()).isEqualTo(2);

    // meters
    assertThat(registry.find("kosmos.tasks").counters().stream().mapToDouble(c -> c.count()).sum())
        .isEqualTo(8);
    assertThat(
            registry.find("kosmos.findings").counters().stream().mapToDouble(c -> c.count()).sum())
        .isEqualTo(8);
    assertThat(registry.get("kosmos.cells").counter().count()).isEqualTo(12);
    assertThat(registry.get("kosmos.compression.ratio").gauge().value()).isGreaterThan(1);
  }

  @Test
  void aFailedTaskIsRecordedAndTheCycleGoesOn() throws Exception {
    try (ResearchWorkflow wf =
        builder(Fixtures.Options.defaults().withFailingTask("c1-t02")).build()) {
      ResearchResult r = wf.run(1, 4);
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.tasksFailed()).isEqualTo(1);
      assertThat(r.tasksCompleted()).isEqualTo(3);
    }
    JsonNode failed = Json.readTree(dir.resolve("cycles/1/tasks/c1-t02/result.json"));
    assertThat(failed.path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.path("failure").asText())
        .contains("IllegalStateException: the analyst cannot handle c1-t02");
    assertThat(failed.path("retryable").asBoolean()).isFalse();
    assertThat(dir.resolve("cycles/1/tasks/c1-t02/notebook.ipynb")).exists();
    assertThat(Files.readString(dir.resolve("cycles/1/summary.md")))
        .contains("## Failed tasks", "c1-t02");
    assertThat(Files.readString(dir.resolve("report/report.md"))).contains("1 task(s) failed");
  }

  @Test
  void aFindingCitingACellThatDoesNotExistIsRefusedWithTheReason() throws Exception {
    try (ResearchWorkflow wf =
        builder(Fixtures.Options.defaults().withBadCitationTask("c1-t01")).build()) {
      ResearchResult r = wf.run(1, 3);
      assertThat(r.findings()).extracting(Finding::id).doesNotContain("F-c1-t01-1").hasSize(2);
    }
    JsonNode result = Json.readTree(dir.resolve("cycles/1/tasks/c1-t01/result.json"));
    assertThat(result.path("findings")).isEmpty();
    assertThat(result.path("rejected").get(0).path("reason").asText())
        .contains("cites cell 99 of cycles/1/tasks/c1-t01/notebook.ipynb, which does not exist");
    assertThat(Files.readString(dir.resolve("report/report.md")))
        .contains("1 finding(s) were refused");
  }

  @Test
  void aRejectedPlanIsRevisedAndBothReviewsAreSaved() throws Exception {
    try (ResearchWorkflow wf = builder(Fixtures.Options.defaults().withRejectFirstPlan()).build()) {
      wf.run(1, 3);
    }
    JsonNode plan = Json.readTree(dir.resolve("cycles/1/plan.json"));
    assertThat(plan.path("review").path("structuralProblems").get(0).asText())
        .contains("no expected output");
    assertThat(plan.path("revised").path("tasks")).hasSize(3);
    assertThat(plan.path("revisedReview").path("scores").path("novelty").asDouble()).isEqualTo(8);
    assertThat(plan.path("approved").asBoolean()).isTrue();
    assertThat(plan.path("novelty")).hasSize(3);
    assertThat(plan.path("novelty").get(0).has("similarity")).isTrue();
  }

  @Test
  void aPlanNeverApprovedRunsAnywayAndTheReportSaysSo() throws Exception {
    List<ResearchEvent.PlanReady> ready = new CopyOnWriteArrayList<>();
    try (ResearchWorkflow wf =
        builder(Fixtures.Options.defaults().withRejectAlways())
            .listener(
                e -> {
                  if (e instanceof ResearchEvent.PlanReady p) ready.add(p);
                })
            .build()) {
      ResearchResult r = wf.run(1, 4);
      assertThat(r.tasksCompleted()).isEqualTo(3);
    }
    assertThat(ready.getFirst().approved()).isFalse();
    JsonNode plan = Json.readTree(dir.resolve("cycles/1/plan.json"));
    assertThat(plan.path("approved").asBoolean()).isFalse();
    assertThat(plan.path("structuralDrops").get(0).path("taskId").asText()).isEqualTo("c1-t01");
    assertThat(Files.readString(dir.resolve("report/report.md")))
        .contains("The plan of cycle 1 was not approved after one revision and ran anyway");
  }

  @Test
  void aPlanWithNoTasksEndsTheRunCompleteAndAResumePlansThatCycleAgain() throws Exception {
    io.kosmos.api.Agents team = Fixtures.agents(Fixtures.Options.defaults());
    AtomicInteger plannedCycle3 = new AtomicInteger();
    io.kosmos.api.PlanCreator tired =
        new io.kosmos.api.PlanCreator() {
          @Override
          public io.kosmos.api.Plan plan(io.kosmos.api.PlanningContext context) {
            if (context.cycle() < 3) {
              return team.planCreator().plan(context);
            }
            plannedCycle3.incrementAndGet();
            return new io.kosmos.api.Plan(
                context.cycle(), List.of(), "nothing left", context.explorationShare());
          }

          @Override
          public io.kosmos.api.Plan revise(
              io.kosmos.api.PlanningContext context,
              io.kosmos.api.Plan rejected,
              io.kosmos.api.PlanReview review) {
            return rejected;
          }
        };
    io.kosmos.api.Agents agents =
        new io.kosmos.api.Agents(
            team.description(),
            tired,
            team.planReviewer(),
            team.dataAnalyst(),
            team.literatureAnalyst(),
            team.validator(),
            team.reportWriter());
    List<ResearchEvent> events = new CopyOnWriteArrayList<>();
    ResearchResult r;
    try (ResearchWorkflow wf =
        Kosmos.workflow()
            .objective("What drives disease progression in this cohort?")
            .dataset(data)
            .artifactsDir(dir)
            .executor(Fixtures.executor(Duration.ZERO))
            .agents(agents)
            .listener(events::add)
            .build()) {
      r = wf.run(5, 3);
    }
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.cyclesCompleted()).isEqualTo(2);
    assertThat(r.stopReason())
        .isEqualTo(
            "nothing left to investigate after 2 of 5 cycle(s): the plan for cycle 3 has no"
                + " tasks (its rationale: \"nothing left\")");
    assertThat(events).filteredOn(e -> e instanceof ResearchEvent.PlanReady).hasSize(2);
    assertThat(dir.resolve("cycles/3")).doesNotExist();
    assertThat(Json.readTree(dir.resolve("run.json")).path("cyclesCompleted").asInt()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("report/report.md")))
        .contains("nothing left to investigate after 2 of 5 cycle(s)")
        .doesNotContain("was not approved");

    // a resume asks the planner again, which still has nothing: the run stays as it was
    try (ResearchWorkflow wf =
        Kosmos.workflow()
            .objective("What drives disease progression in this cohort?")
            .dataset(data)
            .artifactsDir(dir)
            .executor(Fixtures.executor(Duration.ZERO))
            .agents(agents)
            .build()) {
      r = wf.run(5, 3);
    }
    assertThat(plannedCycle3.get()).isGreaterThanOrEqualTo(2);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.cyclesCompleted()).isEqualTo(2);
  }

  @Test
  void onlyAValidatorThatReadsTheCycleFindingsIsGivenThemAndWaitsForThem() throws Exception {
    for (boolean reads : new boolean[] {true, false}) {
      io.kosmos.api.Agents team = Fixtures.agents(Fixtures.Options.defaults());
      Map<String, Set<String>> seen = new java.util.concurrent.ConcurrentHashMap<>();
      io.kosmos.api.Validator recording =
          new io.kosmos.api.Validator() {
            @Override
            public io.kosmos.api.ValidationResult validate(
                Finding finding, io.kosmos.api.ValidationContext context) {
              Set<String> tasks = new HashSet<>();
              context.cycleFindings().forEach(f -> tasks.add(f.taskId()));
              seen.put(finding.id(), tasks);
              return team.validator().validate(finding, context);
            }

            @Override
            public boolean readsCycleFindings() {
              return reads;
            }
          };
      io.kosmos.api.Agents agents =
          new io.kosmos.api.Agents(
              team.description(),
              team.planCreator(),
              team.planReviewer(),
              team.dataAnalyst(),
              team.literatureAnalyst(),
              recording,
              team.reportWriter());
      Path runDir = tmp.resolve("reads-" + reads);
      try (ResearchWorkflow wf =
          Kosmos.workflow()
              .objective("What drives disease progression in this cohort?")
              .dataset(data)
              .artifactsDir(runDir)
              .executor(Fixtures.executor(Duration.ZERO))
              .agents(agents)
              .build()) {
        assertThat(wf.run(1, 3).status()).isEqualTo(RunStatus.COMPLETED);
      }
      // the cycle's second and third tasks: with the earlier tasks' findings, or their own only
      Set<String> later =
          seen.entrySet().stream()
              .filter(e -> !e.getKey().startsWith("F-c1-t01-"))
              .flatMap(e -> e.getValue().stream())
              .collect(Collectors.toSet());
      assertThat(seen).isNotEmpty();
      if (reads) {
        assertThat(later).contains("c1-t01");
      } else {
        seen.forEach(
            (finding, tasks) ->
                assertThat(tasks)
                    .as("tasks of the findings %s was validated beside", finding)
                    .allMatch(t -> finding.startsWith("F-" + t + "-")));
      }
    }
  }

  @Test
  void synthesisCitingUnknownFindingsIsRemovedAndListed() throws Exception {
    try (ResearchWorkflow wf = builder(Fixtures.Options.defaults().withBogusStatement()).build()) {
      wf.run(1, 3);
      ResearchReport report = wf.report();
      assertThat(report.markdown())
          .contains("**Removed statements.**", "Smoking doubles progression.", "F-c9-t99-1");
      assertThat(report.markdown()).contains("1 synthesis statement(s) were removed");
      assertThat(report.html()).contains("Removed statements");
      JsonNode json = Json.mapper().readTree(report.json());
      assertThat(json.path("removedStatements").get(0).path("text").asText())
          .isEqualTo("Smoking doubles progression.");
      assertThat(json.path("synthesis").toString()).doesNotContain("Smoking");
    }
  }

  @Test
  void theReportBuildFailsWhenAStatementCitesACellThatDoesNotExist() throws Exception {
    try (ResearchWorkflow wf = builder(Fixtures.Options.defaults()).build()) {
      ResearchResult r = wf.run(1, 3);
      Finding f = r.validatedFindings().getFirst();
      Citation.NotebookCell cell = (Citation.NotebookCell) f.citations().getFirst();
      Path nb = dir.resolve(cell.notebookPath());
      String text = Files.readString(nb);
      Files.writeString(nb, text.replace("rho, p = stats.spearmanr", "rho, p = stats.pearsonr"));
      assertThatThrownBy(wf::report)
          .isInstanceOf(ArtifactException.class)
          .hasMessageContaining("cite a cell or a paper that does not exist")
          .hasMessageContaining(f.claim())
          .hasMessageContaining(
              "the code of cell "
                  + cell.cellIndex()
                  + " of "
                  + cell.notebookPath()
                  + " has changed");
      Files.delete(nb);
      assertThatThrownBy(wf::report)
          .isInstanceOf(ArtifactException.class)
          .hasMessageContaining("notebook " + cell.notebookPath() + " does not exist");
    }
  }

  @Test
  void aTaskPastItsTimeLimitFailsAndTheOthersComplete() throws Exception {
    try (ResearchWorkflow wf =
        builder(Fixtures.Options.defaults().withSlowTask("c1-t02"))
            .taskTimeout(Duration.ofMillis(500))
            .build()) {
      ResearchResult r = wf.run(1, 3);
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.tasksFailed()).isEqualTo(1);
    }
    JsonNode failed = Json.readTree(dir.resolve("cycles/1/tasks/c1-t02/result.json"));
    assertThat(failed.path("failure").asText()).contains("ran past its time limit of 500 ms");
  }

  @Test
  void aSandboxFailureIsRetriedWithBackoff() throws Exception {
    FlakyExecutor flaky = new FlakyExecutor(Fixtures.executor(Duration.ZERO), 1);
    try (ResearchWorkflow wf =
        Fixtures.builder(dir, data, flaky, Fixtures.Options.defaults()).build()) {
      ResearchResult r = wf.run(1, 3);
      assertThat(r.tasksCompleted()).isEqualTo(3);
    }
    assertThat(flaky.attempts("c1-t01")).isEqualTo(2);
    assertThat(
            Json.readTree(dir.resolve("cycles/1/tasks/c1-t01/result.json"))
                .path("attempts")
                .asInt())
        .isEqualTo(2);
  }

  @Test
  void aSandboxThatIsDownFailsTheRunWithAReportAndAResumeRedoesTheTasks() throws Exception {
    FlakyExecutor flaky = new FlakyExecutor(Fixtures.executor(Duration.ZERO), 0).down(true);
    try (ResearchWorkflow wf =
        Fixtures.builder(dir, data, flaky, Fixtures.Options.defaults()).build()) {
      assertThatThrownBy(() -> wf.run(2, 3))
          .isInstanceOf(SandboxUnavailableException.class)
          .hasMessageContaining("Docker engine not reachable")
          .hasMessageContaining("fix the sandbox and run again");
    }
    JsonNode run = Json.readTree(dir.resolve("run.json"));
    assertThat(run.path("status").asText()).isEqualTo("FAILED");
    assertThat(run.path("cyclesCompleted").asInt()).isZero();
    assertThat(Files.readString(dir.resolve("report/report.md")))
        .contains("FAILED", "sandbox was unavailable");
    assertThat(
            Json.readTree(dir.resolve("cycles/1/tasks/c1-t01/result.json"))
                .path("retryable")
                .asBoolean())
        .isTrue();

    flaky.down(false);
    try (ResearchWorkflow wf =
        Fixtures.builder(dir, data, flaky, Fixtures.Options.defaults()).build()) {
      ResearchResult r = wf.run(2, 3);
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.tasksFailed()).isZero();
      assertThat(r.findings()).hasSize(6);
    }
  }

  @Test
  void aSpentBudgetStopsTheRunCleanlyWithAReport() throws Exception {
    Budget budget = Budget.ofUsd(0.5);
    io.kosmos.api.Agents base = Fixtures.agents(Fixtures.Options.defaults());
    // an analyst that "calls a model" once per task, at 10 cents a call
    io.kosmos.api.Agents paying =
        new io.kosmos.api.Agents(
            base.description(),
            base.planCreator(),
            base.planReviewer(),
            ctx -> {
              budget.record("analyst", new TokenUsage(1000, 100), 0.10);
              return base.dataAnalyst().analyze(ctx);
            },
            base.literatureAnalyst(),
            base.validator(),
            base.reportWriter());
    try (ResearchWorkflow wf =
        Kosmos.workflow()
            .objective("What drives disease progression in this cohort?")
            .dataset(data)
            .artifactsDir(dir)
            .executor(Fixtures.executor(Duration.ZERO))
            .agents(paying)
            .budget(budget)
            .maxConcurrentTasks(1)
            .build()) {
      ResearchResult r = wf.run(5, 3);
      assertThat(r.status()).isEqualTo(RunStatus.BUDGET_SPENT);
      assertThat(r.stopReason()).contains("the language model budget was spent", "of $0.50");
      assertThat(r.tasksCompleted()).isEqualTo(5);
      assertThat(r.cyclesCompleted()).isEqualTo(1);
      assertThat(r.costUsd()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(r.usage()).isEqualTo(new TokenUsage(5000, 500));
    }
    JsonNode run = Json.readTree(dir.resolve("run.json"));
    assertThat(run.path("costUsd").asDouble())
        .isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(run.path("configuration").path("budgetUsd").asDouble()).isEqualTo(0.5);
    assertThat(Files.readString(dir.resolve("report/report.md")))
        .contains(
            "BUDGET_SPENT",
            "language model budget was spent",
            "5000 input + 500 output tokens, $0.50");
  }

  @Test
  void aBudgetExceptionFromAnAgentStopsTheRunAndAResumeFinishesIt() throws Exception {
    Fixtures.Options options = Fixtures.Options.defaults();
    io.kosmos.api.Agents base = Fixtures.agents(options);
    AtomicInteger analyses = new AtomicInteger();
    io.kosmos.api.Agents broke =
        new io.kosmos.api.Agents(
            base.description(),
            base.planCreator(),
            base.planReviewer(),
            ctx -> {
              if (ctx.cycle() == 2 && analyses.incrementAndGet() >= 2) {
                throw new BudgetExceededException("the run's budget of $1.00 is spent");
              }
              return base.dataAnalyst().analyze(ctx);
            },
            base.literatureAnalyst(),
            base.validator(),
            base.reportWriter());
    try (ResearchWorkflow wf =
        Kosmos.workflow()
            .objective("What drives disease progression in this cohort?")
            .dataset(data)
            .artifactsDir(dir)
            .executor(Fixtures.executor(Duration.ZERO))
            .agents(broke)
            .maxConcurrentTasks(1)
            .build()) {
      ResearchResult r = wf.run(3, 3);
      assertThat(r.status()).isEqualTo(RunStatus.BUDGET_SPENT);
      assertThat(r.cyclesCompleted()).isEqualTo(1);
      assertThat(r.stopReason()).contains("budget of $1.00 is spent");
    }
    assertThat(dir.resolve("cycles/2/tasks/c2-t01/result.json")).exists();
    assertThat(dir.resolve("cycles/2/tasks/c2-t02/result.json")).doesNotExist();
    assertThat(Files.readString(dir.resolve("report/report.md"))).contains("BUDGET_SPENT");

    try (ResearchWorkflow wf = builder(options).build()) {
      ResearchResult r = wf.run(3, 3);
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(ids(r)).isEqualTo(reference(3, 3));
    }
  }

  @Test
  void theRunTimeLimitStopsTheRunWithAReportAndAResumeFinishesIt() throws Exception {
    try (ResearchWorkflow wf =
        Fixtures.builder(
                dir, data, Fixtures.executor(Duration.ofMillis(150)), Fixtures.Options.defaults())
            .maxRunTime(Duration.ofMillis(700))
            .maxConcurrentTasks(2)
            .build()) {
      ResearchResult r = wf.run(4, 3);
      assertThat(r.status()).isEqualTo(RunStatus.TIME_LIMIT);
      assertThat(r.stopReason()).contains("maximum run time of PT0.7S was reached");
      assertThat(r.cyclesCompleted()).isLessThan(4);
    }
    assertThat(Files.readString(dir.resolve("report/report.md")))
        .contains("TIME_LIMIT", "maximum run time");
    try (ResearchWorkflow wf = builder(Fixtures.Options.defaults()).build()) {
      ResearchResult r = wf.run(4, 3);
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(ids(r)).isEqualTo(reference(4, 3));
    }
  }

  @Test
  void cancelStopsAfterTheTasksUnderWay() throws Exception {
    List<ResearchWorkflow> self = new ArrayList<>();
    try (ResearchWorkflow wf =
        Fixtures.builder(
                dir, data, Fixtures.executor(Duration.ofMillis(20)), Fixtures.Options.defaults())
            .maxConcurrentTasks(1)
            .listener(
                e -> {
                  if (e instanceof ResearchEvent.TaskFinished) self.getFirst().cancel();
                })
            .build()) {
      self.add(wf);
      ResearchResult r = wf.run(3, 3);
      assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(r.stopReason()).contains("cancelled by the application");
      assertThat(r.cyclesCompleted()).isZero();
      // the task that finished first, and the next one if it had started (a task gives its
      // slot back before its commit, so the next can start while it is being written)
      assertThat(r.tasksCompleted()).isBetween(1, 2);
      assertThat(r.findings()).hasSize(r.tasksCompleted());
    }
    assertThat(Files.readString(dir.resolve("report/report.md"))).contains("CANCELLED");
    try (ResearchWorkflow wf = builder(Fixtures.Options.defaults()).build()) {
      assertThat(ids(wf.run(3, 3))).isEqualTo(reference(3, 3));
    }
  }

  @Test
  void aResumedRunEqualsAnUninterruptedOne() throws Exception {
    try (ResearchWorkflow wf = builder(Fixtures.Options.defaults()).build()) {
      wf.run(2, 4);
    }
    List<ResearchEvent.RunStarted> started = new CopyOnWriteArrayList<>();
    List<Finding> resumed;
    try (ResearchWorkflow wf =
        builder(Fixtures.Options.defaults())
            .listener(
                e -> {
                  if (e instanceof ResearchEvent.RunStarted s) started.add(s);
                })
            .build()) {
      assertThat(wf.world().findings()).hasSize(8);
      ResearchResult r = wf.run(4, 4);
      resumed = r.findings();
      // calling run again with the same total does nothing new
      ResearchResult again = wf.run(4, 4);
      assertThat(again.findings()).isEqualTo(resumed);
      assertThat(WorldFiles.findingIds(dir.resolve("world"))).containsExactlyElementsOf(ids(r));
    }
    assertThat(started.getFirst().resumed()).isTrue();
    assertThat(started.getFirst().firstCycle()).isEqualTo(3);
    Path other = tmp.resolve("reference");
    try (ResearchWorkflow wf =
        Fixtures.builder(other, data, Fixtures.executor(Duration.ZERO), Fixtures.Options.defaults())
            .build()) {
      List<Finding> straight = wf.run(4, 4).findings();
      assertThat(resumed).hasSameSizeAs(straight);
      for (int i = 0; i < straight.size(); i++) {
        assertThat(resumed.get(i).id()).isEqualTo(straight.get(i).id());
        assertThat(resumed.get(i).classification()).isEqualTo(straight.get(i).classification());
        assertThat(resumed.get(i).statistics()).isEqualTo(straight.get(i).statistics());
        assertThat(resumed.get(i).validation()).isEqualTo(straight.get(i).validation());
      }
    }
    JsonNode run = Json.readTree(dir.resolve("run.json"));
    assertThat(run.path("sessions")).hasSize(3);
  }

  @Test
  void laterCyclesFollowUpAndClassifyAgainstEarlierFindings() throws Exception {
    try (ResearchWorkflow wf = builder(Fixtures.Options.defaults()).build()) {
      ResearchResult r = wf.run(5, 4);
      Set<io.kosmos.api.FindingClass> classes = new HashSet<>();
      r.findings().forEach(f -> classes.add(f.classification()));
      assertThat(classes)
          .contains(io.kosmos.api.FindingClass.NOVEL, io.kosmos.api.FindingClass.CONFIRMATION);
      assertThat(r.findings()).anySatisfy(f -> assertThat(f.statistics().adjustedP()).isNotNull());
      JsonNode plan = Json.readTree(dir.resolve("cycles/5/plan.json"));
      assertThat(plan.path("explorationShare").asDouble()).isEqualTo(0.7);
      int planned = 0;
      for (int c = 1; c <= 5; c++) {
        planned +=
            Json.readTree(dir.resolve("cycles/" + c + "/plan.json"))
                .path("plan")
                .path("tasks")
                .size();
      }
      assertThat(wf.world().triedTasks()).hasSize(planned);
      assertThat(wf.world().relations()).isNotEmpty();
    }
  }

  static List<String> ids(ResearchResult r) {
    return r.findings().stream().map(Finding::id).toList();
  }

  private List<String> reference(int cycles, int tasks) {
    Path other = tmp.resolve("reference-" + cycles + "x" + tasks);
    try (ResearchWorkflow wf =
        Fixtures.builder(other, data, Fixtures.executor(Duration.ZERO), Fixtures.Options.defaults())
            .build()) {
      return ids(wf.run(cycles, tasks));
    }
  }

  @SuppressWarnings("unused")
  private static Map<String, Object> unused() {
    return Map.of();
  }
}
