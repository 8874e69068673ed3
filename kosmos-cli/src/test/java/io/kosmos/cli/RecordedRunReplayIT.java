package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.sandbox.SandboxConfig;
import io.kosmos.sandbox.SandboxDiagnosis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays a whole run recorded with a capable model (a person playing the model through the
 * OpenAI-compatible relay, docs/llm-agents.md "Recording a fixture"): two cycles of two tasks on
 * the example data, every cell run again in the real sandbox, every model answer from the
 * recording. A change to a prompt, a schema or what the cells print makes the replay fail at the
 * first request that differs, naming it. The run must complete with no plan revised (no rule the
 * limits make impossible) and every failed finding's reason must be true of its statistics.
 *
 * <p>Needs Docker and the executor image; without them it fails with the fix, it does not skip.
 */
class RecordedRunReplayIT {

  private static final Path EXAMPLE_DATA =
      Path.of(System.getProperty("kosmos.examples.data", "../kosmos-examples/data"))
          .resolve("diabetes.csv")
          .toAbsolutePath();

  private static final Pattern REACHES =
      Pattern.compile("CI (\\S+) to (\\S+) of the (.+) does not rule out a non-negligible effect");
  private static final Pattern STATISTICAL_OVERALL =
      Pattern.compile("overall score (\\S+) is below (\\S+) \\(");
  private static final Pattern SCHOLAR_OVERALL =
      Pattern.compile("overall score (\\S+) is below the (\\S+) needed to pass");
  private static final Pattern SCHOLAR_RIGOR =
      Pattern.compile("rigor (\\S+) is below the (\\S+) needed to pass");

  @TempDir Path tmp;

  @Test
  void theRecordedDiabetesRunReplaysAndFailsNoFindingForAFalseReason() throws Exception {
    // the weights in force when the run was recorded: later judge prompts list earlier verdicts
    Map<String, String> env =
        Map.of(
            "KOSMOS_SCHOLAR_EVAL_WEIGHTS",
            "rigor=0.25,impact=0.20,novelty=0.15,reproducibility=0.15,clarity=0.10,"
                + "coherence=0.10,limitations=0.03,ethics=0.02");
    Path dir =
        replay(
            "diabetes-relay-run.jsonl",
            EXAMPLE_DATA,
            "What drives disease progression in this cohort?",
            2,
            22,
            env);
    assertThat(Files.readString(dir.resolve("report/report.md"))).contains("disease_progression");
  }

  /**
   * A dataset the project did not design (the 1996 American National Election Study extract that
   * statsmodels ships), with the 53-skill corpus given by {@code --skills}: the recorded analyst
   * prompts list corpus skills (logistic-regression, roc-auc) and one task read a skill through the
   * tool, so a replay that completes shows {@code --skills} reaching the analyst's prompt.
   */
  @Test
  void theRecordedElectionRunWithTheSkillCorpusReplays() throws Exception {
    Path fixture = resource("/fixtures/anes96-relay-run.jsonl");
    String recorded = Files.readString(fixture);
    assertThat(recorded).contains("- logistic-regression: ").contains("read_skill");
    Path dir =
        replay(
            "anes96-relay-run.jsonl",
            resource("/fixtures/anes96.csv"),
            "What predicts whether a respondent voted for Dole rather than Clinton in 1996?",
            1,
            14,
            Map.of(),
            "--skills",
            Path.of("../kosmos-core/src/test/resources/skills-corpus").toAbsolutePath().toString());
    assertThat(Files.readString(dir.resolve("report/report.md"))).contains("Dole");
  }

  private static Path resource(String name) throws Exception {
    return Path.of(RecordedRunReplayIT.class.getResource(name).toURI());
  }

