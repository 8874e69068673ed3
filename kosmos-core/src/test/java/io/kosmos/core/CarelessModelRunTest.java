package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.Agents;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.Paper;
import io.kosmos.api.ResearchEvent;
import io.kosmos.api.ResearchListener;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.core.fixtures.BhStatisticalValidator;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.core.fixtures.ScriptedScientist;
import io.kosmos.core.http.TransportOptions;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.literature.StaticLiteratureSource;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.llm.OpenAiCompatibleModel;
import io.kosmos.core.llm.PriceTable;
import io.kosmos.core.team.llm.LlmAgents;
import io.kosmos.testing.FaultyModelServer;
import io.kosmos.testing.FaultyModelServer.Fault;
import io.kosmos.testing.MockExecutor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole runs of the language model team through the OpenAI-compatible client against a {@link
 * FaultyModelServer}: one class of fault per test, each ending with a report, {@code run.json} not
 * left RUNNING, no stack trace on stderr, and usage that is counted and binds a budget.
 */
class CarelessModelRunTest {

  static final String KEY = "sk-proj-CARELESS-0123456789abcdefghijklmnop";
  static final List<String[]> PAIRS =
      List.of(
          new String[] {"bmi", "target"},
          new String[] {"bp", "target"},
          new String[] {"s5", "target"},
          new String[] {"age", "target"});
  static final Paper PAPER =
      new Paper(
          "doi:10.1000/bmi-t2d",
          "10.1000/bmi-t2d",
          "Body mass index and progression of type 2 diabetes",
          List.of("A. Author"),
          2020,
          "Higher body mass index was associated with faster progression of type 2 diabetes.",
          null,
          "static");

  @TempDir Path tmp;
  Path data;
  FaultyModelServer server;
  ScriptedScientist scientist;
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  PrintStream originalErr;
  ByteArrayOutputStream log;

  @BeforeEach
  void setUp() throws Exception {
    data = Fixtures.dataset(tmp.resolve("data"));
    scientist = new ScriptedScientist("diabetes.csv", PAIRS, KEY);
    server = FaultyModelServer.start(scientist.openAi());
    originalErr = System.err;
    log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void tearDown() {
    System.setErr(originalErr);
    server.close();
  }

  /** Answers the scientist's Python as the sandbox would. */
  static MockExecutor executor() {
    return rules(new MockExecutor());
  }

  /** Adds the rules that answer the scientist's Python to an executor. */
  static MockExecutor rules(MockExecutor e) {
    Pattern xy = Pattern.compile("x=(\\w+) y=(\\w+)");
    e.whenCode(c -> c.contains("df.describe()"))
        .thenOutput("shape (442, 11)\nage       float64\nbmi       float64\ntarget    float64\n");
    e.whenCode(c -> c.contains("stats.spearmanr") && !c.contains("from scipy import stats"))
        .thenError("NameError", "name 'stats' is not defined");
    e.whenCode(c -> c.contains("RESULT test=Spearman"))
        .thenAnswer(
            r -> {
              Matcher m = xy.matcher(r.code());
              m.find();
              return MockExecutor.stdout(
                  String.format(
                      Locale.ROOT,
                      "RESULT test=Spearman x=%s y=%s rho=%.6g p=%.6g n=442 ci_low=%.6g"
                          + " ci_high=%.6g%n",
                      m.group(1),
                      m.group(2),
                      0.3,
                      1e-5,
                      0.21,
                      0.39));
            });
    return e;
  }

  private LanguageModel model() {
    return OpenAiCompatibleModel.builder()
        .apiKey(KEY)
        .model("gpt-4.1")
        .baseUrl(server.baseUrl())
        .priceTable(PriceTable.empty().withPrice("gpt-4.1", 2, 8))
        .transport(
            TransportOptions.builder()
                .maxRetries(3)
                .jitter(false)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .sleeper(sleeps::add)
                .build())
        .build();
  }

  private ResearchWorkflow workflow(Path dir, Budget budget, ResearchListener... listeners) {
    Agents agents =
        LlmAgents.builder(model())
            .budget(budget)
            .statisticalValidator(new BhStatisticalValidator())
            .build();
    WorkflowBuilder b =
        Kosmos.workflow()
            .objective("What drives disease progression in this cohort?")
            .dataset(data)
            .artifactsDir(dir)
            .executor(executor())
            .agents(agents)
            .literatureSource(new StaticLiteratureSource("static", List.of(PAPER)))
            .budget(budget)
            .retries(1, Duration.ZERO);
    for (ResearchListener l : listeners) {
      b.listener(l);
    }
    return b.build();
  }

  /** What every run must leave, whatever the model did. */
  private JsonNode assertEndedCleanly(Path dir, RunStatus expected) throws Exception {
    JsonNode run = Json.readTree(dir.resolve("run.json"));
    assertThat(run.path("status").asText()).isEqualTo(expected.name());
    assertThat(dir.resolve("report/report.md")).exists();
    assertThat(Files.readString(dir.resolve("report/report.md"))).contains(expected.name());
    String err = log.toString(StandardCharsets.UTF_8);
    assertThat(err).doesNotContain("\tat ").doesNotContain("Exception:");
    assertThat(err).doesNotContain(KEY);
    SecretScanner.assertNoSecrets(dir, List.of(KEY));
    return run;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"prompt_tokens\": 9223372036854775807, \"completion_tokens\": 1e30}",
        "{\"prompt_tokens\": -12, \"completion_tokens\": -3}",
        "{\"prompt_tokens\": \"1200\", \"completion_tokens\": 4.5}",
        "\"lots\""
      })
  void usageThatCannotBeCountedNeverBreaksARunAndIsEstimated(String usage) throws Exception {
    server.inject(Fault.usage(usage));
    Path dir = tmp.resolve("run");
    Budget budget = Budget.unlimited();

    try (ResearchWorkflow wf = workflow(dir, budget)) {
      ResearchResult result = wf.run(1, 4);

      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(result.findings()).hasSize(4);
      assertThat(result.usage().estimated()).isTrue();
      // estimates from the bytes: thousands of tokens for a run, not 1e19
      assertThat(result.usage().total()).isBetween(1_000L, 10_000_000L);
      assertThat(result.costUsd()).isBetween(0.0001, 100.0);
    }
    JsonNode run = assertEndedCleanly(dir, RunStatus.COMPLETED);
    assertThat(run.path("usage").path("estimated").asBoolean()).isTrue();
    assertThat(budget.snapshot().total().estimatedCalls())
        .isEqualTo(budget.snapshot().total().calls());
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("reported token usage that cannot be counted");
  }

