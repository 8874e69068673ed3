package io.kosmos.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kosmos.api.BudgetExceededException;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.kosmos.api.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BudgetTest {

  /** A model that answers at once with fixed usage and cost. */
  static LanguageModel fixed(TokenUsage usage, double cost, AtomicInteger calls) {
    return new LanguageModel() {
      @Override
      public ModelResponse chat(ModelRequest request) {
        calls.incrementAndGet();
        return new ModelResponse(
            "ok", null, List.of(), usage, cost, "end_turn", "m", Duration.ZERO);
      }

      @Override
      public String provider() {
        return "fake";
      }

      @Override
      public String model() {
        return "m";
      }
    };
  }

  private static ModelRequest request(String purpose) {
    return ModelRequest.builder().user("x").purpose(purpose).build();
  }

  @Test
  void stopsOnceTheDollarLimitIsSpentAndSaysHowMuch() {
    Budget budget = Budget.ofUsd(0.25);
    AtomicInteger calls = new AtomicInteger();
    LanguageModel model = LanguageModels.budgeted(fixed(new TokenUsage(10, 5), 0.1, calls), budget);

    model.chat(request("plan"));
    model.chat(request("plan"));
    model.chat(request("review"));

    assertThatThrownBy(() -> model.chat(request("analyst")))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("spent $0.3000 of $0.25")
        .hasMessageContaining("after 3 calls")
        .hasMessageContaining("analyst");
    assertThat(calls).hasValue(3);
    Budget.Snapshot snapshot = budget.snapshot();
    assertThat(snapshot.exhausted()).isTrue();
    assertThat(snapshot.total().calls()).isEqualTo(3);
    assertThat(snapshot.total().tokens()).isEqualTo(45);
    assertThat(snapshot.total().costUsd()).isCloseTo(0.3, within(1e-9));
    assertThat(snapshot.byPurpose()).containsOnlyKeys("plan", "review");
    assertThat(snapshot.byPurpose().get("plan").calls()).isEqualTo(2);
    assertThat(snapshot.maxUsd()).isEqualTo(0.25);
  }

  @Test
  void stopsOnceTheTokenLimitIsUsed() {
    Budget budget = Budget.ofTokens(100);
    LanguageModel model =
        LanguageModels.budgeted(fixed(new TokenUsage(40, 20), 0, new AtomicInteger()), budget);

    model.chat(request("a"));
    model.chat(request("a"));

    assertThatThrownBy(() -> model.chat(request("a")))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("used 120 of 100 tokens");
  }

  @Test
  void unlimitedOnlyCounts() {
    Budget budget = Budget.unlimited();
    LanguageModel model =
        LanguageModels.budgeted(fixed(new TokenUsage(1, 1), 1000, new AtomicInteger()), budget);
    for (int i = 0; i < 5; i++) {
      model.chat(request("a"));
    }
    assertThat(budget.isExhausted()).isFalse();
    assertThat(budget.snapshot().total().costUsd()).isEqualTo(5000);
    assertThat(budget.maxUsd()).isEmpty();
    assertThat(budget.toString()).contains("unlimited");
  }

  @Test
  void concurrentCallsAreAllCounted() throws Exception {
    Budget budget = Budget.unlimited();
    LanguageModel model =
        LanguageModels.budgeted(fixed(new TokenUsage(3, 2), 0.001, new AtomicInteger()), budget);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String purpose = "p" + (t % 3);
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 250; i++) {
                    model.chat(request(purpose));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Budget.Snapshot snapshot = budget.snapshot();
    assertThat(snapshot.total().calls()).isEqualTo(2000);
    assertThat(snapshot.total().inputTokens()).isEqualTo(6000);
    assertThat(snapshot.total().outputTokens()).isEqualTo(4000);
    assertThat(snapshot.total().costUsd()).isCloseTo(2.0, within(1e-9));
    assertThat(snapshot.byPurpose().values().stream().mapToLong(Budget.Totals::calls).sum())
        .isEqualTo(2000);
  }

  @Test
  void concurrentCallsStopAtTheLimitOverspendingAtMostTheCallsInFlight() throws Exception {
    Budget budget = Budget.ofUsd(1.0);
    LanguageModel model =
        LanguageModels.budgeted(fixed(new TokenUsage(1, 1), 0.01, new AtomicInteger()), budget);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger refused = new AtomicInteger();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    try {
                      model.chat(request("x"));
                    } catch (BudgetExceededException e) {
                      refused.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    long calls = budget.snapshot().total().calls();
    assertThat(calls).isBetween(100L, 104L);
    assertThat(refused.get() + calls).isEqualTo(400);
  }

  @Test
  void builderRejectsBadAndRepeatedLimits() {
    assertThatThrownBy(() -> Budget.ofUsd(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Budget.ofTokens(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Budget.builder().maxUsd(1).maxUsd(2))
        .hasMessage("maxUsd was already set; set each option once");
  }

  @Test
  void absurdUsageSaturatesInsteadOfOverflowingAndTheBudgetBinds() {
    Budget budget = Budget.ofTokens(1_000_000);
    LanguageModel model =
        LanguageModels.budgeted(
            fixed(new TokenUsage(Long.MAX_VALUE, Long.MAX_VALUE), 0, new AtomicInteger()), budget);

    model.chat(request("plan"));
    budget.record("plan", new TokenUsage(Long.MAX_VALUE, Long.MAX_VALUE), 0);

    Budget.Totals total = budget.snapshot().total();
    assertThat(total.inputTokens()).isEqualTo(Long.MAX_VALUE);
    assertThat(total.tokens()).isEqualTo(Long.MAX_VALUE);
    assertThat(budget.snapshot().byPurpose().get("plan").outputTokens()).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> model.chat(request("review")))
        .isInstanceOf(BudgetExceededException.class);
  }

  @Test
  void aCostThatIsNoNumberCountsAsNothingSoTheDollarLimitStillBinds() {
    Budget budget = Budget.ofUsd(1);

    budget.record("plan", new TokenUsage(1, 1), Double.NaN);
    budget.record("plan", new TokenUsage(1, 1), -5);
    budget.record("plan", new TokenUsage(1, 1), Double.POSITIVE_INFINITY);
    assertThat(budget.snapshot().total().costUsd()).isZero();
    budget.record("plan", new TokenUsage(1, 1), 1.5);

    assertThat(budget.isExhausted()).isTrue();
  }

  @Test
  void estimatedCallsAreCountedAndNamedWhenTheBudgetIsSpent() {
    Budget budget = Budget.ofTokens(100);

    budget.record("plan", TokenUsage.estimate(80, 30), 0);
    budget.record("plan", new TokenUsage(1, 1), 0);

    assertThat(budget.snapshot().total().estimatedCalls()).isEqualTo(1);
    assertThatThrownBy(() -> budget.check("review"))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("used 112 of 100 tokens")
        .hasMessageContaining("1 call(s) estimated");
  }

  @Test
  void listenersHearEveryCallWithTheTotalsAndAFailingOneIsIgnored() {
    Budget budget = Budget.unlimited();
    List<Long> heard = new ArrayList<>();
    Budget.Listener listener = total -> heard.add(total.tokens());
    budget.addListener(
        total -> {
          throw new IllegalStateException("broken listener");
        });
    budget.addListener(listener);

    budget.record("plan", new TokenUsage(10, 5), 0);
    budget.record("plan", new TokenUsage(1, 1), 0);
    budget.removeListener(listener);
    budget.record("plan", new TokenUsage(1, 1), 0);

    assertThat(heard).containsExactly(15L, 17L);
  }

  @Test
  void tokenUsageSumsSaturate() {
    TokenUsage big = new TokenUsage(Long.MAX_VALUE - 1, 5);

    assertThat(big.plus(big)).isEqualTo(new TokenUsage(Long.MAX_VALUE, 10));
    assertThat(big.total()).isEqualTo(Long.MAX_VALUE);
    assertThat(big.plus(TokenUsage.estimate(0, 0)).estimated()).isTrue();
    TokenUsage cached = new TokenUsage(Long.MAX_VALUE, 0, Long.MAX_VALUE - 1, 1);
    assertThat(cached.plus(cached)).isEqualTo(new TokenUsage(Long.MAX_VALUE, 0, Long.MAX_VALUE, 2));
    assertThatThrownBy(() -> new TokenUsage(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input -1");
  }
}
