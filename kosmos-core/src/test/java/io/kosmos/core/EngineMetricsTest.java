package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.ResearchEvent;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.core.llm.Budget;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's meters as an operator reads them: while a run goes, the workflows and tasks in
 * progress and the time of the last progress; after it, runs by status, cycles, tasks and their
 * duration histogram, findings by validation. (The log context of task threads is checked where a
 * logging back end keeps it: the command line's JSON log test.)
 */
class EngineMetricsTest {

  @TempDir Path tmp;

  private record Seen(double workflows, double tasks) {}

  @Test
  void gaugesFollowTheRunAndCountersAndHistogramsCountWhatItDid() {
    Path data = Fixtures.dataset(tmp.resolve("data"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<Seen> atTaskStart = new CopyOnWriteArrayList<>();
    long before = System.currentTimeMillis() / 1000;
    ResearchResult result;
    try (ResearchWorkflow wf =
        Fixtures.builder(
                tmp.resolve("run"),
                data,
                Fixtures.executor(Duration.ZERO),
                Fixtures.Options.defaults())
            .meterRegistry(registry)
            .budget(Budget.ofUsd(10))
            .listener(
                e -> {
                  if (e instanceof ResearchEvent.TaskStarted) {
                    atTaskStart.add(
                        new Seen(
                            registry.get("kosmos.workflows.active").gauge().value(),
                            registry.get("kosmos.tasks.active").gauge().value()));
                  }
                })
            .maxConcurrentTasks(2)
            .build()) {
      result = wf.run(2, 3);
    }
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);

    assertThat(atTaskStart).hasSize(6);
    for (Seen s : atTaskStart) {
      assertThat(s.workflows()).isEqualTo(1);
      // a task gives its sandbox slot back before it validates, so a third may start
      assertThat(s.tasks()).isBetween(1.0, 3.0);
    }

    assertThat(registry.get("kosmos.workflows.active").gauge().value()).isZero();
    assertThat(registry.get("kosmos.tasks.active").gauge().value()).isZero();
    assertThat(registry.get("kosmos.progress.timestamp").gauge().value())
        .isGreaterThanOrEqualTo(before);
    assertThat(registry.get("kosmos.budget.used.ratio").gauge().value()).isZero();
    assertThat(registry.get("kosmos.runs").tag("status", "completed").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("kosmos.cycles").counter().count()).isEqualTo(2);
    assertThat(
            registry
                .get("kosmos.tasks")
                .tag("outcome", "succeeded")
                .tag("kind", "data_analysis")
                .counter()
                .count())
        .isEqualTo(6);
    Timer tasks = registry.get("kosmos.task.duration").tag("kind", "data_analysis").timer();
    assertThat(tasks.count()).isEqualTo(6);
    CountAtBucket[] buckets = tasks.takeSnapshot().histogramCounts();
    assertThat(buckets).hasSize(12);
    assertThat(buckets[0].bucket(TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(buckets[11].bucket(TimeUnit.SECONDS)).isEqualTo(7200);
    assertThat(buckets[11].count()).isEqualTo(6);
    assertThat(registry.get("kosmos.cycle.duration").timer().count()).isEqualTo(2);
    double findings =
        registry.find("kosmos.findings").counters().stream().mapToDouble(c -> c.count()).sum();
    assertThat(findings).isEqualTo(result.findings().size());
    assertThat(registry.find("kosmos.findings").tagKeys("class", "validated").counters())
        .isNotEmpty();
  }

  @Test
  void workflowsSharingARegistryAddUpInOneGauge() throws Exception {
    Path data = Fixtures.dataset(tmp.resolve("data"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<Double> seen = new CopyOnWriteArrayList<>();
    try (ResearchWorkflow first =
            Fixtures.builder(
                    tmp.resolve("a"),
                    data,
                    Fixtures.executor(Duration.ZERO),
                    Fixtures.Options.defaults())
                .meterRegistry(registry)
                .build();
        ResearchWorkflow second =
            Fixtures.builder(
                    tmp.resolve("b"),
                    data,
                    Fixtures.executor(Duration.ZERO),
                    Fixtures.Options.defaults())
                .meterRegistry(registry)
                .listener(
                    e -> {
                      if (e instanceof ResearchEvent.RunStarted) {
                        seen.add(registry.get("kosmos.workflows.active").gauge().value());
                      }
                    })
                .build()) {
      // the first run's listener starts the second run while the first is in progress
      first.addListener(
          e -> {
            if (e instanceof ResearchEvent.RunStarted) {
              second.run(1, 3);
            }
          });
      first.run(1, 3);
    }
    assertThat(seen).containsExactly(2.0);
    assertThat(registry.get("kosmos.workflows.active").gauge().value()).isZero();
    assertThat(registry.get("kosmos.runs").tag("status", "completed").counter().count())
        .isEqualTo(2);
  }
}
