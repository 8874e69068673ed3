package io.kosmos.core.literature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.core.http.TransportOptions;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class SourceBuilderTest {

  @Test
  void optionsFailFastNamingTheOption() {
    assertThatThrownBy(() -> TransportOptions.builder().maxRetries(1).maxRetries(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxRetries was already set; set each option once");
    assertThatThrownBy(() -> ArxivSource.builder().baseUrl("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> TransportOptions.builder().callTimeout(Duration.ZERO))
        .hasMessageContaining("callTimeout");
    assertThatThrownBy(() -> TransportOptions.builder().connectTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> TransportOptions.builder().maxRetries(-1))
        .hasMessageContaining("maxRetries");
    assertThatThrownBy(() -> TransportOptions.builder().requestsPerMinute(-1))
        .hasMessageContaining("requestsPerMinute");
    assertThatThrownBy(
            () -> TransportOptions.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("backoff");
    assertThatThrownBy(() -> TransportOptions.builder().maxRetryAfter(Duration.ofSeconds(-1)))
        .hasMessageContaining("maxRetryAfter");
    assertThatThrownBy(() -> PubMedSource.builder().email("a@b").email("c@d"))
        .hasMessage("email was already set; set each option once");
  }

  @Test
  void allOptionsBuild() {
    PubMedSource source =
        PubMedSource.builder()
            .apiKey(" ")
            .baseUrl("http://127.0.0.1:1/")
            .transport(
                TransportOptions.builder()
                    .connectTimeout(Duration.ofSeconds(1))
                    .callTimeout(Duration.ofSeconds(2))
                    .maxRetries(0)
                    .backoff(Duration.ZERO, Duration.ZERO)
                    .jitter(false)
                    .maxRetryAfter(Duration.ZERO)
                    .requestsPerMinute(0)
                    .httpClient(new OkHttpClient())
                    .clock(java.time.Clock.systemUTC())
                    .sleeper(d -> {})
                    .build())
            .email("lab@example.org")
            .build();
    assertThat(source.toString()).contains("apiKey=not set").contains("127.0.0.1");
    assertThat(source.name()).isEqualTo("pubmed");
  }
}
