package io.kosmos.core.internal.workflow;

import io.kosmos.api.TokenUsage;
import io.kosmos.core.internal.artifacts.AtomicFiles;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.artifacts.RunRecord;
import io.kosmos.core.internal.artifacts.UsageRecord;
import io.kosmos.core.llm.Budget;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run has used so far (wall time, tokens, cost) for {@code run.json} and the result: what
 * earlier sessions recorded, plus what this session has used since it started. The budget meters
 * every model call of the process, so this session's share is its growth since the session began.
 *
 * <p>While it is {@linkplain #start started}, every call the budget counts also rewrites {@code
 * usage.json}, so that a session killed mid-cycle keeps what it spent: the next session continues
 * from the larger of {@code run.json} and {@code usage.json}. Nothing here throws on odd numbers:
 * sums saturate and differences are floored at 0.
 */
final class RunTotals {

  private static final Logger LOG = LoggerFactory.getLogger(RunTotals.class);

  private final long startNanos = System.nanoTime();
  private final Budget budget;
  private final Budget.Totals meterAtStart;
  private final Budget.Listener saver = total -> save();
  private Layout layout;
  private Clock clock;
  private volatile Duration priorElapsed = Duration.ZERO;
  private volatile TokenUsage priorUsage = TokenUsage.ZERO;
  private volatile double priorCost;
  private volatile double priorCacheSaving;
  private boolean saveFailed;

  /**
   * Starts counting now.
   *
   * @param budget the language model budget, or {@code null} (no tokens or cost are counted)
   */
  RunTotals(Budget budget) {
    this.budget = budget;
    this.meterAtStart = budget == null ? Budget.Totals.ZERO : budget.snapshot().total();
  }

  /**
   * Adds what earlier sessions of the run used: the run record's totals, or those of {@code
   * usage.json} if an earlier session was cut short after spending more.
   *
   * @param base the run record this session continues
   * @param layout the run directory
   */
  void continueFrom(RunRecord base, Layout layout) {
    priorElapsed = base.elapsed();
    priorUsage = base.usage();
    priorCost = base.costUsd();
    priorCacheSaving = base.cacheSavingUsd();
    UsageRecord saved = readSaved(layout);
    if (saved != null && saved.usage().total() > priorUsage.total()) {
      priorUsage = saved.usage();
      priorCost = Math.max(priorCost, saved.costUsd());
      priorCacheSaving = saved.cacheSavingUsd();
    }
  }

  /**
   * Saves the totals to {@code usage.json} after every call the budget counts, until {@link
   * #stop()}.
   *
   * @param layout the run directory
   * @param clock the run's clock
   */
  void start(Layout layout, Clock clock) {
    this.layout = layout;
    this.clock = clock;
    if (budget != null) {
      budget.addListener(saver);
    }
  }

  /** Stops saving after every call and saves once more. */
  void stop() {
    if (budget != null) {
      budget.removeListener(saver);
    }
    if (layout != null) {
      save();
    }
  }

  private synchronized void save() {
    try {
      Json.write(
          layout.usageJson(),
          new UsageRecord(usage(), cost(), clock.instant(), cacheSaving()),
          AtomicFiles.Durability.REBUILDABLE);
    } catch (RuntimeException e) {
      // losing a usage snapshot must not fail a model call; run.json still gets the totals
      if (!saveFailed) {
        saveFailed = true;
        LOG.warn("cannot save the run's usage to {}: {}", layout.usageJson(), e.toString());
      }
    }
  }

  private static UsageRecord readSaved(Layout layout) {
    if (!Files.exists(layout.usageJson())) {
      return null;
    }
    try {
      return Json.read(layout.usageJson(), UsageRecord.class);
    } catch (RuntimeException e) {
      LOG.warn("ignoring {}: {}", layout.usageJson(), e.getMessage());
      return null;
    }
  }

  Duration elapsed() {
    return priorElapsed.plusNanos(System.nanoTime() - startNanos);
  }

  TokenUsage usage() {
    if (budget == null) {
      return priorUsage;
    }
    Budget.Totals now = budget.snapshot().total();
    boolean estimated = now.estimatedCalls() > meterAtStart.estimatedCalls();
    long input = Math.max(0, now.inputTokens() - meterAtStart.inputTokens());
    long read =
        Math.min(input, Math.max(0, now.cacheReadTokens() - meterAtStart.cacheReadTokens()));
    long written =
        Math.min(
            input - read, Math.max(0, now.cacheWriteTokens() - meterAtStart.cacheWriteTokens()));
    return priorUsage.plus(
        new TokenUsage(
            input,
            Math.max(0, now.outputTokens() - meterAtStart.outputTokens()),
            read,
            written,
            estimated));
  }

  /**
   * The run record with this run's totals so far.
   *
   * @param run the record
   * @param cycles cycles completed
   * @param now the time
   * @return the copy
   */
  RunRecord progress(RunRecord run, int cycles, Instant now) {
    return run.withProgress(cycles, elapsed(), usage(), cost(), cacheSaving(), now);
  }

  /** What prompt caching saved the run so far, in US dollars. */
  double cacheSaving() {
    if (budget == null) {
      return priorCacheSaving;
    }
    return priorCacheSaving
        + (budget.snapshot().total().cacheSavingUsd() - meterAtStart.cacheSavingUsd());
  }

  double cost() {
    if (budget == null) {
      return priorCost;
    }
    return priorCost + Math.max(0, budget.snapshot().total().costUsd() - meterAtStart.costUsd());
  }
}
