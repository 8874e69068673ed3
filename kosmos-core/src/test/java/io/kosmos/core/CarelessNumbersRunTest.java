package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.Agents;
import io.kosmos.api.Finding;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.core.fixtures.BhStatisticalValidator;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.core.fixtures.ScriptedScientist;
import io.kosmos.core.http.TransportOptions;
import io.kosmos.core.internal.orchestration.FindingEvidence;
import io.kosmos.core.literature.StaticLiteratureSource;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.llm.OpenAiCompatibleModel;
import io.kosmos.core.llm.PriceTable;
import io.kosmos.core.team.llm.LlmAgents;
import io.kosmos.testing.FaultyModelServer;
import io.kosmos.testing.FaultyModelServer.Fault;
import io.kosmos.testing.MockExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole runs of the language model team against a {@link FaultyModelServer} whose answers are
 * well-formed but careless: statistics typed into the code, claims whose numbers their statistics
 * do not hold, invented columns, effects outside their CI, duplicate findings, report statements
 * with numbers or papers nothing holds; and answers that cannot be read at every call site. No such
 * finding is validated, no such statement reaches the report, each says why, and the runs end.
 */
class CarelessNumbersRunTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String TYPED =
      "rho = 0.912345; p = 1.2e-15\n"
          + "print(f\"RESULT test=Spearman x=bmi y=target rho={rho} p={p} n=300 ci_low=0.9"
          + " ci_high=0.93\")";

  @TempDir Path tmp;
  Path data;
  FaultyModelServer server;
  PrintStream originalErr;
  ByteArrayOutputStream log;

  @BeforeEach
  void setUp() {
    data = Fixtures.dataset(tmp.resolve("data"));
    ScriptedScientist scientist =
        new ScriptedScientist("diabetes.csv", CarelessModelRunTest.PAIRS, CarelessModelRunTest.KEY);
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

  private ResearchWorkflow workflow(Path dir) {
    MockExecutor executor = new MockExecutor();
    executor
        .whenCode(c -> c.contains("rho = 0.912345"))
        .thenOutput(
            "RESULT test=Spearman x=bmi y=target rho=0.912345 p=1.2e-15 n=300 ci_low=0.9"
                + " ci_high=0.93\n");
    CarelessModelRunTest.rules(executor);
    OpenAiCompatibleModel model =
        OpenAiCompatibleModel.builder()
            .apiKey(CarelessModelRunTest.KEY)
            .model("gpt-4.1")
            .baseUrl(server.baseUrl())
            .priceTable(PriceTable.empty().withPrice("gpt-4.1", 2, 8))
            .transport(
                TransportOptions.builder()
                    .maxRetries(3)
                    .jitter(false)
                    .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                    .sleeper(d -> {})
                    .build())
            .build();
    Agents agents =
        LlmAgents.builder(model)
            .budget(Budget.unlimited())
            .statisticalValidator(new BhStatisticalValidator())
            .build();
    return Kosmos.workflow()
        .objective("What drives disease progression in this cohort?")
        .dataset(data)
        .artifactsDir(dir)
        .executor(executor)
        .agents(agents)
        .literatureSource(new StaticLiteratureSource("static", List.of(CarelessModelRunTest.PAPER)))
        .budget(Budget.unlimited())
        .retries(1, Duration.ZERO)
        .build();
  }

  /** An edit of a structured answer (its JSON). */
  static UnaryOperator<String> json(java.util.function.Consumer<ObjectNode> edit) {
    return text -> {
      try {
        ObjectNode root = (ObjectNode) JSON.readTree(text);
        edit.accept(root);
        return root.toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  static java.util.function.Predicate<String> call(String schema, String variables) {
    return body ->
        body.contains("\"" + schema + "\"")
            && (variables == null || body.contains("variables = " + variables));
  }

  private static Map<String, Finding> byId(ResearchResult result) {
    return result.findings().stream().collect(Collectors.toMap(Finding::id, Function.identity()));
  }

  private static String reasons(Finding f) {
    return String.join(" | ", f.validation().reasons());
  }

  @Test
  void typedMismatchedInventedInconsistentAndDuplicateFindingsAreNeverValidated() throws Exception {
    // bmi: the statistics are typed into the cell, and the finding comes three times
    server.injectWhen(
        Fault.content(
            json(
                step -> {
                  if (step.path("code").asText().contains("stats.spearmanr(sub")) {
                    step.put("code", TYPED);
                  }
                })),
        call("cell_step", "bmi,target"),
        20);
    server.injectWhen(
        Fault.content(
            json(
                report -> {
                  ArrayNode findings = (ArrayNode) report.path("findings");
                  ObjectNode typed = (ObjectNode) findings.get(0);
                  findings.insert(1, typed.deepCopy().put("claim", "bmi strongly causes bmi"));
                  findings.insert(2, typed.deepCopy().put("claim", "target is driven by bmi"));
                })),
        call("analysis_report", "bmi,target"),
        1);
    // bp: the claim states numbers its statistics do not hold
    server.injectWhen(
        Fault.content(
            json(
                report ->
                    ((ObjectNode) report.path("findings").get(0))
                        .put(
                            "claim",
                            "bp is positively associated with target (rho=0.42, p=0.049,"
                                + " n=30000)"))),
        call("analysis_report", "bp,target"),
        1);
    // s5: a column nobody has, and a second finding whose effect lies outside its CI
    server.injectWhen(
        Fault.content(
            json(
                report -> {
                  ArrayNode findings = (ArrayNode) report.path("findings");
                  ObjectNode honest = (ObjectNode) findings.get(0);
                  ObjectNode outside = honest.deepCopy();
                  outside.put("claim", "s5 goes with target");
                  ((ObjectNode) outside.path("statistics")).put("ciLow", 0.5).put("ciHigh", 0.6);
                  honest.putArray("variables").add("s5").add("serum_q");
                  findings.add(outside);
                })),
        call("analysis_report", "s5,target"),
        1);
    Path dir = tmp.resolve("run");

    ResearchResult result;
    try (ResearchWorkflow wf = workflow(dir)) {
      result = wf.run(1, 4);
    }

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    Map<String, Finding> f = byId(result);
    assertThat(f)
        .containsOnlyKeys("F-c1-t01-1", "F-c1-t02-1", "F-c1-t03-1", "F-c1-t03-2", "F-c1-t04-1");
    for (String id : List.of("F-c1-t01-1", "F-c1-t02-1", "F-c1-t03-1", "F-c1-t03-2")) {
      assertThat(f.get(id).isValidated()).as(id).isFalse();
      assertThat(FindingEvidence.refused(f.get(id))).as(id).isTrue();
    }
    assertThat(reasons(f.get("F-c1-t01-1")))
        .contains("its effect size 0.912345 was typed into the code of cell")
        .contains("its p value 1.2E-15 was typed");
    assertThat(reasons(f.get("F-c1-t02-1")))
        .contains("its claim states 0.42, 0.049, 30000, which neither its statistics nor");
    assertThat(reasons(f.get("F-c1-t03-1")))
        .contains("its variable 'serum_q' is neither a column of the data nor a name");
    assertThat(reasons(f.get("F-c1-t03-2")))
        .contains("the effect size 0.3 lies outside its own 95% CI [0.5, 0.6]");
    // the literature finding is not touched by the checks
    assertThat(f.get("F-c1-t04-1").isValidated()).isTrue();
    String record = Files.readString(dir.resolve("cycles/1/tasks/c1-t01/result.json"));
    assertThat(record)
        .contains("finding 2 merged into F-c1-t01-1")
        .contains("finding 3 merged into F-c1-t01-1");
    // the reasons reach the user in the report
    String report = Files.readString(dir.resolve("report/report.md"));
    assertThat(report).contains("typed into the code of cell").contains("serum_q");
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("\tat ");
  }

  @Test
  void reportStatementsWithNumbersOrPapersNothingHoldsAreRemovedAndListed() throws Exception {
    server.injectWhen(
        Fault.content(
            json(
                synthesis -> {
                  ArrayNode statements = (ArrayNode) synthesis.path("statements");
                  String id = statements.get(0).path("findingIds").get(0).asText();
                  add(statements, "bmi_sq is the main driver of progression (rho=-0.538).", id);
                  add(statements, "This is as confirmed by doi:10.9999/invented.2020.17.", id);
                  add(statements, "The association holds (rho = 0.30, p = 1e-05, n = 442).", id);
                  add(statements, "It agrees with doi:10.1000/bmi-t2d.", id);
                })),
        call("synthesis_draft", null),
        1);
    Path dir = tmp.resolve("run");

    try (ResearchWorkflow wf = workflow(dir)) {
      assertThat(wf.run(1, 4).status()).isEqualTo(RunStatus.COMPLETED);
    }

    String report = Files.readString(dir.resolve("report/report.md"));
    int removed = report.indexOf("**Removed statements.**");
    assertThat(removed).isPositive();
    String removedPart = report.substring(removed);
    assertThat(removedPart)
        .contains(
            "bmi_sq is the main driver of progression (rho=-0.538). (states -0.538, which no cited"
                + " finding holds")
        .contains(
            "as confirmed by doi:10.9999/invented.2020.17. (names paper(s) the run did not"
                + " retrieve: doi:10.9999/invented.2020.17)");
    String kept = report.substring(0, removed);
    assertThat(kept)
        .contains("The association holds (rho = 0.30, p = 1e-05, n = 442).")
        .contains("It agrees with doi:10.1000/bmi-t2d.")
        .doesNotContain("-0.538")
        .doesNotContain("10.9999");
  }

  private static void add(ArrayNode statements, String text, String findingId) {
    ObjectNode s = statements.addObject().put("text", text);
    s.putArray("findingIds").add(findingId);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plan_draft",
        "review_draft",
        "cell_step",
        "analysis_report",
        "query_plan",
        "literature_report",
        "scholar_eval_scores",
        "synthesis_draft"
      })
  void anAnswerUnreadableTwiceAtAnyCallSiteIsAskedForAgainAndTheRunEndsWell(String schema)
      throws Exception {
    // the first answer and the client's repair round are both cut off: the step is retried
    server.injectWhen(Fault.cutJson(), call(schema, null), 2);
    Path dir = tmp.resolve("run");

    ResearchResult result;
    try (ResearchWorkflow wf = workflow(dir)) {
      result = wf.run(1, 4);
    }

    assertThat(server.injected()).hasSize(2);
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(result.tasksFailed()).isZero();
    assertThat(result.findings()).hasSize(4);
    assertThat(result.findings().stream().filter(Finding::isValidated)).hasSize(4);
    assertThat(Files.readString(dir.resolve("report/report.md"))).contains("Answer");
    // parallel tasks may share the two faults, each then read on the client's second try
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("\tat ");
  }

  @Test
  void aToolCallWhereNoToolIsOfferedGetsARepairRound() throws Exception {
    Stream.of("analysis_report", "plan_draft")
        .forEach(s -> server.injectWhen(Fault.toolCall("run_python"), call(s, null), 1));
    Path dir = tmp.resolve("run");

    ResearchResult result;
    try (ResearchWorkflow wf = workflow(dir)) {
      result = wf.run(1, 4);
    }

    assertThat(server.injected()).hasSize(2);
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(result.tasksFailed()).isZero();
    assertThat(result.findings()).hasSize(4);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("the model called 'run_python' where no tool is offered");
  }
}