  private Path replay(
      String fixtureName,
      Path data,
      String objective,
      int cycles,
      int recordedFindings,
      Map<String, String> env,
      String... extra)
      throws Exception {
    SandboxDiagnosis d = SandboxDiagnosis.of(SandboxConfig.defaults());
    if (!d.ready()) {
      throw new SandboxUnavailableException(
          "RecordedRunReplayIT needs a Docker engine and the executor image: "
              + d.problem()
              + "; fix: "
              + d.fix());
    }
    Path fixture = resource("/fixtures/" + fixtureName);
    Path dir = tmp.resolve(fixtureName + ".run");
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--replay",
                fixture.toString(),
                "--data",
                data.toString(),
                "--objective",
                objective,
                "--cycles",
                Integer.toString(cycles),
                "--tasks",
                "2",
                "--concurrency",
                "2",
                "--out",
                dir.toString(),
                "--no-setup",
                // recorded without literature: sources would change the planner's request
                "--literature",
                "off"));
    args.addAll(List.of(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = KosmosCli.newCommandLine(env);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args.toArray(String[]::new));
    System.out.println(out + "\n" + err);
    assertThat(code).as(err.toString()).isZero();
    // a request the recording does not hold fails its task, not the run: every task must succeed
    assertThat(out.toString())
        .contains("run finished: COMPLETED")
        .contains("task(s) done, 0 failed");

    ObjectMapper json = new ObjectMapper();
    long plans = purposes(json, fixture).stream().filter("plan"::equals).count();
    assertThat(plans).as("a plan per cycle, none revised").isEqualTo(cycles);

    JsonNode findings = json.readTree(dir.resolve("world/findings.json").toFile()).path("findings");
    assertThat(findings.size()).isEqualTo(recordedFindings);
    int failed = 0;
    for (JsonNode f : findings) {
      JsonNode v = f.path("validation");
      if (v.path("passed").asBoolean()) {
        continue;
      }
      failed++;
      for (JsonNode reason : v.path("reasons")) {
        checkReason(f, v, reason.asText());
      }
    }
    System.out.println(
        fixtureName + ": replayed findings " + findings.size() + ", failed " + failed);
    return dir;
  }

  private static List<String> purposes(ObjectMapper json, Path fixture) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(fixture)) {
      out.add(json.readTree(line).path("request").path("purpose").asText());
    }
    return out;
  }

  /** A failed finding's reason, checked against the finding's own statistics and scores. */
  private static void checkReason(JsonNode f, JsonNode v, String reason) {
    JsonNode s = f.path("statistics");
    String id = f.path("id").asText();
    if (reason.startsWith("[statistical] adjusted p = ") && reason.contains("<= q")) {
      assertThat(s.path("adjustedP").asDouble()).as(id).isLessThanOrEqualTo(0.05);
    } else if (reason.startsWith("[statistical] ")) {
      checkStatisticalFailure(id, f, s, reason.substring("[statistical] ".length()));
    } else if (reason.startsWith("[scholar-eval] ")) {
      checkScholarEval(id, v, reason.substring("[scholar-eval] ".length()));
    } else {
      fail("%s: a reason from no known validator: %s", id, reason);
    }
  }

  private static void checkStatisticalFailure(String id, JsonNode f, JsonNode s, String reason) {
    Matcher reaches = REACHES.matcher(reason);
    if (reaches.find()) {
      assertThat(f.path("direction").asText()).as(id).isEqualTo("NONE");
      double low = Double.parseDouble(reaches.group(1));
      double high = Double.parseDouble(reaches.group(2));
      assertThat(low).as(id).isCloseTo(s.path("ciLow").asDouble(), within(low));
      assertThat(high).as(id).isCloseTo(s.path("ciHigh").asDouble(), within(high));
      String measure = s.path("effectMeasure").asText();
      if (measure.equals("r") || measure.equals("rho")) {
        assertThat(Math.max(Math.abs(low), Math.abs(high))).as(id).isGreaterThanOrEqualTo(0.1);
      }
    } else if (reason.startsWith("does not survive the false discovery rate")) {
      assertThat(s.path("adjustedP").asDouble()).as(id).isGreaterThan(0.05);
    } else if (reason.startsWith("it claims no effect, yet its test is significant")) {
      assertThat(f.path("direction").asText()).as(id).isEqualTo("NONE");
      assertThat(s.path("adjustedP").asDouble()).as(id).isLessThanOrEqualTo(0.05);
    } else if (reason.startsWith("rigor ") && reason.contains(" is below ")) {
      String[] parts = reason.split(" ");
      assertThat(Double.parseDouble(parts[1])).as(id).isLessThan(Double.parseDouble(parts[4]));
    } else if (reason.startsWith("n = ")) {
      assertThat(s.path("n").asInt()).as(id).isLessThan(20);
    } else if (STATISTICAL_OVERALL.matcher(reason).lookingAt()) {
      Matcher m = STATISTICAL_OVERALL.matcher(reason);
      m.lookingAt();
      assertThat(Double.parseDouble(m.group(1)))
          .as(id + ": " + reason)
          .isLessThan(Double.parseDouble(m.group(2)));
    } else {
      fail("%s: a statistical reason this test cannot check yet, add it: %s", id, reason);
    }
  }

  private static void checkScholarEval(String id, JsonNode v, String reason) {
    JsonNode dims = v.path("dimensions");
    Matcher overall = SCHOLAR_OVERALL.matcher(reason);
    Matcher rigor = SCHOLAR_RIGOR.matcher(reason);
    if (rigor.lookingAt()) {
      assertThat(dims.path("scholar-eval.rigor").asDouble())
          .as(id)
          .isLessThan(Double.parseDouble(rigor.group(2)));
    } else if (overall.lookingAt()) {
      assertThat(dims.path("scholar-eval").asDouble())
          .as(id)
          .isLessThan(Double.parseDouble(overall.group(2)));
    }
    // the judge's per-dimension reasons are its opinion, recorded as given
  }

  private static org.assertj.core.data.Offset<Double> within(double value) {
    return org.assertj.core.data.Offset.offset(Math.max(1e-3, Math.abs(value) * 0.01));
  }
}
