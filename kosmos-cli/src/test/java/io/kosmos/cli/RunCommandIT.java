package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.core.team.offline.OfflineScientist;
import io.kosmos.sandbox.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kosmos run}, {@code resume} and {@code report} on the example dataset, in the real
 * sandbox: the main job with no API key.
 */
class RunCommandIT {

  /** The example data that ships with the project (kosmos-examples/data). */
  private static final Path EXAMPLE_DATA =
      Path.of(System.getProperty("kosmos.examples.data", "../kosmos-examples/data"))
          .resolve("diabetes.csv")
          .toAbsolutePath();

  @TempDir Path tmp;

  private record Outcome(int code, String out, String err) {}

  private static Outcome kosmos(String... args) {
    // the environment of a machine with no language model configured, whatever this one has
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet()
        .removeAll(
            List.of(
                "ANTHROPIC_API_KEY",
                "ANTHROPIC_BASE_URL",
                "OPENAI_API_KEY",
                "OPENAI_BASE_URL",
                "KOSMOS_PROVIDER",
                "KOSMOS_MODEL"));
    CommandLine cli = KosmosCli.newCommandLine(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  @Test
  void runsTheExampleResumesItAndRebuildsTheReport() throws Exception {
    Sandbox.open().close(); // fails, with the fix, when Docker or the image is missing
    Path run = tmp.resolve("diabetes");
    Outcome first =
        kosmos(
            "run",
            "--data",
            EXAMPLE_DATA.toString(),
            "--objective",
            "What drives disease progression in this cohort?",
            "--cycles",
            "2",
            "--tasks",
            "6",
            "--out",
            run.toString(),
            "--no-setup",
            "--literature",
            "off");
    System.out.println(first.out());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("Kosmos: " + OfflineScientist.DESCRIPTION)
        .contains("cycle 1/2: ")
        .contains("Outcome: disease_progression")
        .contains("cycle 2/2 done")
        .contains("run finished: COMPLETED")
        .contains("report: " + run.resolve("report").resolve("report.md"));
    String report = Files.readString(run.resolve("report/report.md"));
    assertThat(report)
        .contains(OfflineScientist.DESCRIPTION)
        .contains("bmi is positively correlated with disease_progression")
        .contains("log_triglycerides is positively correlated with disease_progression");
    JsonNode findings = new ObjectMapper().readTree(run.resolve("world/findings.json").toFile());
    boolean bmiValidated = false;
    for (JsonNode f : findings.path("findings")) {
      if (f.path("claim")
          .asText()
          .startsWith("bmi is positively correlated with disease_progression")) {
        bmiValidated = f.path("validation").path("passed").asBoolean();
        assertThat(f.path("figures")).isNotEmpty();
      }
    }
    assertThat(bmiValidated).isTrue();

    Outcome resumed =
        kosmos("resume", run.toString(), "--cycles", "3", "--no-setup", "--literature", "off");
    System.out.println(resumed.out());
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("resuming run").contains("cycle 3/3 done");
    assertThat(run.resolve("cycles/3/plan.json")).exists();

    Files.delete(run.resolve("report/report.md"));
    Outcome rebuilt = kosmos("report", run.toString());
    assertThat(rebuilt.code()).as(rebuilt.err()).isZero();
    assertThat(run.resolve("report/report.md")).exists();
    assertThat(Files.readString(run.resolve("report/report.md")))
        .contains(OfflineScientist.DESCRIPTION);
  }
}
