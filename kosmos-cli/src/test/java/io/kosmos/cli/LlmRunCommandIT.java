package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.core.Kosmos;
import io.kosmos.core.SecretScanner;
import io.kosmos.core.fixtures.RunChecks;
import io.kosmos.core.fixtures.ScriptedScientist;
import io.kosmos.core.team.offline.OfflineScientist;
import io.kosmos.sandbox.SandboxConfig;
import io.kosmos.sandbox.SandboxDiagnosis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kosmos run} and {@code kosmos resume} on the language model path, in the real sandbox,
 * with the model configured by the environment only (as a user would) and served by a scripted
 * model server in the Anthropic wire format on loopback. A wrong key stops the run at once with a
 * message naming the provider and the variable to fix; resuming with no model configured is
 * refused; resuming with the right key finishes the run with the language model agents, the
 * statistical validator combined with ScholarEval, and a report that says so and cites a cell for
 * every statement. No key reaches the output or the run directory.
 *
 * <p>Needs Docker and the executor image; without them it fails with the fix, it does not skip.
 */
class LlmRunCommandIT {

  /** The example data that ships with the project (kosmos-examples/data). */
  private static final Path EXAMPLE_DATA =
      Path.of(System.getProperty("kosmos.examples.data", "../kosmos-examples/data"))
          .resolve("diabetes.csv")
          .toAbsolutePath();

  static final String KEY = "sk-ant-test-RUNCOMMANDIT-0123456789abcdefghijkl";
  static final String WRONG_KEY = "sk-ant-test-WRONGKEY-9876543210zyxwvutsrqpo";
  static final String TEAM =
      "language model agents (anthropic claude-sonnet-4-5; prompts v2; validator"
          + " statistical+scholar-eval)";
  static final String OBJECTIVE = "What drives disease progression in this cohort?";
  static final List<String[]> PAIRS =
      List.of(
          new String[] {"bmi", "disease_progression"},
          new String[] {"blood_pressure", "disease_progression"},
          new String[] {"sex", "disease_progression"});

  @TempDir Path tmp;

  private record Outcome(int code, String out, String err) {}

