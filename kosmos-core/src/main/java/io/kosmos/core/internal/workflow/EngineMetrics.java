package io.kosmos.core.internal.workflow;

import io.kosmos.api.Finding;
import io.kosmos.core.internal.artifacts.TaskRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's meters: tasks by outcome, findings by class, cells executed, task and cycle
 * durations, and the last cycle's compression ratio.
 */
final class EngineMetrics {
  private final MeterRegistry registry;
  private final Timer taskTimer;
  private final Timer cycleTimer;
  private final Counter cells;
  private final AtomicReference<Double> compression = new AtomicReference<>(0.0);

  EngineMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.taskTimer =
        Timer.builder("kosmos.task.duration")
            .description("Time to carry out one research task")
            .register(registry);
    this.cycleTimer =
        Timer.builder("kosmos.cycle.duration")
            .description("Time of one research cycle, planning to summary")
            .register(registry);
    this.cells =
        Counter.builder("kosmos.cells")
            .description("Code cells executed by data-analysis tasks")
            .register(registry);
    Gauge.builder("kosmos.compression.ratio", compression, AtomicReference::get)
        .description("Raw output over summary size of the last completed cycle")
        .register(registry);
  }

  void taskFinished(TaskRecord record) {
    Counter.builder("kosmos.tasks")
        .description("Research tasks finished")
        .tag("outcome", record.succeeded() ? "succeeded" : "failed")
        .tag("kind", record.task().kind().name().toLowerCase(java.util.Locale.ROOT))
        .register(registry)
        .increment();
    taskTimer.record(record.elapsed());
    cells.increment(record.cells());
  }

  void findingAdded(Finding finding) {
    Counter.builder("kosmos.findings")
        .description("Findings added to the world model")
        .tag("class", String.valueOf(finding.classification()))
        .tag("validated", Boolean.toString(finding.isValidated()))
        .register(registry)
        .increment();
  }

  void cycleFinished(Duration elapsed, double ratio) {
    cycleTimer.record(elapsed);
    compression.set(ratio);
  }
}
