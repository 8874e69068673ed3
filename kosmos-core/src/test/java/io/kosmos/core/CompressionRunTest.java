package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.ResearchEvent;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.core.fixtures.SummaryNumbers;
import io.kosmos.core.internal.artifacts.CompressionRecord;
import io.kosmos.core.internal.artifacts.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 5-cycle × 10-task run compresses each cycle at least 20:1, and every number in every cycle
 * summary matches its finding.
 *
 * <p>The test analyst's notebooks are what a real one writes for a simple test: a markdown header,
 * a cell that loads the data and shows {@code df.describe()} (text and HTML, as Jupyter returns a
 * data frame), and a cell that runs the test, prints one line of statistics and displays one
 * 600×400 PNG scatter plot (a real image, about 20 KB). Nothing is padded. The text-only ratio,
 * images left out, is printed and recorded too.
 */
class CompressionRunTest {

  @TempDir Path tmp;

  @Test
  void aFiveByTenRunCompressesEachCycleAtLeastTwentyToOne() throws Exception {
    Path data = Fixtures.dataset(tmp.resolve("data"));
    Path dir = tmp.resolve("run");
    // A cycle summary is a snapshot: adjusted p values move as later cycles add tests, so each
    // summary is checked against the world model as it stood when its cycle ended.
    List<String> problems = new CopyOnWriteArrayList<>();
    List<ResearchWorkflow> self = new ArrayList<>();
    AtomicInteger findingLines = new AtomicInteger();
    try (ResearchWorkflow wf =
        Fixtures.builder(
                dir,
                data,
                Fixtures.executor(Duration.ZERO),
                Fixtures.Options.defaults().withLiterature())
            .literatureSource(Fixtures.literatureSource())
            .listener(
                e -> {
                  if (e instanceof ResearchEvent.CycleFinished c) {
                    problems.addAll(
                        SummaryNumbers.problems(c.summary(), self.getFirst().world()::finding));
                    findingLines.addAndGet(SummaryNumbers.findingLines(c.summary()).size());
                  }
                })
            .build()) {
      self.add(wf);
      wf.run(5, 10);
      assertThat(problems).isEmpty();
      assertThat(findingLines.get()).isEqualTo(wf.world().findings().size());
      for (int c = 1; c <= 5; c++) {
        CompressionRecord r =
            Json.read(dir.resolve("cycles/" + c + "/compression.json"), CompressionRecord.class);
        System.out.printf(
            "cycle %d: raw %d bytes (text only %d), summary %d bytes, ratio %.1f:1 (text only %.1f:1)%n",
            c, r.rawBytes(), r.rawTextBytes(), r.summaryBytes(), r.ratio(), r.textRatio());
        assertThat(r.ratio()).as("cycle %d", c).isGreaterThanOrEqualTo(20);
        assertThat(r.tasks()).hasSizeBetween(8, 10);
        String summary = Files.readString(dir.resolve("cycles/" + c + "/summary.md"));
        assertThat(summary.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
            .isEqualTo((int) r.summaryBytes());
        assertThat(SummaryNumbers.findingLines(summary)).isNotEmpty();
      }
      String report = Files.readString(dir.resolve("report/report.md"));
      assertThat(report).contains("| compression (raw : summary) |");
    }
  }
}
