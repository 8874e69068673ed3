package io.kosmos.core;

import io.kosmos.api.TokenUsage;

/**
 * What the language model calls of a run have used so far. The language model clients of a run add
 * to one meter; the workflow reads it to record usage and cost in {@code run.json}, the result and
 * the report, and to stop the run cleanly when a budget set with {@link WorkflowBuilder#budgetUsd}
 * or {@link WorkflowBuilder#budgetTokens} is spent.
 *
 * <p>Figures count from when the workflow was built (the workflow adds the usage of earlier
 * sessions of a resumed run itself). Implementations are thread-safe.
 */
public interface UsageMeter {

  /**
   * Tokens used so far.
   *
   * @return the usage
   */
  TokenUsage usage();

  /**
   * Cost so far, in US dollars.
   *
   * @return the cost
   */
  double costUsd();
}
