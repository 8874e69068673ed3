package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.SessionOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SandboxConfig.NetworkMode#INTERNAL}: Jupyter over TCP with a token on an internal bridge
 * network. The kernel works; it reaches neither a container on another network nor another sandbox
 * container on its own network (inter-container traffic is disabled).
 */
class InternalNetworkIT {

  static final Duration T = Duration.ofSeconds(60);
  static DockerClient docker;
  static DockerSandboxExecutor executor;
  static Path root;

  @BeforeAll
  static void start() {
    SandboxEngine.require();
    docker = DockerEngine.connect(null, Duration.ofSeconds(60)).client();
    root = SandboxEngine.tempRoot("internal");
    executor =
        DockerSandboxExecutor.create(
            SandboxEngine.testConfig(root)
                .networkMode(SandboxConfig.NetworkMode.INTERNAL)
                .pool(SandboxEngine.TEST_POOL.newBuilder().minIdle(2).build())
                .build());
  }

  @AfterAll
  static void stop() throws Exception {
    if (executor != null) {
      executor.close();
      assertThat(
              docker
                  .listNetworksCmd()
                  .withFilter("label", List.of("io.kosmos.sandbox.owner=" + ownerId()))
                  .exec())
          .isEmpty();
    }
    if (docker != null) {
      TestContainers.removeAll(docker);
      docker.close();
    }
  }

  static String ownerId() {
    return io.kosmos.sandbox.Owner.self().id();
  }

  @Test
  void theKernelWorksOverTcpWithAToken() {
    try (ExecutionSession s = executor.openSession(SessionOptions.builder().build())) {
      ExecutionResult r = s.execute("import os\nprint(sorted(os.listdir('/sys/class/net')))", T);
      assertThat(r.stdout()).isEqualTo("['eth0', 'lo']\n");
      assertThat(s.execute("print('KOSMOS_JUPYTER_TOKEN' in os.environ)", T).stdout())
          .as("the token is not handed to the kernel")
          .isEqualTo("False\n");
    }
  }

  @Test
  void noOtherContainerIsReachable() throws Exception {
    // A target on Docker's default bridge network, serving HTTP; the host can reach it.
    String target =
        TestContainers.run(
            docker,
            "bridge",
            List.of(),
            "python3",
            "-m",
            "http.server",
            "8000",
            "--bind",
            "0.0.0.0");
    String targetIp = TestContainers.ip(docker, target, "bridge");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    int status = 0;
    for (int i = 0; i < 100 && status != 200; i++) {
      try {
        status =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://" + targetIp + ":8000/")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
      } catch (java.io.IOException e) {
        Thread.sleep(100);
      }
    }
    assertThat(status).as("the target serves the host").isEqualTo(200);

    try (ExecutionSession a = executor.openSession(SessionOptions.builder().build());
        ExecutionSession b = executor.openSession(SessionOptions.builder().build())) {
      String net =
          docker
              .inspectContainerCmd(((DockerSession) b).containerId())
              .exec()
              .getNetworkSettings()
              .getNetworks()
              .keySet()
              .iterator()
              .next();
      String neighbour = TestContainers.ip(docker, ((DockerSession) b).containerId(), net);
      String code =
          "import socket\nres = []\n"
              + "for host, port in [('"
              + targetIp
              + "', 8000), ('"
              + neighbour
              + "', 8888)]:\n"
              + "    try:\n"
              + "        socket.create_connection((host, port), timeout=3).close()\n"
              + "        res.append('CONNECTED ' + host)\n"
              + "    except OSError:\n"
              + "        res.append('blocked')\n"
              + "print(res)";
      assertThat(a.execute(code, T).stdout()).isEqualTo("['blocked', 'blocked']\n");
    }
    assertThat(Map.of()).isEmpty();
  }
}
