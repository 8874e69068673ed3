package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
 * {@code kosmos bench run} end to end on a reduced job (one cycle of the main job, one cycle on a
 * small generated dataset, no sandbox micro-benchmark), then {@code --analyse} of the run it made
 * against itself as the baseline.
 */
class BenchRunIT {

  private static final Path EXAMPLE_DATA =
      Path.of(System.getProperty("kosmos.examples.data", "../kosmos-examples/data"))
          .resolve("diabetes.csv")
          .toAbsolutePath();

  @TempDir Path tmp;

  private static String[] kosmos(int[] code, String... args) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet()
        .removeAll(
            List.of(
                "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL"));
    CommandLine cli = KosmosCli.newCommandLine(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    code[0] = cli.execute(args);
    return new String[] {out.toString(), err.toString()};
  }

  @Test
  void benchRunTimesAReducedJobAndComparesItsFindings() throws Exception {
    Sandbox.open().close(); // fails, with the fix, when Docker or the image is missing
    Path out = tmp.resolve("bench");
    int[] code = new int[1];
    String[] first =
        kosmos(
            code,
            "bench",
            "run",
            "--data",
            EXAMPLE_DATA.toString(),
            "--cycles",
            "1",
            "--large-rows",
            "300",
            "--large-cycles",
            "1",
            "--no-sandbox",
            "--out",
            out.toString());
    System.out.println(first[0]);
    assertThat(code[0]).as(first[1]).isZero();
    assertThat(first[0])
        .contains("running the main job (1 cycles)", "running the larger dataset (1 cycles)")
        .containsPattern("time in cells +[0-9.]+ s \\(\\d+%\\) +[0-9.]+ s \\(\\d+%\\)")
        .containsPattern("time opening sessions +[0-9.]+ s +[0-9.]+ s")
        .containsPattern("peak JVM heap \\(sampled\\) +\\d+ MB +\\d+ MB")
        .containsPattern("main job: wall time <= 60 s +[0-9.]+ s +(PASS|MISS)")
        .containsPattern("larger dataset: peak JVM heap <= 512 MB +\\d+ MB +(PASS|MISS)");
    assertThat(out.resolve("large.csv")).exists();
    assertThat(Files.readString(out.resolve("main/run.json"))).contains("\"cyclesCompleted\" : 1");

    String[] again =
        kosmos(
            code,
            "bench",
            "run",
            "--analyse",
            out.resolve("main").toString(),
            "--baseline",
            out.resolve("main").toString());
    assertThat(code[0]).as(again[1]).isZero();
    assertThat(again[0]).contains("findings: IDENTICAL to the baseline");
  }
}
