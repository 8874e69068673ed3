package io.kosmos.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Citation;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Paper;
import io.kosmos.api.Statistics;
import io.kosmos.core.fixtures.FakeWorld;
import io.kosmos.core.internal.artifacts.Layout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report statement is kept only when its cited findings hold its numbers and papers. */
class StatementSupportTest {

  @TempDir Path tmp;

  private static Finding finding() {
    return Finding.builder(FindingKind.DATA_ANALYSIS)
        .id("F-c1-t01-1")
        .claim("bmi goes with progression")
        .statistics(
            new Statistics(
                "Spearman correlation",
                0.561,
                4.57e-38,
                2.59e-37,
                0.561,
                "rho",
                0.494,
                0.622,
                442,
                Map.of("r2", 0.315),
                List.of()))
        .citation(
            new Citation.NotebookCell(
                "c1-t01", "cycles/1/tasks/c1-t01/notebook.ipynb", 2, "0".repeat(64)))
        .cycle(1)
        .taskId("c1-t01")
        .build();
  }

  private StatementSupport support() {
    FakeWorld world =
        new FakeWorld()
            .paper(
                new Paper(
                    "doi:10.1000/bmi-t2d",
                    "10.1000/bmi-t2d",
                    "Body mass index and diabetes",
                    List.of(),
                    2020,
                    "",
                    null,
                    "static"));
    return new StatementSupport(world, new Layout(tmp));
  }

  @Test
  void numbersItsFindingsHoldAndSettingsPass() {
    String text =
        "In F-c1-t01-1, bmi goes with progression (rho = 0.56, 95% CI 0.49 to 0.62, p = 4.6e-38,"
            + " adjusted p = 2.6e-37, n = 442; q = 0.05; 31.5% of the variance), as in"
            + " doi:10.1000/bmi-t2d.";
    assertThat(support().problem(text, List.of(finding()))).isNull();
  }

  @Test
  void aNumberNoCitedFindingHoldsIsNamed() {
    assertThat(
            support()
                .problem("bmi_sq is the main driver (rho=-0.538, n = 442).", List.of(finding())))
        .isEqualTo(
            "states -0.538, which no cited finding holds (its statistics or its cells' output)");
    assertThat(support().problem("Three drivers stand out (rho = 0.56).", List.of()))
        .startsWith("states 0.56, which no cited finding holds");
  }

  @Test
  void aPaperTheRunDidNotRetrieveIsNamed() {
    assertThat(
            support()
                .problem(
                    "As confirmed by doi:10.9999/made.up.17 and arXiv:2511.02824.",
                    List.of(finding())))
        .isEqualTo(
            "names paper(s) the run did not retrieve: doi:10.9999/made.up.17, arXiv:2511.02824");
  }
}
