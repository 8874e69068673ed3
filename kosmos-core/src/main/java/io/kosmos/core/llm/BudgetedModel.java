package io.kosmos.core.llm;

import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;

/**
 * Checks a {@link Budget} before each call and counts the call after it, also a call that failed
 * after the provider answered ({@link ChargedFailure}).
 */
final class BudgetedModel implements LanguageModel {
  private final LanguageModel delegate;
  private final Budget budget;

  BudgetedModel(LanguageModel delegate, Budget budget) {
    this.delegate = delegate;
    this.budget = budget;
  }

  @Override
  public ModelResponse chat(ModelRequest request) {
    budget.check(request.purpose());
    ModelResponse response;
    try {
      response = delegate.chat(request);
    } catch (ChargedFailure e) {
      budget.record(request.purpose(), e.usage(), e.costUsd());
      throw e;
    }
    budget.record(
        request.purpose(), response.usage(), response.costUsd(), response.cacheSavingUsd());
    return response;
  }

  @Override
  public String provider() {
    return delegate.provider();
  }

  @Override
  public String model() {
    return delegate.model();
  }

  @Override
  public String toString() {
    return "Budgeted{" + delegate + ", " + budget + "}";
  }
}
