package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input is refused before any sandbox is opened, with a message that says what to do. */
class RunCommandTest {

  @TempDir Path tmp;

  private record Outcome(int code, String out, String err) {}

  private static Outcome kosmos(String... args) {
    CommandLine cli = KosmosCli.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Outcome(cli.execute(args), out.toString(), err.toString());
  }

  private Outcome run(Path data, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "run",
                "--data",
                data.toString(),
                "--objective",
                "What drives y?",
                "--no-setup",
                "--literature",
                "off"));
    args.addAll(List.of(more));
    return kosmos(args.toArray(String[]::new));
  }

  @Test
  void anUnknownFileTypeNamesTheSupportedOnes() throws Exception {
    Outcome o = run(Files.writeString(tmp.resolve("data.parquet"), "PAR1"));
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err())
        .contains("unsupported file type '.parquet'")
        .contains("CSV")
        .contains("Excel")
        .doesNotContain("stack trace");
  }

  @Test
  void aFileOverTheLimitSaysHowToRaiseIt() throws Exception {
    Path big = Files.writeString(tmp.resolve("big.csv"), "x,y\n" + "1,2\n".repeat(1000));
    Outcome o = run(big, "--max-data-size", "1k");
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err()).contains("over the size limit of 1.0 KiB").contains("--max-data-size");
  }

  @Test
  void anEmptyFileAndAFileWithNothingToTestAreRefused() throws Exception {
    assertThat(run(Files.writeString(tmp.resolve("empty.csv"), "")).err()).contains("is empty");
    assertThat(run(Files.writeString(tmp.resolve("header.csv"), "a,b\n")).err())
        .contains("has a header (2 columns) but no data rows");
    StringBuilder ids = new StringBuilder("id,name\n");
    for (int i = 0; i < 30; i++) {
      ids.append(i).append(",person ").append(i).append('\n');
    }
    assertThat(run(Files.writeString(tmp.resolve("ids.csv"), ids.toString())).err())
        .contains("has no usable columns");
  }

  @Test
  void aMissingFileAndBadOptionsAreUsageErrors() {
    assertThat(run(tmp.resolve("nope.csv")).err()).contains("does not exist");
    assertThat(kosmos("run", "--objective", "q").code()).isEqualTo(2);
    Outcome bad = run(tmp.resolve("nope.csv"), "--max-run-time", "soon");
    assertThat(bad.code()).isEqualTo(1);
  }

  @Test
  void badTimeLimitsSayWhatToGive() {
    Path data = tmp.resolve("nope.csv");
    Outcome zero = run(data, "--cell-timeout", "0s");
    assertThat(zero.code()).isEqualTo(1);
    assertThat(zero.err()).contains("--cell-timeout must be a positive duration").contains("'0s'");
    assertThat(run(data, "--task-timeout", "soon").err()).contains("'soon' is not a duration");
    Outcome inverted = run(data, "--cell-timeout", "20m", "--task-timeout", "5m");
    assertThat(inverted.err())
        .contains("--cell-timeout (20m) is longer than --task-timeout (5m)")
        .doesNotContain("does not exist");
    assertThat(run(data, "--cell-timeout", "40m").err())
        .contains("is longer than --task-timeout (30m)");
    // valid limits pass on to the next check
    assertThat(run(data, "--cell-timeout", "90s", "--task-timeout", "20m").err())
        .contains("does not exist");
  }

  @Test
  void timeLimitsOfAResumeDefaultToTheRunsOwn() {
    TimeLimits none = new TimeLimits();
    assertThat(none.choose(Duration.ofMinutes(2), Duration.ofMinutes(8)))
        .isEqualTo(new TimeLimits.Chosen(Duration.ofMinutes(2), Duration.ofMinutes(8)));
    TimeLimits cell = new TimeLimits();
    cell.cellTimeout = "45s";
    assertThat(cell.choose(Duration.ofMinutes(2), null))
        .isEqualTo(new TimeLimits.Chosen(Duration.ofSeconds(45), null));
  }

  @Test
  void resumeAndReportNeedARunDirectory() {
    Outcome o = kosmos("resume", tmp.toString());
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err()).contains("is not a Kosmos run directory");
    assertThat(kosmos("report", tmp.toString()).err()).contains("is not a Kosmos run directory");
  }

  @Test
  void dictionariesComeFromCsvJsonOrTheFileNextToTheData() throws Exception {
    Path data = Files.writeString(tmp.resolve("d.csv"), "x,y\n1,2\n");
    Files.writeString(
        tmp.resolve("d.dictionary.csv"), "column,description\nx,\"the x, as measured\"\n");
    assertThat(DataArguments.dictionaries(List.of(data), List.of()))
        .containsExactly(Map.of("x", "the x, as measured"));
    Path json =
        Files.writeString(
            tmp.resolve("dict.json"), "{\"y\": \"the y\", \"d.csv\": {\"x\": \"x for d\"}}");
    assertThat(DataArguments.dictionaries(List.of(data), List.of(json)))
        .containsExactly(Map.of("y", "the y", "x", "x for d"));
    Path byDataset =
        Files.writeString(
            tmp.resolve("all.csv"), "column,description,dataset\nx,x of d,d.csv\nx,x of e,e.csv\n");
    assertThat(DataArguments.dictionaries(List.of(data), List.of(byDataset)))
        .containsExactly(Map.of("x", "x of d"));
    Path bad = Files.writeString(tmp.resolve("bad.csv"), "name,text\nx,y\n");
    assertThat(
            kosmos(
                    "run",
                    "--data",
                    data.toString(),
                    "--dictionary",
                    bad.toString(),
                    "--objective",
                    "q")
                .err())
        .contains("needs a header row naming the columns 'column' and 'description'");
  }

  @Test
  void sizesDurationsAndRunNames() {
    assertThat(DataArguments.size("256m")).isEqualTo(256L << 20);
    assertThat(DataArguments.size("1.5g")).isEqualTo((long) (1.5 * (1L << 30)));
    assertThat(DataArguments.size("1000")).isEqualTo(1000);
    assertThat(DataArguments.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DataArguments.duration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(DataArguments.duration("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DataArguments.slug("What drives disease progression in this cohort?"))
        .isEqualTo("what-drives-disease-progression-in-this");
  }

  @Test
  void helpListsTheMainJob() {
    Outcome o = kosmos("--help");
    assertThat(o.out()).contains("run").contains("resume").contains("report").contains("eval");
    assertThat(kosmos("run", "--help").out())
        .contains("--data")
        .contains("--objective")
        .contains("--max-data-size");
  }
}
