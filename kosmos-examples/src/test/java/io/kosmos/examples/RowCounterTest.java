package io.kosmos.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
import io.kosmos.api.SessionOptions;
import io.kosmos.testing.MockExecutor;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Testing with the kit (the example of docs/testing.md): an application class that runs code
 * through an {@link Executor}, tested with the test kit's {@link MockExecutor} instead of a real
 * sandbox, so the test needs no Docker and runs in milliseconds.
 */
class RowCounterTest {

  /** The application code under test: counts the rows of a dataset in the sandbox. */
  static final class RowCounter {
    private final Executor executor;

    RowCounter(Executor executor) {
      this.executor = executor;
    }

    int count(String dataset) {
      SessionOptions options = SessionOptions.builder().taskId("count-rows").build();
      try (ExecutionSession session = executor.openSession(options)) {
        ExecutionResult result =
            session.execute(
                "import pandas as pd\nprint(len(pd.read_csv('/data/" + dataset + "')))",
                Duration.ofSeconds(30));
        if (!result.isOk()) {
          throw new IllegalStateException(result.error().plainTraceback());
        }
        return Integer.parseInt(result.stdout().strip());
      }
    }
  }

  @Test
  void countsRows() {
    MockExecutor executor = new MockExecutor();
    executor.whenMatches("(?s).*read_csv\\('/data/diabetes.csv'\\).*").thenOutput("442\n");

    assertThat(new RowCounter(executor).count("diabetes.csv")).isEqualTo(442);

    assertThat(executor.calls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.taskId()).isEqualTo("count-rows");
              assertThat(call.timeout()).isEqualTo(Duration.ofSeconds(30));
            });
  }

  @Test
  void reportsTheKernelsError() {
    MockExecutor executor = new MockExecutor();
    executor.whenMatches("(?s).*read_csv.*").thenError("FileNotFoundException", "no such file");

    RowCounter counter = new RowCounter(executor);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> counter.count("missing.csv"))
        .hasMessageContaining("FileNotFoundException: no such file");
  }
}
