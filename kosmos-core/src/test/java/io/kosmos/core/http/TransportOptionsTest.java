package io.kosmos.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.Sleeper;
import io.kosmos.core.literature.ArxivSource;
import io.kosmos.core.llm.AnthropicModel;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransportOptionsTest {

  @Test
  void defaultsLeaveTheClientDependentOptionsToTheClient() {
    TransportOptions d = TransportOptions.defaults();
    assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.maxRetries()).isEqualTo(4);
    assertThat(d.jitter()).isTrue();
    assertThat(d.maxRetryAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.clock()).isEqualTo(Clock.systemUTC());
    assertThat(d.sleeper()).isSameAs(Sleeper.SYSTEM);
    assertThat(d.readTimeout()).isEmpty();
    assertThat(d.callTimeout()).isEmpty();
    assertThat(d.backoffBase()).isEmpty();
    assertThat(d.backoffMax()).isEmpty();
    assertThat(d.maxConcurrentRequests()).isEmpty();
    assertThat(d.requestsPerMinute()).isEmpty();
    assertThat(d.httpClient()).isEmpty();
    assertThat(d).isEqualTo(TransportOptions.builder().build());
    assertThat(d.toString()).startsWith("TransportOptions[connectTimeout=PT10S, readTimeout=null");
  }

  @Test
  void everyOptionIsKept() {
    OkHttpClient http = new OkHttpClient();
    Sleeper sleeper = d -> {};
    TransportOptions t =
        TransportOptions.builder()
            .connectTimeout(Duration.ofSeconds(1))
            .readTimeout(Duration.ofSeconds(2))
            .callTimeout(Duration.ofSeconds(3))
            .maxRetries(0)
            .backoff(Duration.ZERO, Duration.ofSeconds(5))
            .jitter(false)
            .maxRetryAfter(Duration.ZERO)
            .maxConcurrentRequests(2)
            .requestsPerMinute(30)
            .httpClient(http)
            .clock(Clock.systemDefaultZone())
            .sleeper(sleeper)
            .build();
    assertThat(t.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(t.readTimeout()).contains(Duration.ofSeconds(2));
    assertThat(t.callTimeout()).contains(Duration.ofSeconds(3));
    assertThat(t.maxRetries()).isZero();
    assertThat(t.backoffBase()).contains(Duration.ZERO);
    assertThat(t.backoffMax()).contains(Duration.ofSeconds(5));
    assertThat(t.jitter()).isFalse();
    assertThat(t.maxRetryAfter()).isEqualTo(Duration.ZERO);
    assertThat(t.maxConcurrentRequests()).hasValue(2);
    assertThat(t.requestsPerMinute()).hasValue(30);
    assertThat(t.httpClient()).containsSame(http);
    assertThat(t.clock()).isEqualTo(Clock.systemDefaultZone());
    assertThat(t.sleeper()).isSameAs(sleeper);
  }

  @Test
  void newBuilderCopiesAndLetsEachOptionBeSetOnceMore() {
    TransportOptions base =
        TransportOptions.builder().maxRetries(1).callTimeout(Duration.ofSeconds(9)).build();
    TransportOptions derived = base.newBuilder().maxRetries(3).build();
    assertThat(derived.maxRetries()).isEqualTo(3);
    assertThat(derived.callTimeout()).contains(Duration.ofSeconds(9));
    assertThat(base.maxRetries()).isEqualTo(1);
    assertThat(base.newBuilder().build()).isEqualTo(base).hasSameHashCodeAs(base);
    assertThatThrownBy(() -> base.newBuilder().maxRetries(2).maxRetries(3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxRetries was already set; set each option once");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "connectTimeout",
        "readTimeout",
        "callTimeout",
        "maxRetries",
        "backoff",
        "jitter",
        "maxRetryAfter",
        "maxConcurrentRequests",
        "requestsPerMinute",
        "httpClient",
        "clock",
        "sleeper"
      })
  void settingAnOptionTwiceFailsNamingIt(String option) {
    Consumer<TransportOptions.Builder> set = setter(option);
    TransportOptions.Builder b = TransportOptions.builder();
    set.accept(b);
    assertThatThrownBy(() -> set.accept(b))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(option + " was already set; set each option once");
  }

  private static Consumer<TransportOptions.Builder> setter(String option) {
    return switch (option) {
      case "connectTimeout" -> b -> b.connectTimeout(Duration.ofSeconds(1));
      case "readTimeout" -> b -> b.readTimeout(Duration.ofSeconds(1));
      case "callTimeout" -> b -> b.callTimeout(Duration.ofSeconds(1));
      case "maxRetries" -> b -> b.maxRetries(1);
      case "backoff" -> b -> b.backoff(Duration.ZERO, Duration.ZERO);
      case "jitter" -> b -> b.jitter(false);
      case "maxRetryAfter" -> b -> b.maxRetryAfter(Duration.ZERO);
      case "maxConcurrentRequests" -> b -> b.maxConcurrentRequests(1);
      case "requestsPerMinute" -> b -> b.requestsPerMinute(1);
      case "httpClient" -> b -> b.httpClient(new OkHttpClient());
      case "clock" -> b -> b.clock(Clock.systemUTC());
      case "sleeper" -> b -> b.sleeper(d -> {});
      default -> throw new IllegalArgumentException(option);
    };
  }

  @Test
  void badValuesFailWhenSetNamingTheOptionAndTheValue() {
    assertThatThrownBy(() -> TransportOptions.builder().readTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> TransportOptions.builder().maxConcurrentRequests(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConcurrentRequests must be 1 or more, was 0");
    assertThatThrownBy(() -> TransportOptions.builder().maxRetries(-2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRetries must be 0 or more, was -2");
    assertThatThrownBy(
            () -> TransportOptions.builder().backoff(Duration.ofSeconds(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backoff")
        .hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> TransportOptions.builder().callTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("callTimeout");
  }

  @Test
  void oneValueServesAModelClientAndALiteratureSource() {
    TransportOptions transport = TransportOptions.builder().maxRetries(0).sleeper(d -> {}).build();
    assertThat(AnthropicModel.builder().apiKey("k-1").transport(transport).build().model())
        .isEqualTo(AnthropicModel.DEFAULT_MODEL);
    assertThat(ArxivSource.builder().transport(transport).build().name()).isEqualTo("arxiv");
    assertThatThrownBy(() -> ArxivSource.builder().transport(transport).transport(transport))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("transport was already set; set each option once");
  }
}