  @Test
  void missingUsageStillBindsATokenBudget() throws Exception {
    server.inject(Fault.missingUsage());
    Path dir = tmp.resolve("run");
    Budget budget = Budget.ofTokens(15_000);

    try (ResearchWorkflow wf = workflow(dir, budget)) {
      ResearchResult result = wf.run(2, 4);

      assertThat(result.status()).isEqualTo(RunStatus.BUDGET_SPENT);
      assertThat(result.stopReason()).contains("tokens").contains("estimated");
    }
    assertEndedCleanly(dir, RunStatus.BUDGET_SPENT);
    Budget.Totals spent = budget.snapshot().total();
    assertThat(spent.tokens()).isGreaterThanOrEqualTo(15_000);
    // calls in flight when it ran out may overshoot, but not by a run's worth
    assertThat(spent.tokens()).isLessThan(60_000);
  }

  @Test
  void rateLimitsAndServerErrorsAreRetriedHonouringRetryAfter() throws Exception {
    server.inject(Fault.status(429, Duration.ofSeconds(7)), 2);
    server.inject(Fault.status(503, Duration.ofSeconds(3)), 1);
    server.injectWhen(Fault.status(500, null), body -> body.contains("\"cell_step\""), 1);
    Path dir = tmp.resolve("run");

    try (ResearchWorkflow wf = workflow(dir, Budget.unlimited())) {
      ResearchResult result = wf.run(1, 4);

      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(result.findings()).hasSize(4);
      assertThat(result.usage().estimated()).isFalse();
    }
    assertEndedCleanly(dir, RunStatus.COMPLETED);
    assertThat(server.injected()).hasSize(4);
    assertThat(sleeps).contains(Duration.ofSeconds(7), Duration.ofSeconds(3));
  }

  @Test
  void cutJsonAndHtmlPagesAreAskedForAgainAndCounted() throws Exception {
    server.injectWhen(Fault.cutJson(), body -> body.contains("\"plan_draft\""), 1);
    // two HTML pages for two calls: the same call asked for again is not sent a second one
    // (both pages on one call fail it; a budget counts that too: BudgetedModelTest)
    Set<String> paged = ConcurrentHashMap.newKeySet();
    server.injectWhen(Fault.html(), body -> body.contains("\"cell_step\"") && paged.add(body), 2);
    Path dir = tmp.resolve("run");
    Budget budget = Budget.unlimited();

    try (ResearchWorkflow wf = workflow(dir, budget)) {
      ResearchResult result = wf.run(1, 4);

      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(result.findings()).hasSize(4);
      assertThat(result.tasksFailed()).isZero();
    }
    assertEndedCleanly(dir, RunStatus.COMPLETED);
    assertThat(server.injected()).hasSize(3);
    assertThat(budget.snapshot().total().estimatedCalls()).isEqualTo(3);
  }

  @Test
  void usageIsSavedAfterEveryCallAndAResumedRunKeepsIt() throws Exception {
    Path dir = tmp.resolve("run");
    List<Long> savedWhileRunning = new ArrayList<>();
    ResearchListener watcher =
        event -> {
          if (event instanceof ResearchEvent.TaskFinished && savedWhileRunning.isEmpty()) {
            JsonNode usage = Json.readTree(dir.resolve("usage.json")).path("usage");
            JsonNode run = Json.readTree(dir.resolve("run.json")).path("usage");
            savedWhileRunning.add(usage.path("inputTokens").asLong());
            savedWhileRunning.add(run.path("inputTokens").asLong());
          }
        };
    try (ResearchWorkflow wf = workflow(dir, Budget.unlimited(), watcher)) {
      assertThat(wf.run(1, 4).status()).isEqualTo(RunStatus.COMPLETED);
    }
    // mid-cycle, usage.json had the calls made so far; run.json only gets them at cycle end
    assertThat(savedWhileRunning.get(0)).isPositive();
    assertThat(savedWhileRunning.get(1)).isZero();

    // a process killed before run.json was rewritten: its totals are behind usage.json's
    long saved =
        Json.readTree(dir.resolve("usage.json")).path("usage").path("inputTokens").asLong();
    ObjectNode run = (ObjectNode) Json.readTree(dir.resolve("run.json"));
    ((ObjectNode) run.path("usage")).put("inputTokens", 0).put("outputTokens", 0);
    Files.writeString(dir.resolve("run.json"), run.toString());

    try (ResearchWorkflow wf = workflow(dir, Budget.unlimited())) {
      ResearchResult resumed = wf.run(2, 4);
      assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(resumed.usage().inputTokens()).isGreaterThan(saved);
    }
  }
}
