package io.kosmos.core.internal.workflow;

import io.kosmos.api.Finding;
import io.kosmos.api.RunStatus;
import io.kosmos.core.internal.artifacts.TaskRecord;
import io.kosmos.core.llm.Budget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The engine's meters, named and tagged as {@code docs/operations/metrics.md} lists them: runs by
 * final status, cycles, tasks by outcome and kind with a duration histogram, cycle durations,
 * cells, findings by class and validation, and the gauges of {@link EngineGauges} (workflows and
 * tasks in progress, last progress, budget spent), which every workflow on a registry shares.
 *
 * <p>Tags stay low in cardinality: no run, task or finding id ever becomes a tag.
 */
final class EngineMetrics {

  /** Bucket bounds of the task histogram: a cell of seconds up to a two-hour task. */
  private static final Duration[] TASK_BUCKETS = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(15),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(20),
    Duration.ofMinutes(30),
    Duration.ofHours(1),
    Duration.ofHours(2)
  };

  /** Bucket bounds of the cycle histogram: from a quick offline cycle to a long model cycle. */
  private static final Duration[] CYCLE_BUCKETS = {
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(20),
    Duration.ofMinutes(30),
    Duration.ofHours(1),
    Duration.ofHours(2),
    Duration.ofHours(4)
  };

  private final MeterRegistry registry;
  private final EngineGauges gauges;
  private final Timer cycleTimer;
  private final Counter cycles;
  private final Counter cells;

  EngineMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.gauges = EngineGauges.on(registry);
    this.cycleTimer =
        Timer.builder("kosmos.cycle.duration")
            .description("Time of one research cycle, planning to summary")
            .serviceLevelObjectives(CYCLE_BUCKETS)
            .register(registry);
    this.cycles =
        Counter.builder("kosmos.cycles")
            .description("Research cycles completed")
            .register(registry);
    this.cells =
        Counter.builder("kosmos.cells")
            .description("Code cells executed by data-analysis tasks")
            .register(registry);
  }

  /** A call of {@code run()} began; its budget (if limited) counts toward the budget gauge. */
  void runStarted(@Nullable Budget budget) {
    gauges.runStarted(budget);
  }

  /** A call of {@code run()} ended with a status (FAILED when it threw). */
  void runEnded(RunStatus status, @Nullable Budget budget) {
    gauges.runEnded(budget);
    Counter.builder("kosmos.runs")
        .description("Research runs (calls of run()) ended, by final status")
        .tag("status", status.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  void taskStarted() {
    gauges.taskStarted();
  }

  void taskFinished(TaskRecord record) {
    gauges.taskFinished();
    String outcome = record.succeeded() ? "succeeded" : "failed";
    String kind = record.task().kind().name().toLowerCase(Locale.ROOT);
    Counter.builder("kosmos.tasks")
        .description("Research tasks finished")
        .tag("outcome", outcome)
        .tag("kind", kind)
        .register(registry)
        .increment();
    Timer.builder("kosmos.task.duration")
        .description("Time to carry out one research task")
        .tag("outcome", outcome)
        .tag("kind", kind)
        .serviceLevelObjectives(TASK_BUCKETS)
        .register(registry)
        .record(record.elapsed());
    cells.increment(record.cells());
  }

  /** A task thread ended without committing an outcome (the run stopped under it). */
  void taskAbandoned() {
    gauges.taskFinished();
  }

  void findingAdded(Finding finding) {
    Counter.builder("kosmos.findings")
        .description("Findings added to the world model, by class and validation")
        .tag("class", String.valueOf(finding.classification()).toLowerCase(Locale.ROOT))
        .tag("validated", Boolean.toString(finding.isValidated()))
        .register(registry)
        .increment();
  }

  void cycleStarted() {
    gauges.progressed();
  }

  void cycleFinished(Duration elapsed, double ratio) {
    cycleTimer.record(elapsed);
    cycles.increment();
    gauges.cycleFinished(ratio);
  }
}
