package io.kosmos.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class RunAnalysisTest {

  @TempDir Path tmp;

  /** A small run: two cycles, three data tasks, written as the engine writes them. */
  public static Path fixture(Path root, boolean withSessionTimes, double pValue)
      throws IOException {
    Files.createDirectories(root);
    Files.writeString(
        root.resolve("run.json"),
        """
        {"formatVersion":1,"runId":"r1","objective":"What drives y?","status":"COMPLETED",
         "createdAt":"2026-12-07T08:00:00Z","updatedAt":"2026-12-07T08:01:00Z",
         "agents":"offline statistical scientist","cyclesCompleted":2,"elapsed":"PT60S"}
        """);
    // cycle 1: t01 starts at 2 s and takes 10 s; t02 waits 3 s for a slot and takes 5 s
    task(
        root,
        1,
        "c1-t01",
        "2026-12-07T08:00:02Z",
        "PT10S",
        new long[] {4000, 3000},
        500,
        withSessionTimes,
        "c1-t01-f1",
        pValue);
    task(
        root,
        1,
        "c1-t02",
        "2026-12-07T08:00:05Z",
        "PT5S",
        new long[] {2000},
        700,
        withSessionTimes,
        null,
        0);
    // cycle 2 starts 8 s after cycle 1's last task ended (at 12 s) and ends at 50 s
    task(
        root,
        2,
        "c2-t01",
        "2026-12-07T08:00:20Z",
        "PT30S",
        new long[] {20000, 4000},
        300,
        withSessionTimes,
        "c2-t01-f1",
        0.5);
    return root;
  }

  private static void task(
      Path root,
      int cycle,
      String id,
      String startedAt,
      String elapsed,
      long[] cells,
      long openMs,
      boolean withSessionTimes,
      String findingId,
      double p)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve("cycles/" + cycle + "/tasks/" + id));
    String finding =
        findingId == null
            ? ""
            : """
              {"id":"%s","kind":"ASSOCIATION","claim":"x goes with y","summary":"s",
               "statistics":{"test":"pearson","statistic":0.41234,"pValue":%s,"n":442,
                             "effectSize":0.41234,"extra":{"permutation_p":0.001}}}
              """
                .formatted(findingId, Double.toString(p));
    Files.writeString(
        dir.resolve("result.json"),
        """
        {"formatVersion":1,"cycle":%d,"status":"SUCCEEDED","startedAt":"%s","elapsed":"%s",
         "notebook":"cycles/%d/tasks/%s/notebook.ipynb","findings":[%s]}
        """
            .formatted(cycle, startedAt, elapsed, cycle, id, finding));
    StringBuilder nb = new StringBuilder("{\"metadata\":{\"kosmos\":{\"taskId\":\"" + id + "\"");
    if (withSessionTimes) {
      long cellMs = java.util.Arrays.stream(cells).sum();
      nb.append(",\"sessionOpenMs\":").append(openMs);
      nb.append(",\"analysisMs\":").append(cellMs + 100);
      nb.append(",\"intakeMs\":").append(50);
    }
    nb.append("}},\"cells\":[{\"cell_type\":\"markdown\",\"metadata\":{}}");
    for (long ms : cells) {
      nb.append(",{\"cell_type\":\"code\",\"metadata\":{\"kosmos_elapsed_ms\":")
          .append(ms)
          .append("}}");
    }
    nb.append("]}");
    Files.writeString(dir.resolve("notebook.ipynb"), nb.toString());
  }

  @Test
  void figuresComeFromTheRunsOwnFiles() throws IOException {
    RunFigures f = RunAnalysis.read(fixture(tmp.resolve("run"), true, 0.0001234));

    assertThat(f.wallMs()).isEqualTo(60_000);
    assertThat(f.cycles()).isEqualTo(2);
    assertThat(f.tasks()).isEqualTo(3);
    assertThat(f.dataTasks()).isEqualTo(3);
    assertThat(f.cells()).isEqualTo(5);
    assertThat(f.taskMs()).isEqualTo(45_000);
    assertThat(f.cellMs()).isEqualTo(33_000);
    assertThat(f.cellShare()).isCloseTo(33.0 / 45, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(f.sessionOpenMs()).isEqualTo(1_500);
    assertThat(f.analysisMs()).isEqualTo(33_300);
    assertThat(f.intakeMs()).isEqualTo(150);
    assertThat(f.slotWaitMs()).isEqualTo(3_000);
    assertThat(f.phases())
        .containsExactly(
            org.assertj.core.api.Assertions.entry("setup (run start to first task)", 2_000L),
            org.assertj.core.api.Assertions.entry("planning between cycles", 8_000L),
            org.assertj.core.api.Assertions.entry("tasks (cycle spans)", 40_000L),
            org.assertj.core.api.Assertions.entry("closing (last task to run end)", 10_000L));
    assertThat(f.findings())
        .extracting(RunFigures.FindingFigures::id)
        .containsExactly("c1-t01-f1", "c2-t01-f1");
    assertThat(f.findings().get(0).statistics())
        .containsEntry("statistic", "0.412")
        .containsEntry("pValue", "0.000123")
        .containsEntry("n", "442")
        .containsEntry("extra.permutation_p", "0.00100");
  }

  @Test
  void aRunOfAnOlderBuildHasNoSessionTimesAndSaysSo() throws IOException {
    RunFigures f = RunAnalysis.read(fixture(tmp.resolve("old"), false, 0.01));

    assertThat(f.sessionOpenMs()).isEqualTo(-1);
    assertThat(f.analysisMs()).isEqualTo(-1);
    assertThat(f.cellMs()).isEqualTo(33_000);
    StringWriter out = new StringWriter();
    RunPrinter.figures(
        new PrintWriter(out, true), List.of("old"), List.of(new RunBenchmark.Job(f, -1, -1)));
    assertThat(out.toString())
        .containsPattern("time opening sessions +n/a")
        .containsPattern("time in cells +33\\.0 s \\(73%\\)")
        .containsPattern("peak JVM heap \\(sampled\\) +n/a");
  }

  @Test
  void aMissingNotebookOrDurationDegradesInsteadOfFailing() throws IOException {
    Path run = fixture(tmp.resolve("partial"), true, 0.01);
    Files.delete(run.resolve("cycles/1/tasks/c1-t02/notebook.ipynb"));
    Files.writeString(
        run.resolve("run.json"),
        """
        {"runId":"r1","objective":"o","createdAt":"2026-12-07T08:00:00Z",
         "updatedAt":"2026-12-07T08:00:55Z","cyclesCompleted":2}
        """);

    RunFigures f = RunAnalysis.read(run);

    assertThat(f.wallMs()).isEqualTo(55_000);
    assertThat(f.dataTasks()).isEqualTo(2);
    assertThat(f.cellMs()).isEqualTo(31_000);
  }

  @Test
  void aFolderThatIsNoRunIsRefusedWithWhatToGive() {
    assertThatThrownBy(() -> RunAnalysis.read(tmp))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is not a run directory")
        .hasMessageContaining("give the folder a `kosmos run` wrote");
  }

  @Test
  void identicalFindingsCompareEqual() throws IOException {
    RunFigures a = RunAnalysis.read(fixture(tmp.resolve("a"), false, 0.0001234));
    RunFigures b = RunAnalysis.read(fixture(tmp.resolve("b"), true, 0.00012341));

    FindingComparison c = FindingComparison.of(a, b);

    assertThat(c.identical()).isTrue();
    assertThat(c.compared()).isEqualTo(2);
    assertThat(c.differences()).isEmpty();
  }

  @Test
  void differingFindingsAreListed() throws IOException {
    RunFigures a = RunAnalysis.read(fixture(tmp.resolve("a"), false, 0.0001234));
    Path other = fixture(tmp.resolve("b"), true, 0.0002);
    Files.delete(other.resolve("cycles/2/tasks/c2-t01/result.json"));
    RunFigures b = RunAnalysis.read(other);

    FindingComparison c = FindingComparison.of(a, b);

    assertThat(c.identical()).isFalse();
    assertThat(c.compared()).isEqualTo(1);
    assertThat(c.differences())
        .containsExactly(
            "c1-t01-f1: pValue 0.000123 -> 0.000200",
            "c2-t01-f1: only in the baseline (x goes with y)");
    StringWriter out = new StringWriter();
    RunPrinter.comparison(new PrintWriter(out, true), c);
    assertThat(out.toString()).contains("findings: DIFFERENT from the baseline", "-> 0.000200");
  }

  @Test
  void printedPrecisionIsThreeSignificantDigits() {
    assertThat(RunAnalysis.printed(0.123456)).isEqualTo("0.123");
    assertThat(RunAnalysis.printed(12345.678)).isEqualTo("1.23e+04");
    assertThat(RunAnalysis.printed(442)).isEqualTo("442");
    assertThat(RunAnalysis.millis("PT1.5S")).isEqualTo(1500);
    assertThat(RunAnalysis.millis("2.25")).isEqualTo(2250);
    assertThat(RunAnalysis.millis("soon")).isEqualTo(-1);
  }

  @Test
  void theLargerDatasetIsTheSameBytesEveryTime() throws IOException {
    Path a = LargeDataset.write(tmp.resolve("a.csv"), 500);
    Path b = LargeDataset.write(tmp.resolve("b.csv"), 500);

    List<String> lines = Files.readAllLines(a);
    assertThat(Files.mismatch(a, b)).isEqualTo(-1);
    assertThat(lines).hasSize(501);
    assertThat(lines.get(0).split(",")).hasSize(LargeDataset.COLUMNS).contains("response", "dose");
    assertThat(lines.get(1).split(",")).hasSize(LargeDataset.COLUMNS);
  }
}
