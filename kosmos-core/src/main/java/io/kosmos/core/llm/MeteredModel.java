package io.kosmos.core.llm;

import io.kosmos.api.KosmosException;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** Reports every call to Micrometer. The meters are described on {@link LanguageModels#metered}. */
final class MeteredModel implements LanguageModel {
  private final LanguageModel delegate;
  private final MeterRegistry registry;

  MeteredModel(LanguageModel delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
  }

  @Override
  public ModelResponse chat(ModelRequest request) {
    long start = System.nanoTime();
    String outcome = "success";
    try {
      ModelResponse response = delegate.chat(request);
      tokens(request, "input").increment(response.usage().inputTokens());
      tokens(request, "output").increment(response.usage().outputTokens());
      Counter.builder("kosmos.llm.cost")
          .description("Cost of language model calls")
          .baseUnit("usd")
          .tags(tags(request))
          .register(registry)
          .increment(response.costUsd());
      return response;
    } catch (KosmosException e) {
      outcome = e.getClass().getSimpleName();
      throw e;
    } finally {
      Counter.builder("kosmos.llm.calls")
          .description("Language model calls, by outcome")
          .tags(tags(request))
          .tag("outcome", outcome)
          .register(registry)
          .increment();
      Timer.builder("kosmos.llm.latency")
          .description("Wall-clock time of language model calls, retries included")
          .tags(tags(request))
          .register(registry)
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private String[] tags(ModelRequest request) {
    return new String[] {
      "provider", delegate.provider(), "model", delegate.model(), "purpose", request.purpose()
    };
  }

  private Counter tokens(ModelRequest request, String type) {
    return Counter.builder("kosmos.llm.tokens")
        .description("Tokens of language model calls")
        .baseUnit("tokens")
        .tags(tags(request))
        .tag("type", type)
        .register(registry);
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
    return "Metered{" + delegate + "}";
  }
}
