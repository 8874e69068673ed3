package io.kosmos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Output;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MockExecutorTest {

  private final MockExecutor executor = new MockExecutor();

  private ExecutionSession session() {
    return executor.openSession(SessionOptions.builder().runId("r1").taskId("t1").build());
  }

  @Test
  void exactRegexAndPredicateRulesAnswerInOrder() {
    executor.when("print(1 + 1)").thenOutput("2\n");
    executor.whenMatches("(?s).*read_csv.*").thenOutput("rows: 442\n");
    executor
        .whenCode(code -> code.contains("1/0"))
        .thenError("ZeroDivisionError", "division by zero");

    try (ExecutionSession session = session()) {
      assertThat(session.execute("  print(1 + 1)\n").stdout()).isEqualTo("2\n");
      assertThat(session.execute("import pandas as pd\ndf = pd.read_csv('/data/x.csv')").text())
          .isEqualTo("rows: 442\n");
      ExecutionResult failed = session.execute("x = 1/0");
      assertThat(failed.status()).isEqualTo(ExecutionResult.Status.ERROR);
      assertThat(failed.error().name()).isEqualTo("ZeroDivisionError");
      assertThat(failed.error().plainTraceback()).contains("ZeroDivisionError: division by zero");
    }
  }

  @Test
  void firstMatchingRuleWins() {
    executor.whenMatches("(?s).*").thenOutput("first\n");
    executor.when("x").thenOutput("second\n");
    try (ExecutionSession session = session()) {
      assertThat(session.execute("x").stdout()).isEqualTo("first\n");
    }
  }

  @Test
  void unmatchedCodeGetsTheDefault() {
    try (ExecutionSession session = session()) {
      ExecutionResult result = session.execute("anything()");
      assertThat(result.isOk()).isTrue();
      assertThat(result.outputs()).isEmpty();
    }
    executor.otherwise(code -> MockExecutor.stdout("echo: " + code));
    try (ExecutionSession session = session()) {
      assertThat(session.execute("abc").stdout()).isEqualTo("echo: abc");
    }
  }

  @Test
  void consecutiveAnswersThenTheLastRepeats() {
    executor.when("step()").thenOutput("1").thenOutput("2");
    try (ExecutionSession session = session()) {
      assertThat(session.execute("step()").stdout()).isEqualTo("1");
      assertThat(session.execute("step()").stdout()).isEqualTo("2");
      assertThat(session.execute("step()").stdout()).isEqualTo("2");
    }
  }

  @Test
  void simulatedTimeoutUsesTheCallsLimit() {
    executor.whenMatches("(?s).*while True.*").thenTimeout();
    try (ExecutionSession session = session()) {
      ExecutionResult result = session.execute("while True: pass", Duration.ofSeconds(3));
      assertThat(result.status()).isEqualTo(ExecutionResult.Status.TIMEOUT);
      assertThat(result.elapsed()).isEqualTo(Duration.ofSeconds(3));
      assertThat(result.kernelRestarted()).isTrue();
      assertThat(result.error().value()).contains("3 s");
    }
  }

  @Test
  void simulatedSandboxFailureIsThrown() {
    executor.when("boom").thenThrow(new SandboxUnavailableException("engine gone"));
    try (ExecutionSession session = session()) {
      assertThatThrownBy(() -> session.execute("boom"))
          .isInstanceOf(SandboxUnavailableException.class)
          .hasMessage("engine gone");
    }
  }

  @Test
  void callsAreRecordedWithTheirSession() {
    try (ExecutionSession session = session()) {
      session.execute("a = 1");
      session.execute("print(a)", Duration.ofSeconds(5));
    }
    assertThat(executor.calls())
        .extracting(MockExecutor.Call::code)
        .containsExactly("a = 1", "print(a)");
    MockExecutor.Call second = executor.calls().get(1);
    assertThat(second.runId()).isEqualTo("r1");
    assertThat(second.taskId()).isEqualTo("t1");
    assertThat(second.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(executor.callsMatching("print")).hasSize(1);
    assertThat(executor.openedSessions()).hasSize(1);
    assertThat(executor.openSessionCount()).isZero();
  }

  @Test
  void executionCountsRiseWithinASession() {
    try (ExecutionSession session = session()) {
      assertThat(session.execute("1").executionCount()).isEqualTo(1);
      assertThat(session.execute("2").executionCount()).isEqualTo(2);
    }
  }

  @Test
  void listenerSeesEveryOutput() {
    executor.when("show()").thenReturn(MockExecutor.stdout("hello\n"));
    List<Output> seen = new ArrayList<>();
    try (ExecutionSession session = session()) {
      session.execute("show()", Duration.ofSeconds(1), seen::add);
    }
    assertThat(seen).containsExactly(new Output.Stream("stdout", "hello\n"));
  }

  @Test
  void filesRoundTripAndRulesCanWriteOutputs() {
    executor
        .whenMatches("(?s).*to_csv.*")
        .thenOutput("saved")
        .thenWriteFile("output/table.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
    try (ExecutionSession session = session()) {
      session.upload("input/params.json", "{}".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(session.download("input/params.json"), StandardCharsets.UTF_8))
          .isEqualTo("{}");
      session.execute("df.to_csv('output/table.csv')");
      assertThat(session.listOutputFiles()).containsExactly("output/table.csv");
      assertThat(session.download("output/table.csv")).asString().startsWith("a,b");
    }
  }

  @Test
  void badPathsAndMissingFilesGetClearErrors() {
    try (ExecutionSession session = session()) {
      assertThatThrownBy(() -> session.upload("../escape", new byte[0]))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("stay inside");
      assertThatThrownBy(() -> session.download("/etc/passwd"))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> session.download("output/none.csv"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("no file 'output/none.csv'");
    }
  }

  @Test
  void closedSessionRefusesWork() {
    ExecutionSession session = session();
    session.close();
    assertThatThrownBy(() -> session.execute("1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void oneShotExecuteOpensAndClosesASession() {
    executor.when("print('once')").thenOutput("once\n");
    ExecutionResult result = executor.execute("print('once')", Duration.ofSeconds(2), 1 << 20);
    assertThat(result.stdout()).isEqualTo("once\n");
    assertThat(executor.openedSessions())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.memoryLimitBytes()).isEqualTo(1 << 20);
              assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(2));
            });
    assertThat(executor.openSessionCount()).isZero();
  }

  @Test
  void safeUnderConcurrentUse() throws Exception {
    executor.whenMatches("n=\\d+").thenAnswer(r -> MockExecutor.stdout(r.code().substring(2)));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int n = i;
        results.add(
            pool.submit(
                () -> {
                  try (ExecutionSession s = session()) {
                    return s.execute("n=" + n).stdout();
                  }
                }));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo(String.valueOf(i));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(executor.calls()).hasSize(400);
    assertThat(executor.openSessionCount()).isZero();
  }

  @Test
  void closingTheExecutorClosesItsSessions() {
    ExecutionSession session = session();
    executor.close();
    assertThatThrownBy(() -> session.execute("1")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(this::session).isInstanceOf(IllegalStateException.class);
  }
}
