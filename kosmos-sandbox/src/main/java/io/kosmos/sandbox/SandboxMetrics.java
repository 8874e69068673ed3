package io.kosmos.sandbox;

import io.kosmos.api.AuditRecord;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The Docker sandbox's meters, bound to every registry the executor is bound to ({@link
 * DockerSandboxExecutor#bindTo}). The executor starts working (and reaping what dead JVMs left)
 * before anyone can bind it, so the counts are kept here and shown as function counters: a registry
 * bound later still sees everything counted since the executor started. Timers record on the
 * registries bound when the event happens.
 *
 * <p>Names and tags are listed in {@code docs/operations/metrics.md}; tags are low in cardinality
 * (states, statuses, outcomes), never container, run or session ids.
 */
final class SandboxMetrics {

  private static final Duration[] CELL_BUCKETS = {
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10)
  };

  private static final Duration[] SESSION_OPEN_BUCKETS = {
    Duration.ofMillis(10),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5)
  };

  /** Statuses of a cell as the audit record names them, lower-cased for tags. */
  private static final String[] CELL_STATUSES = {"ok", "error", "timeout", "kernel_died"};

  /** How a cell past its limit ended, as the audit record names it. */
  private static final String[] TIMEOUT_ENDINGS = {"interrupted", "restarted", "container-killed"};

  // MeterRegistry keeps Object's identity equality, so a set holds each registry once
  private final Set<MeterRegistry> registries = new CopyOnWriteArraySet<>();
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  /** Pool counts, read by the gauges. */
  interface PoolState {
    ContainerPool.Stats stats();

    int maxContainers();

    int openSessions();
  }

  /**
   * Registers the meters on a registry (once per registry).
   *
   * @param registry the registry
   * @param pool where the gauges read the pool
   */
  void bindTo(MeterRegistry registry, PoolState pool) {
    if (!registries.add(registry)) {
      return;
    }
    container(registry, pool, "warm", () -> pool.stats().warm());
    container(registry, pool, "busy", () -> pool.stats().busy());
    container(registry, pool, "idle", () -> pool.stats().idle());
    // warming up for the pool, launched for a session that found no warm one, or being reset
    container(
        registry,
        pool,
        "starting",
        () -> {
          ContainerPool.Stats s = pool.stats();
          return Math.max(0, s.total() - s.warm() - s.busy() - s.idle());
        });
    Gauge.builder("kosmos.sandbox.pool.max", pool, p -> p.maxContainers())
        .description("Most containers the pool may hold at once")
        .register(registry);
    Gauge.builder("kosmos.sandbox.sessions.open", pool, p -> p.openSessions())
        .description("Sandbox sessions open now")
        .register(registry);
    for (String outcome : new String[] {"ok", "failed"}) {
      counter(
          registry,
          "kosmos.sandbox.launches",
          "Container launches (a container started with its kernel warmed up), by outcome",
          "outcome",
          outcome);
    }
    for (String status : CELL_STATUSES) {
      counter(
          registry,
          "kosmos.sandbox.cells",
          "Cells executed in the sandbox, by status",
          "status",
          status);
    }
    for (String ending : TIMEOUT_ENDINGS) {
      counter(
          registry,
          "kosmos.sandbox.timeouts",
          "Cells stopped at their time limit, by how they were stopped",
          "ending",
          ending);
    }
    counter(
        registry,
        "kosmos.sandbox.kernel.deaths",
        "Kernels that died while a cell ran (out-of-memory kills included)",
        null,
        null);
    counter(
        registry,
        "kosmos.sandbox.oom.kills",
        "Kernels killed by the out-of-memory killer at the container's memory limit",
        null,
        null);
    counter(
        registry,
        "kosmos.sandbox.containers.reaped",
        "Containers of dead JVMs removed when an executor started",
        null,
        null);
  }

  private static void container(
      MeterRegistry registry, PoolState pool, String state, IntSupplier count) {
    Gauge.builder("kosmos.sandbox.containers", pool, p -> count.getAsInt())
        .description("Sandbox containers in the pool, by state")
        .tag("state", state)
        .register(registry);
  }

  private void counter(
      MeterRegistry registry, String name, String description, String tag, String value) {
    AtomicLong count = count(name, value);
    FunctionCounter.Builder<AtomicLong> b =
        FunctionCounter.builder(name, count, AtomicLong::get).description(description);
    if (tag != null) {
      b = b.tag(tag, value);
    }
    b.register(registry);
  }

  private AtomicLong count(String name, String tagValue) {
    return counts.computeIfAbsent(name + "|" + tagValue, k -> new AtomicLong());
  }

  void launched(boolean ok) {
    count("kosmos.sandbox.launches", ok ? "ok" : "failed").incrementAndGet();
  }

  void reaped(int containers) {
    count("kosmos.sandbox.containers.reaped", null).addAndGet(containers);
  }

  void oomKill() {
    count("kosmos.sandbox.oom.kills", null).incrementAndGet();
  }

  /** A session got its container: the time from asking the pool to a prepared container. */
  void sessionOpened(long nanos) {
    for (MeterRegistry r : registries) {
      Timer.builder("kosmos.sandbox.session.open.duration")
          .description("Time to open a session: a container from the pool, data linked")
          .serviceLevelObjectives(SESSION_OPEN_BUCKETS)
          .register(r)
          .record(Duration.ofNanos(nanos));
    }
  }

  /**
   * One cell ran, as its audit record tells.
   *
   * @param record the record the session wrote
   */
  void cellExecuted(AuditRecord record) {
    String status = record.status().toLowerCase(Locale.ROOT);
    count("kosmos.sandbox.cells", status).incrementAndGet();
    if (status.equals("timeout")) {
      count("kosmos.sandbox.timeouts", record.ending()).incrementAndGet();
    }
    if (status.equals("kernel_died")) {
      count("kosmos.sandbox.kernel.deaths", null).incrementAndGet();
    }
    for (MeterRegistry r : registries) {
      Timer.builder("kosmos.sandbox.cell.duration")
          .description("Time of one cell in the kernel, by status")
          .tag("status", status)
          .serviceLevelObjectives(CELL_BUCKETS)
          .register(r)
          .record(Duration.ofMillis(record.durationMillis()));
    }
  }
}
