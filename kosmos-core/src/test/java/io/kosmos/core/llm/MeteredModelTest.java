package io.kosmos.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelException;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.kosmos.api.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MeteredModelTest {

  @Test
  void countsTokensCostCallsAndLatencyByProviderModelAndPurpose() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LanguageModel model =
        LanguageModels.metered(
            BudgetTest.fixed(new TokenUsage(100, 20), 0.5, new AtomicInteger()), registry);

    ModelResponse response = model.chat(ModelRequest.builder().user("x").purpose("plan").build());
    model.chat(ModelRequest.builder().user("x").purpose("plan").build());

    assertThat(response.text()).isEqualTo("ok");
    assertThat(
            registry
                .get("kosmos.llm.tokens")
                .tag("type", "input")
                .tag("purpose", "plan")
                .counter()
                .count())
        .isEqualTo(200);
    assertThat(registry.get("kosmos.llm.tokens").tag("type", "output").counter().count())
        .isEqualTo(40);
    assertThat(registry.get("kosmos.llm.cost").tag("provider", "fake").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("kosmos.llm.calls").tag("outcome", "success").counter().count())
        .isEqualTo(2);
    assertThat(registry.get("kosmos.llm.latency").tag("model", "m").timer().count()).isEqualTo(2);
  }

  @Test
  void failuresAreCountedByTypeAndTheRequestReachesTheModelUnchanged() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LanguageModel failing = mock(LanguageModel.class);
    when(failing.provider()).thenReturn("fake");
    when(failing.model()).thenReturn("m");
    when(failing.chat(any())).thenThrow(new ModelException("down"));
    LanguageModel model = LanguageModels.metered(failing, registry);
    ModelRequest request = ModelRequest.builder().user("x").build();

    assertThatThrownBy(() -> model.chat(request)).isInstanceOf(ModelException.class);
    assertThat(registry.get("kosmos.llm.calls").tag("outcome", "ModelException").counter().count())
        .isEqualTo(1);
    verify(failing).chat(request);
  }
}
