package io.kosmos.core.internal.workflow;

import io.kosmos.core.llm.Budget;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The engine's gauges on one registry. A gauge is bound to one object when it is first registered,
 * and Micrometer ignores later registrations of the same name; so every workflow that reports to a
 * registry shares one instance of this class (kept per registry, weakly), and the gauges read the
 * sum over them: workflows and tasks in progress, the time of the last progress of any of them, and
 * the largest share of a budget spent among the runs in progress.
 */
final class EngineGauges {

  private static final Map<MeterRegistry, EngineGauges> BY_REGISTRY =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final AtomicInteger workflows = new AtomicInteger();
  private final AtomicInteger tasks = new AtomicInteger();
  private final AtomicLong lastProgressMillis = new AtomicLong();
  private final AtomicReference<Double> compression = new AtomicReference<>(0.0);
  private final Set<Budget> budgets = Collections.synchronizedSet(newIdentitySet());

  private EngineGauges(MeterRegistry registry) {
    Gauge.builder("kosmos.workflows.active", workflows, AtomicInteger::get)
        .description("Research runs in progress (calls of run() under way)")
        .register(registry);
    Gauge.builder("kosmos.tasks.active", tasks, AtomicInteger::get)
        .description("Research tasks running now")
        .register(registry);
    Gauge.builder("kosmos.progress.timestamp", this, EngineGauges::lastProgressSeconds)
        .description(
            "When a run last made progress (started, began a cycle, started or finished a task),"
                + " in seconds since the epoch; 0 before any")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("kosmos.budget.used.ratio", this, EngineGauges::budgetUsed)
        .description(
            "Largest share of a language model budget limit (dollars or tokens) spent, among the"
                + " runs in progress that have one; 0 when none has")
        .register(registry);
    Gauge.builder("kosmos.compression.ratio", compression, AtomicReference::get)
        .description("Raw output over summary size of the last completed cycle")
        .register(registry);
  }

  static EngineGauges on(MeterRegistry registry) {
    return BY_REGISTRY.computeIfAbsent(registry, EngineGauges::new);
  }

  void runStarted(@Nullable Budget budget) {
    workflows.incrementAndGet();
    if (budget != null) {
      budgets.add(budget);
    }
    progressed();
  }

  void runEnded(@Nullable Budget budget) {
    workflows.decrementAndGet();
    if (budget != null) {
      budgets.remove(budget);
    }
  }

  void taskStarted() {
    tasks.incrementAndGet();
    progressed();
  }

  void taskFinished() {
    tasks.decrementAndGet();
    progressed();
  }

  void cycleFinished(double ratio) {
    compression.set(ratio);
    progressed();
  }

  void progressed() {
    lastProgressMillis.set(System.currentTimeMillis());
  }

  private double lastProgressSeconds() {
    return lastProgressMillis.get() / 1000.0;
  }

  private double budgetUsed() {
    double most = 0;
    synchronized (budgets) {
      for (Budget b : budgets) {
        most = Math.max(most, used(b));
      }
    }
    return most;
  }

  /** The share of the tighter limit spent: 0 for an unlimited budget. */
  static double used(Budget budget) {
    Budget.Totals spent = budget.snapshot().total();
    double share = 0;
    if (budget.maxUsd().isPresent() && budget.maxUsd().getAsDouble() > 0) {
      share = Math.max(share, spent.costUsd() / budget.maxUsd().getAsDouble());
    }
    if (budget.maxTokens().isPresent() && budget.maxTokens().getAsLong() > 0) {
      share = Math.max(share, (double) spent.tokens() / budget.maxTokens().getAsLong());
    }
    return share;
  }

  private static Set<Budget> newIdentitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }
}
