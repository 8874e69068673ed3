package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
}
