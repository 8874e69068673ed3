package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.ExecutionSession;
import io.kosmos.api.SessionOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite against {@link DockerSandboxExecutor} with {@link
 * SandboxConfig.KernelTransport#WEBSOCKET}: cells go through the container's Jupyter Server instead
 * of straight to the kernel's ZeroMQ sockets (the default, covered by {@link
 * DockerSandboxConformanceIT}).
 */
class DockerSandboxWebSocketConformanceIT extends DockerConformance {

  static Path root;
  static DockerSandboxExecutor executor;

  @BeforeAll
  static void start() throws Exception {
    SandboxEngine.require();
    root = SandboxEngine.tempRoot("conformance-ws");
    executor =
        DockerSandboxExecutor.create(
            SandboxEngine.testConfig(root.resolve("sandbox"))
                .kernelTransport(SandboxConfig.KernelTransport.WEBSOCKET)
                .pool(SandboxEngine.TEST_POOL.newBuilder().minIdle(1).build())
                .build());
  }

  @AfterAll
  static void stop() {
    if (executor != null) {
      executor.close();
      assertThat(root.resolve("sandbox")).isEmptyDirectory();
    }
  }

  @Override
  DockerSandboxExecutor docker() {
    return executor;
  }

  @Test
  void noSocketIsSharedWithTheHostAndTheKernelsHaveNone() throws Exception {
    try (ExecutionSession s = executor.openSession(SessionOptions.builder().build())) {
      assertThat(s.execute("print(1)", T).isOk()).isTrue();
      assertThat(DockerSandboxConformanceIT.runDirEntries(root.resolve("sandbox"))).isEmpty();
      String listed =
          s.execute(
                  "import os; print(sorted(os.listdir('"
                      + DockerSandboxConformanceIT.SOCKET_DIR
                      + "')))",
                  T)
              .stdout();
      assertThat(listed).contains("'jupyter.sock'").doesNotContain("'kernel-");
    }
  }
}