  private static Outcome kosmos(Map<String, String> env, String... args) {
    CommandLine cli = KosmosCli.newCommandLine(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    Outcome o = new Outcome(code, out.toString(), err.toString());
    System.out.println(o.out() + o.err());
    return o;
  }

  @Test
  void aWrongKeyStopsTheRunAtOnceAndTheRightKeyResumesItWithTheLanguageModelAgents()
      throws Exception {
    SandboxDiagnosis d = SandboxDiagnosis.of(SandboxConfig.defaults());
    if (!d.ready()) {
      throw new SandboxUnavailableException(
          "LlmRunCommandIT needs a Docker engine and the executor image: "
              + d.problem()
              + "; fix: "
              + d.fix());
    }
    Path data = EXAMPLE_DATA;
    Path dir = tmp.resolve("run");
    ScriptedScientist scientist = new ScriptedScientist("diabetes.csv", PAIRS, KEY);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(scientist.anthropic());
      server.start();
      String url = server.url("/").toString();

      // a wrong key: the first call (the plan) is refused, and nothing else is asked
      Outcome failed =
          kosmos(
              Map.of("ANTHROPIC_API_KEY", WRONG_KEY, "ANTHROPIC_BASE_URL", url),
              "run",
              "--data",
              data.toString(),
              "--objective",
              OBJECTIVE,
              "--cycles",
              "1",
              "--tasks",
              "3",
              "--concurrency",
              "2",
              "--out",
              dir.toString(),
              "--no-setup",
              "--literature",
              "off");
      assertThat(failed.code()).isEqualTo(1);
      assertThat(failed.out())
          .contains("Kosmos: " + TEAM)
          .contains("language model: anthropic (model claude-sonnet-4-5, " + url)
          .contains("API key set in ANTHROPIC_API_KEY");
      assertThat(failed.err())
          .contains("error: Anthropic rejected the API key (HTTP 401")
          .contains("Set ANTHROPIC_API_KEY to a valid key.")
          .contains("kosmos resume " + dir);
      assertThat(server.getRequestCount()).isEqualTo(1);
      JsonNode runJson = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
      assertThat(runJson.path("status").asText()).isEqualTo("FAILED");
      assertThat(runJson.path("agents").asText()).isEqualTo(TEAM);
      assertThat(Files.readString(dir.resolve("report/report.md")))
          .contains("**Produced by** " + TEAM);

      // resuming a language model run with no model configured is refused, naming the fix
      Outcome refused =
          kosmos(Map.of(), "resume", dir.toString(), "--no-setup", "--literature", "off");
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err())
          .contains("was started by " + TEAM)
          .contains("set ANTHROPIC_API_KEY")
          .contains("--offline");
      assertThat(server.getRequestCount()).isEqualTo(1);

      // the right key: the run continues where it stopped and completes; its log is the JSON
      // form a log collector reads, and goes through the same secret scan
      Outcome resumed =
          kosmos(
              Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", url),
              "resume",
              dir.toString(),
              "--no-setup",
              "--log-format",
              "json",
              "--literature",
              "off");
      assertThat(resumed.code()).as(resumed.err()).isZero();
      assertThat(resumed.out())
          .contains("Kosmos: " + TEAM)
          .contains("run finished: COMPLETED")
          .contains("report: " + dir.resolve("report").resolve("report.md"));
      assertThat(scientist.count("plan_draft")).isGreaterThanOrEqualTo(1);
      assertThat(scientist.count("scholar_eval_scores")).isGreaterThanOrEqualTo(3);

      for (Outcome o : List.of(failed, refused, resumed)) {
        assertThat(o.out() + o.err()).doesNotContain(KEY).doesNotContain(WRONG_KEY);
      }
      Path logs = Files.createDirectories(tmp.resolve("logs"));
      Files.writeString(logs.resolve("resume.jsonl"), resumed.out() + resumed.err());
      Files.writeString(logs.resolve("run.log"), failed.out() + failed.err());
      SecretScanner.assertNoSecrets(logs, List.of(KEY, WRONG_KEY));
      ObjectMapper json = new ObjectMapper();
      int taskLines = 0;
      for (String line : resumed.out().strip().split("\n")) {
        JsonNode event = json.readTree(line);
        if (event.path("event").asText().equals("task_finished")) {
          taskLines++;
          assertThat(event.path("run_id").asText()).isEqualTo(runJson.path("runId").asText());
          assertThat(event.path("task").asText()).startsWith("c1-t");
        }
      }
      assertThat(taskLines).isEqualTo(3);
    }

    JsonNode runJson = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
    assertThat(runJson.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(runJson.path("agents").asText()).isEqualTo(TEAM);
    assertThat(runJson.path("usage").path("inputTokens").asLong()).isPositive();
    String md = Files.readString(dir.resolve("report/report.md"));
    assertThat(md).contains("**Produced by** " + TEAM);

    // every statement cites a cell that exists and ran; each data finding was judged by both
    // validators, and the strong association passed both
    try (ResearchWorkflow wf =
        Kosmos.workflow()
            .objective(OBJECTIVE)
            .dataset(data)
            .artifactsDir(dir)
            .executor(new ReportCommand.NoExecution())
            .agents(OfflineScientist.agents())
            .build()) {
      assertThat(RunChecks.assertEveryStatementCitesAnExistingCell(dir, wf.world()))
          .isGreaterThanOrEqualTo(3);
      List<Finding> data3 =
          wf.world().findings().stream()
              .filter(f -> f.kind() == FindingKind.DATA_ANALYSIS)
              .toList();
      assertThat(data3).hasSize(3);
      for (Finding f : data3) {
        assertThat(f.validation().validator()).isEqualTo("statistical+scholar-eval");
        assertThat(f.validation().dimensions())
            .containsKeys("statistical.rigor", "scholar-eval.rigor", "statistical.passed");
      }
      Finding bmi =
          data3.stream().filter(f -> f.variables().contains("bmi")).findFirst().orElseThrow();
      assertThat(bmi.isValidated()).as(bmi.validation().reasons().toString()).isTrue();
    }
    SecretScanner.assertNoSecrets(dir, List.of(KEY, WRONG_KEY));
  }
}
