package io.kosmos.core.llm;

import io.kosmos.api.ModelResponseException;
import io.kosmos.api.TokenUsage;

/**
 * A call that failed although the provider answered (every answer unreadable: cut off JSON, an HTML
 * page with status 200): the failure, with the usage and cost its answers are counted as, so that a
 * {@link BudgetedModel} counts them too.
 */
final class ChargedFailure extends ModelResponseException {
  private static final long serialVersionUID = 1L;

  private final transient TokenUsage usage;
  private final double costUsd;

  ChargedFailure(ModelResponseException failure, TokenUsage usage, double costUsd) {
    super(failure.getMessage(), failure.getCause());
    this.usage = usage;
    this.costUsd = costUsd;
  }

  /** The tokens the answers are counted as (estimated from their bytes). */
  TokenUsage usage() {
    return usage;
  }

  /** Their cost at the model's price. */
  double costUsd() {
    return costUsd;
  }
}
