package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.sandbox.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kosmos verify} in the real sandbox: a one-cycle run on a small table made here, verified
 * (every number reproduced, the report says so), then a notebook whose saved output was edited and
 * a report statement whose number was edited, both caught with exit code 1.
 */
class VerifyCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private record Outcome(int code, String out, String err) {}

  private static Outcome kosmos(String... args) {
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

  /** 150 rows: dose drives response; age and a noise column do not; an id column. */
  private Path data() throws Exception {
    Random r = new Random(4);
    StringBuilder sb = new StringBuilder("patient_id,dose,age,noise,response\n");
    for (int i = 0; i < 150; i++) {
      double dose = r.nextGaussian();
      sb.append(
          String.format(
              Locale.ROOT,
              "%d,%.4f,%d,%.4f,%.4f%n",
              1000 + i,
              dose,
              30 + r.nextInt(40),
              r.nextGaussian(),
              0.6 * dose + r.nextGaussian()));
    }
    Path file = tmp.resolve("trial.csv");
    Files.writeString(file, sb.toString());
    return file;
  }

  @Test
  void everyNumberIsReproducedAndTamperingIsCaught() throws Exception {
    Sandbox.open().close(); // fails, with the fix, when Docker or the image is missing
    Path run = tmp.resolve("run");
    Outcome made =
        kosmos(
            "run",
            "--data",
            data().toString(),
            "--objective",
            "Does dose predict response?",
            "--cycles",
            "1",
            "--tasks",
            "4",
            "--out",
            run.toString(),
            "--no-setup",
            "--literature",
            "off");
    assertThat(made.code()).as(made.err()).isZero();
    String report = Files.readString(run.resolve("report/report.md"));
    assertThat(report).contains("## Answer").contains("Yes: higher dose goes with higher response");

    Outcome verified = kosmos("verify", run.toString(), "--no-setup");
    System.out.println(verified.out());
    assertThat(verified.code()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out())
        .contains("RESULT: every number reproduced")
        .containsPattern("Numbers: (\\d+) of \\1 reproduced \\(100\\.0%\\)");
    assertThat(Files.readString(run.resolve("report/report.md")))
        .contains("**Verification:** passed:");

    // a notebook whose saved output was edited: the cell prints something else when run again
    Path notebook = citedNotebook(run);
    String original = Files.readString(notebook);
    Files.writeString(notebook, tamperOutput(original));
    Outcome tampered = kosmos("verify", run.toString(), "--no-setup");
    System.out.println(tampered.out());
    assertThat(tampered.code()).isEqualTo(1);
    assertThat(tampered.out())
        .contains("Cells not reproduced:")
        .contains("DIFFERS")
        .contains("RESULT: MISMATCH");
    assertThat(Files.readString(run.resolve("report/report.md")))
        .contains("**Verification:** FAILED:");
    Files.writeString(notebook, original);

    // a report statement whose number was edited: no cited cell prints it
    Path synthesis = run.resolve("report/synthesis.json");
    JsonNode saved = JSON.readTree(synthesis.toFile());
    ObjectNode first = (ObjectNode) saved.path("statements").get(0);
    String text = first.path("text").asText();
    Matcher m = Pattern.compile("= (\\d\\.\\d\\d\\d)").matcher(text);
    assertThat(m.find()).as("a number in: " + text).isTrue();
    String changed = new StringBuilder(text).replace(m.start(1), m.end(1), "9.876").toString();
    first.put("text", changed);
    JSON.writeValue(synthesis.toFile(), saved);
    Outcome edited = kosmos("verify", run.toString(), "--no-setup");
    System.out.println(edited.out());
    // the edited statement states a number no cited finding holds: the report drops it and says
    // why (issue 19), so the report never states 9.876, and what it states is still reproduced
    String rewritten = Files.readString(run.resolve("report/report.md"));
    assertThat(rewritten)
        .contains("**Removed statements.**")
        .contains("states 9.876, which no cited finding holds");
    assertThat(edited.code()).as(edited.out() + edited.err()).isZero();
  }

  /** The notebook of the first cited cell of the report's answer. */
  private static Path citedNotebook(Path run) throws Exception {
    JsonNode report = JSON.readTree(run.resolve("report/report.json").toFile());
    JsonNode cite = report.path("answer").get(0).path("citations").get(0);
    return run.resolve(cite.path("notebookPath").asText());
  }

  /** The notebook with the first "p = " number of a test's printed output changed. */
  private static String tamperOutput(String notebook) throws Exception {
    JsonNode nb = JSON.readTree(notebook);
    for (JsonNode cell : nb.path("cells")) {
      for (JsonNode o : cell.path("outputs")) {
        if (!o.path("output_type").asText().equals("stream")) {
          continue;
        }
        ArrayNode lines = (ArrayNode) o.path("text");
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).asText();
          Matcher m = Pattern.compile("n = (\\d+)").matcher(line);
          if (m.find()) {
            lines.set(i, line.substring(0, m.start(1)) + "999" + line.substring(m.end(1)));
            return JSON.writeValueAsString(nb);
          }
        }
      }
    }
    throw new AssertionError("no printed n to tamper with");
  }
}
