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
  private static final Pattern SCHOLAR_OVERALL =
      Pattern.compile("overall score (\\S+) is below the (\\S+) needed to pass");
  private static final Pattern SCHOLAR_RIGOR =
      Pattern.compile("rigor (\\S+) is below the (\\S+) needed to pass");

  @TempDir Path tmp;

  @Test
  void theRecordedDiabetesRunReplaysAndFailsNoFindingForAFalseReason() throws Exception {
    SandboxDiagnosis d = SandboxDiagnosis.of(SandboxConfig.defaults());
    if (!d.ready()) {
      throw new SandboxUnavailableException(
          "RecordedRunReplayIT needs a Docker engine and the executor image: "
              + d.problem()
              + "; fix: "
              + d.fix());
    }
    Path fixture =
        Path.of(
            RecordedRunReplayIT.class.getResource("/fixtures/diabetes-relay-run.jsonl").toURI());
    Path dir = tmp.resolve("run");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // the weights in force when the run was recorded: later judge prompts list earlier verdicts
    var cli =
        KosmosCli.newCommandLine(
            Map.of(
                "KOSMOS_SCHOLAR_EVAL_WEIGHTS",
                "rigor=0.25,impact=0.20,novelty=0.15,reproducibility=0.15,clarity=0.10,"
                    + "coherence=0.10,limitations=0.03,ethics=0.02"));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code =
        cli.execute(
            "run",
            "--replay",
            fixture.toString(),
            "--data",
            EXAMPLE_DATA.toString(),
            "--objective",
            "What drives disease progression in this cohort?",
            "--cycles",
            "2",
            "--tasks",
            "2",
            "--concurrency",
            "2",
            "--out",
            dir.toString(),
            "--no-setup");
    System.out.println(out + "\n" + err);
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("run finished: COMPLETED");

    ObjectMapper json = new ObjectMapper();
    long plans = purposes(json, fixture).stream().filter("plan"::equals).count();
    assertThat(plans).as("a plan per cycle, none revised").isEqualTo(2);

    JsonNode findings = json.readTree(dir.resolve("world/findings.json").toFile()).path("findings");
    assertThat(findings.size()).isGreaterThanOrEqualTo(10);
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
    System.out.println("replayed findings: " + findings.size() + ", failed: " + failed);
    assertThat(Files.readString(dir.resolve("report/report.md"))).contains("disease_progression");
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
    } else if (reason.startsWith("n = ")) {
      assertThat(s.path("n").asInt()).as(id).isLessThan(20);
    } else if (reason.startsWith("score ") || reason.startsWith("overall ")) {
      // the validator's own score summary: the gate reasons above carry the cause
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
