package io.kosmos.core.team.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.Agents;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.Paper;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.core.Kosmos;
import io.kosmos.core.SecretScanner;
import io.kosmos.core.fixtures.BhStatisticalValidator;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.core.fixtures.RunChecks;
import io.kosmos.core.fixtures.ScriptedScientist;
import io.kosmos.core.http.TransportOptions;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.report.ReportModel;
import io.kosmos.core.literature.StaticLiteratureSource;
import io.kosmos.core.llm.AnthropicModel;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.llm.LanguageModels;
import io.kosmos.core.llm.OpenAiCompatibleModel;
import io.kosmos.core.llm.ReplayModel;
import io.kosmos.testing.MockExecutor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs of the language model agents through the real HTTP clients, against a scripted model
 * server speaking the providers' wire formats, with the engine and a {@link MockExecutor} that
 * answers the analyst's Python (the run with the real sandbox is {@code LlmRunIT} in
 * kosmos-examples). Each run ends in a report whose every statement cites an existing cell or
 * paper, holds no key anywhere, and replays from its recording with no server.
 */
class LlmRunTest {

  static final String KEY = "sk-ant-test-LLMRUN-0123456789abcdefghijklmn";
  static final String OPENAI_KEY = "sk-proj-LLMRUN-0123456789abcdefghijklmnop";
  static final List<String[]> PAIRS =
      List.of(
          new String[] {"bmi", "target"},
          new String[] {"bp", "target"},
          new String[] {"s5", "target"},
          new String[] {"age", "target"},
          new String[] {"s1", "target"},
          new String[] {"sex", "target"});
  static final Paper PAPER =
      new Paper(
          "doi:10.1000/bmi-t2d",
          "10.1000/bmi-t2d",
          "Body mass index and progression of type 2 diabetes",
          List.of("A. Author"),
          2020,
          "Higher body mass index was associated with faster progression of type 2 diabetes in"
              + " a cohort of 10,000 adults followed for eight years.",
          null,
          "static");

  @TempDir Path tmp;
  Path data;
  MockWebServer server;
  PrintStream originalErr;
  ByteArrayOutputStream log;

