package io.kosmos.core.llm;

import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Reports every call to Micrometer, with the names and attributes of the OpenTelemetry semantic
 * conventions for generative AI clients, and wraps it in an {@link Observation} (a span, where the
 * application's observation registry traces). The meters are described on {@link
 * LanguageModels#metered(LanguageModel, MeterRegistry)}.
 */
final class MeteredModel implements LanguageModel {

  /** The bucket bounds the conventions advise for {@code gen_ai.client.operation.duration}. */
  private static final Duration[] DURATION_BUCKETS = durations(0.01, 14);

  /** The bucket bounds the conventions advise for {@code gen_ai.client.token.usage}. */
  private static final double[] TOKEN_BUCKETS = powers(1, 4, 14);

  private final LanguageModel delegate;
  private final MeterRegistry registry;
  private final ObservationRegistry observations;

  MeteredModel(LanguageModel delegate, MeterRegistry registry, ObservationRegistry observations) {
    this.delegate = delegate;
    this.registry = registry;
    this.observations = observations;
  }

  @Override
  public ModelResponse chat(ModelRequest request) {
    Tags tags =
        Tags.of(
            "gen_ai.operation.name", "chat",
            "gen_ai.provider.name", delegate.provider(),
            "gen_ai.request.model", delegate.model(),
            "kosmos.purpose", request.purpose());
    Observation observation =
        Observation.createNotStarted("gen_ai.client.operation", observations)
            .contextualName("chat " + delegate.model());
    tags.forEach(t -> observation.lowCardinalityKeyValue(t.getKey(), t.getValue()));
    observation.start();
    long start = System.nanoTime();
    String error = "none";
    try (Observation.Scope scope = observation.openScope()) {
      ModelResponse response = delegate.chat(request);
      tokens(tags, "input", response.usage().inputTokens());
      tokens(tags, "output", response.usage().outputTokens());
      Counter.builder("kosmos.llm.cost")
          .description("Cost of language model calls, from the price table")
          .baseUnit("usd")
          .tags(tags)
          .register(registry)
          .increment(response.costUsd());
      return response;
    } catch (RuntimeException e) {
      error = e.getClass().getSimpleName();
      observation.error(e);
      throw e;
    } finally {
      Timer.builder("gen_ai.client.operation.duration")
          .description("Duration of language model calls, retries included")
          .tags(tags)
          .tag("error.type", error)
          .serviceLevelObjectives(DURATION_BUCKETS)
          .register(registry)
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      observation.lowCardinalityKeyValue("error.type", error);
      observation.stop();
    }
  }

  private void tokens(Tags tags, String type, long count) {
    DistributionSummary.builder("gen_ai.client.token.usage")
        .description("Tokens used per language model call, by token type")
        .tags(tags)
        .tag("gen_ai.token.type", type)
        .serviceLevelObjectives(TOKEN_BUCKETS)
        .register(registry)
        .record(count);
  }

  private static Duration[] durations(double firstSeconds, int count) {
    Duration[] d = new Duration[count];
    double s = firstSeconds;
    for (int i = 0; i < count; i++) {
      d[i] = Duration.ofNanos(Math.round(s * 1e9));
      s *= 2;
    }
    return d;
  }

  private static double[] powers(double first, double factor, int count) {
    double[] d = new double[count];
    double v = first;
    for (int i = 0; i < count; i++) {
      d[i] = v;
      v *= factor;
    }
    return d;
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
