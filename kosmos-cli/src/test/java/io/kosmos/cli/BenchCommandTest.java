package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.cli.bench.RunAnalysisTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {

  @Test
  void benchEnginePrintsItsTables() {
    CommandLine cli = KosmosCli.newCommandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    int code =
        cli.execute(
            "bench",
            "engine",
            "--cycles",
            "1",
            "--tasks",
            "3",
            "--sizes",
            "100,1000",
            "--no-latency-check");
    assertThat(code).isZero();
    assertThat(out.toString())
        .contains(
            "Engine overhead",
            "1 cycles x 3 tasks",
            "World model",
            "add finding",
            "validatedFindings(20)",
            "Growth",
            "100 -> 1000");
  }

  @Test
  void badSizesAreRefused() {
    CommandLine cli = KosmosCli.newCommandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("bench", "engine", "--sizes", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("must be 1 or more");
  }

  @Test
  void benchSandboxRefusesSillyCounts() {
    CommandLine cli = KosmosCli.newCommandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("bench", "sandbox", "--iterations", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("--iterations must be 2 or more");
  }

  @Test
  void benchRunRefusesBadOptions() {
    CommandLine cli = KosmosCli.newCommandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("bench", "run", "--cycles", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--cycles and --large-cycles must be 1 or more");
    assertThat(cli.execute("bench", "run", "--large-rows", "50")).isEqualTo(2);
    assertThat(cli.execute("bench", "run", "--analyse", "x", "--out", "y")).isEqualTo(2);
    assertThat(err.toString()).contains("--analyse reads an existing run and runs nothing");
  }

  @Test
  void benchRunAnalysesARunAgainstItsBaselineWithoutRunning(@TempDir Path tmp) throws Exception {
    Path before = RunAnalysisTest.fixture(tmp.resolve("before"), false, 0.01);
    Path after = RunAnalysisTest.fixture(tmp.resolve("after"), true, 0.01);
    CommandLine cli = KosmosCli.newCommandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));

    int code =
        cli.execute("bench", "run", "--analyse", after.toString(), "--baseline", before.toString());

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("baseline", "after", "time opening sessions", "phase: planning between cycles")
        .contains("findings: IDENTICAL to the baseline (2 findings")
        .containsPattern("this run: time in cells >= 80% of task time +73% +MISS");
  }

  @Test
  void benchRunSaysWhatIsWrongWithAFolderThatIsNoRun(@TempDir Path tmp) {
    CommandLine cli = KosmosCli.newCommandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("bench", "run", "--analyse", tmp.toString());

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("is not a run directory");
  }
}
