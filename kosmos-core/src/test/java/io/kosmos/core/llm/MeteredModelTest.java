package io.kosmos.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelRateLimitException;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.kosmos.api.TokenUsage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MeteredModelTest {

  @Test
  void reportsDurationTokensAndCostUnderTheGenAiNamesWithTheirBuckets() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LanguageModel model =
        LanguageModels.metered(
            BudgetTest.fixed(new TokenUsage(100, 20), 0.5, new AtomicInteger()), registry);

    ModelResponse response = model.chat(ModelRequest.builder().user("x").purpose("plan").build());
    model.chat(ModelRequest.builder().user("x").purpose("plan").build());

    assertThat(response.text()).isEqualTo("ok");
    DistributionSummary input =
        registry
            .get("gen_ai.client.token.usage")
            .tag("gen_ai.token.type", "input")
            .tag("gen_ai.operation.name", "chat")
            .tag("gen_ai.provider.name", "fake")
            .tag("gen_ai.request.model", "m")
            .tag("kosmos.purpose", "plan")
            .summary();
    assertThat(input.count()).isEqualTo(2);
    assertThat(input.totalAmount()).isEqualTo(200);
    // 100 tokens fall in the bucket up to 256 (1, 4, 16, 64, 256, ...)
    CountAtBucket[] buckets = input.takeSnapshot().histogramCounts();
    assertThat(buckets).hasSize(14);
    assertThat(buckets[3].bucket()).isEqualTo(64);
    assertThat(buckets[3].count()).isZero();
    assertThat(buckets[4].count()).isEqualTo(2);
    assertThat(
            registry
                .get("gen_ai.client.token.usage")
                .tag("gen_ai.token.type", "output")
                .summary()
                .totalAmount())
        .isEqualTo(40);
    assertThat(registry.get("kosmos.llm.cost").tag("kosmos.purpose", "plan").counter().count())
        .isEqualTo(1.0);
    Timer duration =
        registry.get("gen_ai.client.operation.duration").tag("error.type", "none").timer();
    assertThat(duration.count()).isEqualTo(2);
    CountAtBucket[] durationBuckets = duration.takeSnapshot().histogramCounts();
    assertThat(durationBuckets).hasSize(14);
    assertThat(durationBuckets[0].bucket(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(0.01);
    assertThat(durationBuckets[13].bucket(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(81.92);
  }

  @Test
  void aFailedCallIsTimedWithItsErrorTypeAndTheRequestReachesTheModelUnchanged() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LanguageModel failing = mock(LanguageModel.class);
    when(failing.provider()).thenReturn("anthropic");
    when(failing.model()).thenReturn("m");
    when(failing.chat(any())).thenThrow(new ModelRateLimitException("slow down", null));
    LanguageModel model = LanguageModels.metered(failing, registry);
    ModelRequest request = ModelRequest.builder().user("x").build();

    assertThatThrownBy(() -> model.chat(request)).isInstanceOf(ModelRateLimitException.class);
    assertThat(
            registry
                .get("gen_ai.client.operation.duration")
                .tag("error.type", "ModelRateLimitException")
                .tag("gen_ai.provider.name", "anthropic")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.find("gen_ai.client.token.usage").meters()).isEmpty();
    verify(failing).chat(request);
  }

  @Test
  void eachCallIsAnObservationNamedAfterTheConventionsWithTheSameKeyValues() {
    List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    ObservationRegistry observations = ObservationRegistry.create();
    observations
        .observationConfig()
        .observationHandler(
            new ObservationHandler<>() {
              @Override
              public void onStop(Observation.Context context) {
                stopped.add(context);
              }

              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }
            });
    LanguageModel model =
        LanguageModels.metered(
            BudgetTest.fixed(new TokenUsage(10, 2), 0.01, new AtomicInteger()),
            new SimpleMeterRegistry(),
            observations);

    model.chat(ModelRequest.builder().user("x").purpose("report").build());

    assertThat(stopped).hasSize(1);
    Observation.Context c = stopped.getFirst();
    assertThat(c.getName()).isEqualTo("gen_ai.client.operation");
    assertThat(c.getContextualName()).isEqualTo("chat m");
    assertThat(c.getLowCardinalityKeyValue("gen_ai.provider.name").getValue()).isEqualTo("fake");
    assertThat(c.getLowCardinalityKeyValue("kosmos.purpose").getValue()).isEqualTo("report");
    assertThat(c.getLowCardinalityKeyValue("error.type").getValue()).isEqualTo("none");
  }
}
