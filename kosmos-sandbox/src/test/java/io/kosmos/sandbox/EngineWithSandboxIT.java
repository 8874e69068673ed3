package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.Citation;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Finding;
import io.kosmos.api.ResearchReport;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.api.SessionOptions;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.core.fixtures.NotebookSamples;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The research engine with the real Docker sandbox: the engine's deterministic test roles (their
 * cells are real pandas, scipy and matplotlib code) run in Jupyter kernels in containers, and the
 * run's artifacts are checked against what the kernels really produced.
 */
class EngineWithSandboxIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @BeforeAll
  static void docker() {
    SandboxRuns.requireDocker();
  }

  @Test
  void aRunWritesExecutedNotebooksRealFiguresAndACitedReport() throws Exception {
    Path data = SandboxRuns.plantedDataset(tmp.resolve("data"));
    Path dir = tmp.resolve("run");
    Path audit = tmp.resolve("audit.jsonl");
    ResearchResult result;
    ResearchReport report;
    try (DockerSandboxExecutor executor = SandboxRuns.executor(tmp.resolve("sandbox"), audit);
        ResearchWorkflow wf =
            Fixtures.builder(dir, data, executor, Fixtures.Options.defaults())
                .maxConcurrentTasks(2)
                .build()) {
      result = wf.run(2, 3);
      report = wf.report();

      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(result.tasksFailed()).isZero();
      assertThat(result.findings()).hasSize(6);

      List<Path> notebooks =
          Fixtures.files(dir, p -> p.getFileName().toString().equals("notebook.ipynb"));
      assertThat(notebooks).hasSize(6);
      // and one with every output kind, errors and a timed-out cell among them
      Path sample = tmp.resolve("sample/every-output-kind.ipynb");
      Files.createDirectories(sample.getParent());
      Files.write(sample, NotebookSamples.everyOutputKind(tmp.resolve("sample")));
      List<Path> checked = new ArrayList<>(notebooks);
      checked.add(sample);
      assertValidNbformat(executor, checked);
    }

    // Every finding cites a code cell whose saved source hashes to the citation's hash, whose
    // outputs hold the statistics the finding reports, and whose figure is a real PNG.
    Set<String> executedHashes = auditedCodeHashes(audit);
    for (Finding finding : result.findings()) {
      Citation.NotebookCell cell = (Citation.NotebookCell) finding.citations().getFirst();
      JsonNode saved = cell(dir.resolve(cell.notebookPath()), cell.cellIndex());
      String source = text(saved.path("source"));
      assertThat(sha256(source)).isEqualTo(cell.codeSha256());
      assertThat(executedHashes).as("the audit log has the cited cell").contains(cell.codeSha256());
      String printed = text(saved.path("outputs").get(0).path("text"));
      assertThat(printed).contains("n=" + finding.statistics().n());
      assertThat(finding.figures()).isNotEmpty();
      byte[] png = Files.readAllBytes(dir.resolve(finding.figures().getFirst()));
      assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }

    // The report cites every key finding by its cell, and the cells exist.
    assertThat(result.findings()).allMatch(f -> f.validation() != null && f.validation().passed());
    assertThat(report.markdown()).contains("c1-t01#").contains("c2-t03#");
    assertThat(dir.resolve("report/report.html")).exists();
    assertThat(report.html()).contains("data:image/png;base64,");
    assertThat(SandboxRuns.containersUnder(tmp.resolve("sandbox"))).isEmpty();
  }

  @Test
  void aKilledRunResumesWithTheRealSandbox() throws Exception {
    Path data = SandboxRuns.plantedDataset(tmp.resolve("data"));
    Path dir = tmp.resolve("run");
    Path sandboxRoot = tmp.resolve("sandbox");
    int cycles = 2;
    int tasks = 4;

    Process child = fork(dir, data, sandboxRoot, cycles, tasks);
    awaitLine(child, "started");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (child.isAlive() && results(dir) < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(child.isAlive()).as("the child was still running when it was killed").isTrue();
    int committedBeforeKill = results(dir);
    child.destroyForcibly();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    // The killed JVM leaves its containers behind ...
    List<String> leftovers = SandboxRuns.containersUnder(sandboxRoot);
    assertThat(leftovers).isNotEmpty();

    ResearchResult resumed;
    try (DockerSandboxExecutor executor =
            SandboxRuns.executor(sandboxRoot, tmp.resolve("audit-resume.jsonl"));
        ResearchWorkflow wf =
            Fixtures.builder(dir, data, executor, Fixtures.Options.defaults())
                .maxConcurrentTasks(2)
                .build()) {
      // ... and the next executor's reaper removes them when it starts.
      assertThat(SandboxRuns.containersUnder(sandboxRoot)).doesNotContainAnyElementsOf(leftovers);
      resumed = wf.run(cycles, tasks);
    }

    assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
    List<String> ids = resumed.findings().stream().map(Finding::id).toList();
    assertThat(new HashSet<>(ids)).as("no duplicates").hasSize(ids.size());
    // The test analyst gives one finding per task: every planned task has exactly one.
    Set<String> expected = new HashSet<>();
    for (int c = 1; c <= cycles; c++) {
      for (int t = 1; t <= tasks; t++) {
        expected.add(String.format("F-c%d-t%02d-1", c, t));
      }
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(results(dir)).isEqualTo(cycles * tasks);
    assertThat(committedBeforeKill).isLessThan(cycles * tasks);
    assertThat(SandboxRuns.containersUnder(sandboxRoot)).as("nothing left behind").isEmpty();
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Validates the notebooks with the real nbformat package, inside a sandbox kernel. */
  private static void assertValidNbformat(DockerSandboxExecutor executor, List<Path> notebooks)
      throws Exception {
    try (ExecutionSession session =
        executor.openSession(SessionOptions.builder().taskId("nbformat-check").build())) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < notebooks.size(); i++) {
        String name = "check/nb" + i + ".ipynb";
        session.upload(name, Files.readAllBytes(notebooks.get(i)));
        names.add("'" + name + "'");
      }
      ExecutionResult r =
          session.execute(
              """
              import nbformat
              for name in [%s]:
                  nb = nbformat.read(name, as_version=4)
                  nbformat.validate(nb)
                  print("valid", name, nb.nbformat, nb.nbformat_minor, len(nb.cells))
              """
                  .formatted(String.join(", ", names)),
              Duration.ofMinutes(2));
      assertThat(r.isOk()).as(r.errorOutput().map(e -> e.plainTraceback()).orElse("")).isTrue();
      assertThat(r.stdout().lines().filter(l -> l.startsWith("valid "))).hasSize(notebooks.size());
    }
  }

  private static JsonNode cell(Path notebook, int index) throws Exception {
    return JSON.readTree(notebook.toFile()).path("cells").get(index);
  }

  private static String text(JsonNode node) {
    if (node.isArray()) {
      StringBuilder sb = new StringBuilder();
      node.forEach(n -> sb.append(n.asText()));
      return sb.toString();
    }
    return node.asText();
  }

  private static String sha256(String text) throws Exception {
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(text.getBytes(StandardCharsets.UTF_8));
    return java.util.HexFormat.of().formatHex(digest);
  }

  private static Set<String> auditedCodeHashes(Path audit) throws Exception {
    return Files.readAllLines(audit).stream()
        .map(
            line -> {
              try {
                return JSON.readTree(line).path("codeSha256").asText();
              } catch (Exception e) {
                throw new AssertionError("bad audit line: " + line, e);
              }
            })
        .collect(Collectors.toSet());
  }

  private static int results(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try {
      return Fixtures.files(dir, p -> p.getFileName().toString().equals("result.json")).size();
    } catch (java.io.UncheckedIOException e) {
      return 0;
    }
  }

  private static Process fork(Path dir, Path data, Path sandboxRoot, int cycles, int tasks)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            SandboxKillMain.class.getName(),
            dir.toString(),
            data.toString(),
            sandboxRoot.toString(),
            Integer.toString(cycles),
            Integer.toString(tasks));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static void awaitLine(Process child, String expected) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.equals(expected)) {
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> {}));
        return;
      }
      seen.add(line);
    }
    throw new AssertionError("the child ended before '" + expected + "': " + seen);
  }
}
