package io.kosmos.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponseException;
import io.kosmos.core.http.TransportOptions;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BudgetedModelTest {

  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse signInPage() {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "text/html")
        .body("<html><body><h1>Please sign in</h1>" + "x".repeat(4000) + "</body></html>")
        .build();
  }

  @Test
  void aCallWhoseAnswersAreAllUnreadableFailsAndIsStillCounted() {
    LanguageModel client =
        AnthropicModel.builder()
            .apiKey("sk-ant-test-key")
            .baseUrl(server.url("/").toString())
            .priceTable(PriceTable.empty().withPrice("claude-sonnet-4-5", 3, 15))
            .transport(TransportOptions.builder().maxRetries(0).build())
            .build();
    server.enqueue(signInPage());
    server.enqueue(signInPage());
    Budget budget = Budget.unlimited();
    LanguageModel model = LanguageModels.budgeted(client, budget);

    assertThatThrownBy(() -> model.chat(ModelRequest.builder().purpose("plan").user("Hi").build()))
        .isInstanceOf(ModelResponseException.class)
        .hasMessageContaining("malformed");

    assertThat(server.getRequestCount()).isEqualTo(2);
    Budget.Totals total = budget.snapshot().total();
    assertThat(total.calls()).isEqualTo(1);
    assertThat(total.estimatedCalls()).isEqualTo(1);
    // both pages, estimated from their bytes (about 4 bytes a token), and priced
    assertThat(total.outputTokens()).isGreaterThanOrEqualTo(2 * 4000 / 4);
    assertThat(total.costUsd()).isPositive();
  }
}
