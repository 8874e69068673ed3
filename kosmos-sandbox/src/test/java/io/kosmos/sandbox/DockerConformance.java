package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
import io.kosmos.testing.ExecutorConformance;
import org.junit.jupiter.api.Test;

/** The conformance suite against a {@link DockerSandboxExecutor}, whatever its configuration. */
abstract class DockerConformance extends ExecutorConformance {

  /** The executor under test, made by the subclass before the tests run. */
  abstract DockerSandboxExecutor docker();

  @Override
  protected Executor executor() {
    return docker();
  }

  @Override
  protected String dataPath(String name) {
    return "/data/" + name;
  }

  @Override
  protected long maxOutputBytes() {
    return docker().config().kernel().maxOutputBytes();
  }

  /**
   * Output whose flush is still on its way when the cell ends goes out before the reply. The output
   * guard skips the flush of an empty stream; a flush in ipykernel's IO thread empties the buffer
   * before it sends, so an empty buffer alone does not mean nothing is left to send. Here the
   * sending is made slow (one second, where a large output on a loaded machine takes some
   * milliseconds): the flush timer fires 0.2 s after the print, and the cell ends while that flush
   * is still sending. The reply used to go out first and the print was lost.
   */
  @Test
  void outputStillBeingSentWhenTheCellEndsArrivesWithItsCell() {
    try (ExecutionSession s = open()) {
      assertThat(
              s.execute(
                      "import sys, time\n"
                          + "session = sys.stdout.session\n"
                          + "send = session.send\n"
                          + "def slow(stream, msg_or_type, *args, **kwargs):\n"
                          + "    if msg_or_type == 'stream':\n"
                          + "        time.sleep(1.0)\n"
                          + "    return send(stream, msg_or_type, *args, **kwargs)",
                      T)
                  .isOk())
          .isTrue();
      ExecutionResult r =
          s.execute("session.send = slow\nprint('sent while the cell ends')\ntime.sleep(0.5)", T);
      assertThat(r.isOk()).isTrue();
      assertThat(r.stdout()).isEqualTo("sent while the cell ends\n");
      ExecutionResult next = s.execute("session.send = send\nprint('next')", T);
      assertThat(next.stdout()).isEqualTo("next\n");
    }
  }
}