  @BeforeEach
  void setUp() throws Exception {
    data = Fixtures.dataset(tmp.resolve("data"));
    server = new MockWebServer();
    server.start();
    originalErr = System.err;
    log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void tearDown() throws Exception {
    System.setErr(originalErr);
    server.close();
  }

  /**
   * Answers the scripted analyst's Python as the sandbox would, with made-up but stable numbers.
   */
  static MockExecutor executor() {
    Pattern xy = Pattern.compile("x=(\\w+) y=(\\w+)");
    MockExecutor e = new MockExecutor();
    e.whenCode(c -> c.contains("df.describe()"))
        .thenOutput(
            "shape (442, 11)\nage       float64\nbmi       float64\ntarget    float64\nmissing 0\n");
    e.whenCode(c -> c.contains("stats.spearmanr") && !c.contains("from scipy import stats"))
        .thenError("NameError", "name 'stats' is not defined");
    e.whenCode(c -> c.contains("RESULT test=Spearman"))
        .thenAnswer(
            r -> {
              Matcher m = xy.matcher(r.code());
              m.find();
              int h = Math.abs((m.group(1) + m.group(2)).hashCode());
              double rho = ((h % 1000) / 1000.0 - 0.5) * 0.8;
              double p = m.group(1).equals("sex") ? 0.41 : Math.pow(10, -(1 + h % 9));
              return MockExecutor.stdout(
                  String.format(
                      Locale.ROOT,
                      "RESULT test=Spearman x=%s y=%s rho=%.6g p=%.6g n=442 ci_low=%.6g ci_high=%.6g%n",
                      m.group(1),
                      m.group(2),
                      rho,
                      p,
                      rho - 0.09,
                      rho + 0.09));
            });
    return e;
  }

  private ResearchWorkflow workflow(
      Path dir, LanguageModel model, Budget budget, MockExecutor executor) {
    Agents agents =
        LlmAgents.builder(model)
            .budget(budget)
            .statisticalValidator(new BhStatisticalValidator())
            .build();
    return Kosmos.workflow()
        .objective("What drives disease progression in this cohort?")
        .dataset(data)
        .artifactsDir(dir)
        .executor(executor)
        .agents(agents)
        .literatureSource(new StaticLiteratureSource("static", List.of(PAPER)))
        .budget(budget)
        .retries(1, Duration.ZERO)
        .build();
  }

  private LanguageModel anthropic(String key) {
    return AnthropicModel.builder()
        .apiKey(key)
        .model("claude-sonnet-4-5")
        .baseUrl(server.url("/").toString())
        .transport(TransportOptions.builder().maxRetries(0).sleeper(d -> {}).build())
        .build();
  }

  @Test
  void aWholeRunOnTheAnthropicWireFormatRecordedThenReplayedWithNoServer() throws Exception {
    ScriptedScientist scientist = new ScriptedScientist("diabetes.csv", PAIRS, KEY);
    server.setDispatcher(scientist.anthropic());
    Path dir = tmp.resolve("run");
    Path recording = tmp.resolve("recording/llm.jsonl");
    Files.createDirectories(recording.getParent());
    Budget budget = Budget.ofUsd(50);
    ResearchResult result;
    List<Finding> findings;
    try (ResearchWorkflow wf =
        workflow(dir, LanguageModels.recording(anthropic(KEY), recording), budget, executor())) {
      result = wf.run(2, 4);
      findings = wf.world().findings();

      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(result.cyclesCompleted()).isEqualTo(2);
      assertThat(result.tasksFailed()).isZero();
      assertThat(findings).hasSize(7);
      assertThat(findings.stream().filter(f -> f.kind() == FindingKind.LITERATURE)).hasSize(1);
      int cells = RunChecks.assertEveryStatementCitesAnExistingCell(dir, wf.world());
      assertThat(cells).isGreaterThan(6);
      assertThat(wf.world().note("profile:diabetes.csv"))
          .hasValueSatisfying(p -> assertThat(p).contains("shape (442, 11)"));
    }

    // the first analysis: an error, then the fix; the finding cites the fix; the bogus one refused
    JsonNode t1 = Json.readTree(dir.resolve("cycles/1/tasks/c1-t01/result.json"));
    assertThat(t1.path("summary").asText())
        .contains("Refused 1 finding(s)")
        .contains("it cites cell 99, which does not exist");
    JsonNode nb = Json.readTree(dir.resolve("cycles/1/tasks/c1-t01/notebook.ipynb"));
    assertThat(nb.path("cells").path(2).path("outputs").path(0).path("output_type").asText())
        .isEqualTo("error");
    Finding bmi = findings.getFirst();
    assertThat(bmi.claim()).startsWith("bmi is");
    assertThat(bmi.citations()).hasSize(1);
    assertThat(bmi.citations().getFirst().label()).isEqualTo("c1-t01#3");
    assertThat(bmi.hypothesisId()).isEqualTo("H-c1-t01-1");
    assertThat(bmi.validation().validator()).isEqualTo("statistical+scholar-eval");
    // the second cycle's analyses were planned and run with the profile the first one left
    assertThat(dir.resolve("cycles/2/tasks/c2-t01/notebook.ipynb")).exists();
    // the null result (sex) fails validation and the report says so
    Finding sex =
        findings.stream().filter(f -> f.variables().contains("sex")).findFirst().orElseThrow();
    assertThat(sex.isValidated()).isFalse();
    assertThat(sex.validation().reasons()).anyMatch(r -> r.startsWith("[statistical] p"));
    // Benjamini–Hochberg reached the findings through the combined validator
    assertThat(findings.stream().filter(f -> f.statistics() != null))
        .allMatch(f -> f.statistics().adjustedP() != null);

    JsonNode run = Json.readTree(dir.resolve("run.json"));
    assertThat(run.path("agents").asText())
        .isEqualTo(
            "language model agents (anthropic claude-sonnet-4-5; prompts v2; validator"
                + " statistical+scholar-eval)");
    assertThat(run.path("costUsd").asDouble()).isGreaterThan(0);
    assertThat(run.path("usage").path("inputTokens").asLong()).isGreaterThan(0);
    assertThat(result.costUsd()).isEqualTo(budget.snapshot().total().costUsd());

    ReportModel report = RunChecks.report(dir);
    assertThat(report.synthesis()).hasSizeGreaterThan(1);
    assertThat(report.removedStatements())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.text()).isEqualTo("Therefore obesity causes diabetes progression.");
              assertThat(r.reason()).contains("(none)");
            });
    String md = Files.readString(dir.resolve("report/report.md"));
    assertThat(md)
        .contains("**Produced by** language model agents (anthropic claude-sonnet-4-5; prompts v2")
        .contains("Removed statements")
        .contains("Therefore obesity causes diabetes progression.")
        .containsPattern("\\d+ input \\+ \\d+ output tokens, \\$0\\.\\d+");

    assertThat(scientist.count("plan_draft")).isEqualTo(2);
    assertThat(scientist.count("review_draft")).isEqualTo(2);
    assertThat(scientist.count("analysis_report")).isEqualTo(6);
    assertThat(scientist.count("scholar_eval_scores")).isEqualTo(7);
    assertThat(scientist.count("synthesis_draft")).isEqualTo(1);
    assertThat(budget.snapshot().byPurpose())
        .containsKeys(
            "plan",
            "plan-review",
            "analysis-step",
            "analysis-findings",
            "literature-queries",
            "literature-findings",
            "validation",
            "report");

    keep(dir);

    // secrets: nowhere in the artifacts, the recording or the log
    // the log was captured (the refusal is logged), and holds no key
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("refused 1 finding(s)");
    Path logFile = tmp.resolve("logs/run.log");
    Files.createDirectories(logFile.getParent());
    Files.write(logFile, log.toByteArray());
    SecretScanner.assertNoSecrets(dir, List.of(KEY));
    SecretScanner.assertNoSecrets(recording.getParent(), List.of(KEY));
    SecretScanner.assertNoSecrets(logFile.getParent(), List.of(KEY));

    // replay: no server, the same findings
    server.close();
    Path replayDir = tmp.resolve("replay");
    try (ResearchWorkflow wf =
        workflow(replayDir, ReplayModel.load(recording), Budget.ofUsd(50), executor())) {
      ResearchResult replayed = wf.run(2, 4);
      assertThat(replayed.status()).isEqualTo(RunStatus.COMPLETED);
      List<Finding> again = wf.world().findings();
      assertThat(again).hasSameSizeAs(findings);
      for (int i = 0; i < findings.size(); i++) {
        Finding a = findings.get(i);
        Finding b = again.get(i);
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.claim()).isEqualTo(a.claim());
        assertThat(b.statistics()).isEqualTo(a.statistics());
        assertThat(b.validation()).isEqualTo(a.validation());
        assertThat(b.classification()).isEqualTo(a.classification());
      }
      assertThat(RunChecks.report(replayDir).synthesis()).isEqualTo(report.synthesis());
    }
  }

  /** With -Dkosmos.test.keep=DIR, copies a run there to read it. */
  static void keep(Path dir) throws java.io.IOException {
    String keep = System.getProperty("kosmos.test.keep");
    if (keep == null) {
      return;
    }
    Path target = Path.of(keep);
    try (var files = Files.walk(dir)) {
      for (Path p : files.toList()) {
        Path to = target.resolve(dir.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  @Test
  void aWholeRunOnTheOpenAiWireFormat() throws Exception {
    ScriptedScientist scientist = new ScriptedScientist("diabetes.csv", PAIRS, OPENAI_KEY);
    server.setDispatcher(scientist.openAi());
    LanguageModel model =
        OpenAiCompatibleModel.builder()
            .apiKey(OPENAI_KEY)
            .model("gpt-4.1")
            .baseUrl(server.url("/v1").toString())
            .transport(TransportOptions.builder().maxRetries(0).sleeper(d -> {}).build())
            .build();
    Path dir = tmp.resolve("openai");
    try (ResearchWorkflow wf = workflow(dir, model, Budget.unlimited(), executor())) {
      ResearchResult result = wf.run(1, 4);
      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(result.findings()).hasSize(4);
      RunChecks.assertEveryStatementCitesAnExistingCell(dir, wf.world());
    }
    assertThat(Json.readTree(dir.resolve("run.json")).path("agents").asText())
        .startsWith("language model agents (openai gpt-4.1; prompts v2;");
    // every schema of the agents qualifies for OpenAI's strict structured outputs
    assertThat(scientist.count("(not strict)")).isZero();
    assertThat(scientist.count("cell_step")).isGreaterThan(3);
    SecretScanner.assertNoSecrets(dir, List.of(OPENAI_KEY));
  }

  @Test
  void aRejectedKeyStopsTheRunAtOnceNamingTheVariable() throws Exception {
    server.setDispatcher(new ScriptedScientist("diabetes.csv", PAIRS, KEY).anthropic());
    String wrong = "sk-ant-test-WRONG-0123456789abcdefghijklmnop";
    Path dir = tmp.resolve("wrong-key");
    try (ResearchWorkflow wf = workflow(dir, anthropic(wrong), Budget.unlimited(), executor())) {
      assertThatThrownBy(() -> wf.run(2, 4))
          .isInstanceOf(ModelAuthenticationException.class)
          .hasMessageContaining("Anthropic")
          .hasMessageContaining("ANTHROPIC_API_KEY");
    }
    JsonNode run = Json.readTree(dir.resolve("run.json"));
    assertThat(run.path("status").asText()).isEqualTo("FAILED");
    assertThat(run.path("stopReason").asText()).contains("ANTHROPIC_API_KEY");
    assertThat(server.getRequestCount()).isEqualTo(1);
    Path logFile = tmp.resolve("logs-wrong/run.log");
    Files.createDirectories(logFile.getParent());
    Files.write(logFile, log.toByteArray());
    SecretScanner.assertNoSecrets(dir, List.of(wrong, KEY));
    SecretScanner.assertNoSecrets(logFile.getParent(), List.of(wrong, KEY));
  }
}
