package io.kosmos.core.internal.workflow;

import io.kosmos.api.TokenUsage;
import io.kosmos.core.internal.artifacts.RunRecord;
import io.kosmos.core.llm.Budget;
import java.time.Duration;

/**
 * What a run has used so far (wall time, tokens, cost) for {@code run.json} and the result: what
 * earlier sessions recorded, plus what this session has used since it started. The budget meters
 * every model call of the process, so this session's share is its growth since the session began.
 */
final class RunTotals {

  private final long startNanos = System.nanoTime();
  private final Budget budget;
  private final TokenUsage meterUsageAtStart;
  private final double meterCostAtStart;
  private Duration priorElapsed = Duration.ZERO;
  private TokenUsage priorUsage = TokenUsage.ZERO;
  private double priorCost;

  /**
   * Starts counting now.
   *
   * @param budget the language model budget, or {@code null} (no tokens or cost are counted)
   */
  RunTotals(Budget budget) {
    this.budget = budget;
    Budget.Totals atStart = budget == null ? Budget.Totals.ZERO : budget.snapshot().total();
    this.meterUsageAtStart = new TokenUsage(atStart.inputTokens(), atStart.outputTokens());
    this.meterCostAtStart = atStart.costUsd();
  }

  /**
   * Adds what earlier sessions of the run used.
   *
   * @param base the run record this session continues
   */
  void continueFrom(RunRecord base) {
    priorElapsed = base.elapsed();
    priorUsage = base.usage();
    priorCost = base.costUsd();
  }

  Duration elapsed() {
    return priorElapsed.plusNanos(System.nanoTime() - startNanos);
  }

  TokenUsage usage() {
    if (budget == null) {
      return priorUsage;
    }
    Budget.Totals total = budget.snapshot().total();
    TokenUsage now = new TokenUsage(total.inputTokens(), total.outputTokens());
    return priorUsage.plus(
        new TokenUsage(
            Math.max(0, now.inputTokens() - meterUsageAtStart.inputTokens()),
            Math.max(0, now.outputTokens() - meterUsageAtStart.outputTokens())));
  }

  double cost() {
    if (budget == null) {
      return priorCost;
    }
    return priorCost + Math.max(0, budget.snapshot().total().costUsd() - meterCostAtStart);
  }
}
