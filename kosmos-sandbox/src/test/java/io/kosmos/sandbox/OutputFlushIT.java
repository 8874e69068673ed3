package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Output;
import io.kosmos.api.SessionOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The output guard's flushes in a real kernel: a cell that writes nothing makes ipykernel's stream
 * wait for its IOPub thread not once, a cell that writes does, and what it wrote still comes before
 * its result; ipykernel's sleep before each reply is off.
 */
class OutputFlushIT {

  static final Duration T = Duration.ofSeconds(60);

  /** Counts the calls that reach ipykernel's own stdout stream's flush (the waiting one). */
  private static final String COUNT_FLUSHES =
      """
      import sys
      _inner = sys.stdout.__dict__['_stream']
      _real_flush = type(_inner).flush
      _flushes = [0]
      def _counted(*a):
          _flushes[0] += 1
          return _real_flush(_inner)
      _inner.flush = _counted
      """;

  @Test
  void onlyAStreamWithSomethingToSendIsFlushedAndOutputStillComesFirst() throws Exception {
    SandboxEngine.require();
    Path root = SandboxEngine.tempRoot("output-flush");
    try (DockerSandboxExecutor executor =
            DockerSandboxExecutor.create(
                SandboxEngine.testConfig(root)
                    .pool(SandboxEngine.TEST_POOL.newBuilder().minIdle(0).build())
                    .build());
        ExecutionSession s = executor.openSession(SessionOptions.builder().build())) {
      assertThat(s.execute("print(get_ipython().kernel._execute_sleep)", T).stdout())
          .isEqualTo("0.0\n");
      assertThat(s.execute(COUNT_FLUSHES, T).isOk()).isTrue();

      s.execute("_flushes[0] = 0", T);
      assertThat(s.execute("1 + 1", T).text()).contains("2");
      assertThat(s.execute("print(_flushes[0])", T).stdout())
          .as("flushes that reached the stream during a cell that wrote nothing")
          .isEqualTo("0\n");

      List<String> order = Collections.synchronizedList(new ArrayList<>());
      s.execute("_flushes[0] = 0", T);
      ExecutionResult wrote =
          s.execute(
              "print('no newline', end='')\n6 * 7",
              T,
              o -> {
                if (o instanceof Output.Stream st) {
                  order.add("stream:" + st.text());
                } else if (o instanceof Output.ExecuteResult r) {
                  order.add("result:" + r.data().get("text/plain"));
                }
              });
      assertThat(wrote.stdout()).isEqualTo("no newline");
      assertThat(order).containsExactly("stream:no newline", "result:42");
      assertThat(Integer.parseInt(s.execute("print(_flushes[0])", T).stdout().strip()))
          .as("flushes that reached the stream during a cell that wrote")
          .isPositive();

      // Output that reaches the file descriptor (as from C code or a subprocess) still arrives.
      ExecutionResult fd = s.execute("import os\nos.write(1, b'from the fd\\n')\nNone", T);
      assertThat(fd.stdout()).contains("from the fd");
    }
  }
}
