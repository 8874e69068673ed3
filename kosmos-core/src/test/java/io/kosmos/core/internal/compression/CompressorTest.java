package io.kosmos.core.internal.compression;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingClass;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Statistics;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.api.ValidationResult;
import io.kosmos.core.fixtures.SummaryNumbers;
import io.kosmos.core.internal.artifacts.CompressionRecord;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.TaskRecord;
import io.kosmos.core.internal.world.WorldState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompressorTest {

  static Finding finding(String id, Statistics stats) {
    return Finding.builder(FindingKind.DATA_ANALYSIS)
        .id(id)
        .claim("BMI | progression rho=0.41\n(strong)")
        .statistics(stats)
        .direction(EffectDirection.POSITIVE)
        .citation(new Citation.NotebookCell("c1-t01", "nb", 3, "h"))
        .citation(Citation.PaperPassage.of("doi:10.1/x", "abstract", "a passage"))
        .validation(new ValidationResult("v", true, 0.8765, Map.of(), List.of()))
        .classification(FindingClass.CONFIRMATION)
        .build();
  }

  @Test
  void findingLineKeepsEveryStatistic() {
    Statistics s =
        new Statistics(
            "Welch t-test; two sided",
            8.91234,
            3.4216e-5,
            1.2049e-4,
            0.41234,
            "Cohen's d",
            0.30111,
            0.51299,
            442,
            Map.of("df", 439.7, "R2", 0.0412));
    Finding f = finding("F-c1-t01-1", s);
    String line = Compressor.findingLine(f);
    assertThat(line)
        .isEqualTo(
            "- F-c1-t01-1 [validated 0.877, CONFIRMATION] BMI / progression rho=0.41 (strong) | test:"
                + " Welch t-test, two sided; statistic=8.91; p=3.42e-05; p_adj=1.20e-04;"
                + " effect=0.412 (Cohen's d); ci=[0.301, 0.513]; n=442; R2=0.0412; df=440 |"
                + " cites c1-t01#3, doi:10.1/x");
  }

  @Test
  void everyNumberOfEverySummaryLineMatchesItsFinding() {
    List<Finding> findings = new ArrayList<>();
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 200; i++) {
      double p = Math.pow(10, -10 * r.nextDouble());
      Statistics s =
          new Statistics(
              "Spearman correlation",
              r.nextGaussian() * 100,
              p,
              i % 3 == 0 ? null : Math.min(1, p * 7),
              r.nextGaussian(),
              i % 5 == 0 ? null : "rho",
              i % 4 == 0 ? null : -r.nextDouble(),
              i % 4 == 0 ? null : r.nextDouble(),
              i % 7 == 0 ? null : 10 + r.nextInt(100_000),
              i % 2 == 0
                  ? Map.of()
                  : Map.of("df", r.nextDouble() * 1e6, "z", r.nextGaussian() * 1e-6));
      Finding f =
          Finding.builder(FindingKind.DATA_ANALYSIS)
              .id("F-c1-t" + i + "-1")
              .claim("claim " + i + " with rho=" + r.nextDouble())
              .statistics(s)
              .citation(new Citation.NotebookCell("c1-t" + i, "nb", 1, "h"))
              .validation(
                  i % 6 == 0
                      ? null
                      : new ValidationResult(
                          "v", i % 2 == 0, r.nextDouble(), Map.of(), List.of("x")))
              .build();
      findings.add(f);
    }
    StringBuilder summary = new StringBuilder();
    findings.forEach(f -> summary.append(Compressor.findingLine(f)).append('\n'));
    List<String> problems =
        SummaryNumbers.problems(
            summary.toString(), id -> findings.stream().filter(f -> f.id().equals(id)).findFirst());
    assertThat(problems).isEmpty();
    assertThat(SummaryNumbers.findingLines(summary.toString())).hasSize(200);
  }

  @Test
  void theCheckerCatchesAWrongNumber() {
    Finding f =
        finding("F-1", new Statistics("t", 2.0, 0.01, null, 0.5, "r", null, null, 100, Map.of()));
    String line = Compressor.findingLine(f).replace("p=0.01", "p=0.02");
    assertThat(SummaryNumbers.problems(line, id -> Optional.of(f)))
        .anySatisfy(p -> assertThat(p).contains("p printed 0.02"));
    String dropped = Compressor.findingLine(f).replace("; n=100", "");
    assertThat(SummaryNumbers.problems(dropped, id -> Optional.of(f))).isNotEmpty();
  }

  @Test
  void cycleSummaryIsBoundedAndMeasured() {
    WorldState world = new WorldState(List.of());
    List<TaskRecord> records = new ArrayList<>();
    for (int t = 1; t <= 10; t++) {
      Task task =
          Task.builder(TaskKind.DATA_ANALYSIS).id("c1-t" + t).description("task " + t).build();
      List<Finding> fs = new ArrayList<>();
      for (int i = 1; i <= 8; i++) {
        fs.add(
            finding(
                "F-c1-t" + t + "-" + i,
                new Statistics("t", 1.0, 0.01, null, null, null, null, null, 10, Map.of())));
      }
      TaskRecord r =
          new TaskRecord(
              Json.FORMAT_VERSION,
              1,
              task,
              TaskRecord.Status.SUCCEEDED,
              null,
              false,
              1,
              Instant.EPOCH,
              Duration.ZERO,
              "",
              fs,
              null,
              null,
              null,
              null,
              null,
              "nb",
              50_000,
              20_000,
              2,
              20,
              null,
              null,
              "");
      records.add(r.withCompressed(Compressor.taskSummary(r)));
      world.apply(r);
    }
    String summary = Compressor.cycleSummary(1, records, world);
    assertThat(SummaryNumbers.findingLines(summary)).hasSize(Compressor.MAX_FINDING_LINES);
    assertThat(summary).contains("… and 40 more");
    assertThat(SummaryNumbers.problems(summary, world::finding)).isEmpty();
    CompressionRecord c = Compressor.measure(1, records, summary);
    assertThat(c.summaryBytes()).isEqualTo(summary.getBytes(StandardCharsets.UTF_8).length);
    assertThat(c.rawBytes()).isGreaterThan(500_000);
    assertThat(c.ratio()).isEqualTo((double) c.rawBytes() / c.summaryBytes());
    assertThat(c.tasks()).hasSize(10);
  }
}
