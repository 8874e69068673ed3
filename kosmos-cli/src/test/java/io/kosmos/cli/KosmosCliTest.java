package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KosmosCliTest {

  @Test
  void helpListsTheCommands() {
    CommandLine cli = KosmosCli.newCommandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("--help")).isZero();
    assertThat(out.toString()).contains("Usage: kosmos").contains("doctor").contains("bench");
  }

  @Test
  void benchListsTheSandboxBenchmark() {
    CommandLine cli = KosmosCli.newCommandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("bench", "--help")).isZero();
    assertThat(out.toString()).contains("sandbox");
  }

  @Test
  void unknownCommandIsAnErrorThatSaysSo() {
    CommandLine cli = KosmosCli.newCommandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument").contains("frobnicate");
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(KosmosCli.Version.version()).isNotEqualTo("unknown").contains(".");
  }
}
