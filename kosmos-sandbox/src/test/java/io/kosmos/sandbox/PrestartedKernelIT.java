package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.SessionOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A new container's first kernel, reached before its server answers ({@link PrestartedKernel}): the
 * kernel the session gets is the one the server knows (same id, same key), it can be interrupted
 * and restarted through the server; and an image whose entry point starts no kernel early still
 * gives a working session (the server's own kernel, found by its other key).
 */
class PrestartedKernelIT {

  static final Duration T = Duration.ofSeconds(60);

  @Test
  void theFirstKernelIsTheOneTheServerAdoptedAndItAnswersToTheServer() throws Exception {
    SandboxEngine.require();
    Path root = SandboxEngine.tempRoot("prestarted");
    try (DockerSandboxExecutor executor =
            DockerSandboxExecutor.create(
                SandboxEngine.testConfig(root)
                    .pool(SandboxEngine.TEST_POOL.newBuilder().minIdle(0).build())
                    .build());
        ExecutionSession s = executor.openSession(SessionOptions.builder().build())) {
      SandboxContainer c = ((DockerSession) s).container();
      // the session may come before the server has adopted the kernel; cells need no server
      assertThat(s.execute("print(6 * 7)", T).stdout()).isEqualTo("42\n");
      c.awaitServer(T);
      assertThat(c.kernelId).isNotBlank();
      assertThat(c.channel.kernelId()).isEqualTo(c.kernelId);
      // the kernel the session talks to is the process the server manages
      String pid = s.execute("import os\nprint(os.getpid())", T).stdout().strip();
      assertThat(c.client.kernel(c.kernelId, T).path("kosmos_connection").path("key").asText())
          .matches("[0-9a-f]{64}");
      // the kernel started without IPython's terminal shell, which comes when something uses it
      assertThat(s.execute("import sys\nprint('prompt_toolkit' in sys.modules)", T).stdout())
          .isEqualTo("False\n");
      assertThat(
              s.execute(
                      "from IPython.terminal.embed import InteractiveShellEmbed\n"
                          + "import IPython, IPython.terminal.embed as e\n"
                          + "print(InteractiveShellEmbed.__name__, e.InteractiveShellEmbed is"
                          + " InteractiveShellEmbed, callable(IPython.embed),"
                          + " 'prompt_toolkit' in sys.modules)",
                      T)
                  .stdout())
          .isEqualTo("InteractiveShellEmbed True True True\n");
      s.execute("x = 1", T);
      // a cell past its time limit is interrupted through the server, and the state survives
      ExecutionResult slow = s.execute("import time\ntime.sleep(30)", Duration.ofSeconds(2));
      assertThat(slow.status()).isEqualTo(ExecutionResult.Status.TIMEOUT);
      assertThat(s.execute("print(x, os.getpid())", T).stdout()).isEqualTo("1 " + pid + "\n");
    }
  }

  /** Builds an image from the executor image and more Dockerfile lines. */
  private static void build(DockerClient docker, String tag, String lines) {
    String dockerfile = "FROM " + ExecutorImage.expectedTag() + "\n" + lines;
    docker
        .buildImageCmd(
            new ByteArrayInputStream(
                Tar.of(
                    Map.of("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8)), Set.of())))
        .withTags(Set.of(tag))
        .withPull(false)
        .exec(new BuildImageResultCallback())
        .awaitImageId(2, TimeUnit.MINUTES);
  }

  @Test
  void anEntryPointThatStartsNoKernelEarlyStillGivesAWorkingSession() throws Exception {
    SandboxEngine.require();
    String derived = ExecutorImage.REPOSITORY + ":it-no-prestart";
    try (DockerClient docker = DockerEngine.connect(null, Duration.ofSeconds(30)).client()) {
      build(docker, derived, "ENV KOSMOS_KERNEL_PRESTART_ENABLED=0\n");
      Path root = SandboxEngine.tempRoot("no-prestart");
      try (DockerSandboxExecutor executor =
              DockerSandboxExecutor.create(
                  SandboxEngine.testConfig(root)
                      .image(derived)
                      .pool(SandboxEngine.TEST_POOL.newBuilder().minIdle(0).build())
                      .build());
          ExecutionSession s = executor.openSession(SessionOptions.builder().build())) {
        assertThat(s.execute("print(6 * 7)", T).stdout()).isEqualTo("42\n");
        SandboxContainer c = ((DockerSession) s).container();
        assertThat(c.channel.kernelId()).isEqualTo(c.kernelId);
      } finally {
        docker.removeImageCmd(derived).withForce(true).exec();
      }
    }
  }
}
