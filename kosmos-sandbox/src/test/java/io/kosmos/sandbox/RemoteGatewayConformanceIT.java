package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.kosmos.api.Executor;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.testing.ExecutorConformance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same conformance suite against {@link RemoteGatewayExecutor}, talking TCP with a token to a
 * Jupyter Server that the test starts in a container of the executor image on an internal network
 * it creates (so the server is a real remote one, reachable only from this host).
 */
class RemoteGatewayConformanceIT extends ExecutorConformance {

  static DockerClient docker;
  static String baseUrl;
  static RemoteGatewayExecutor executor;

  @BeforeAll
  static void startServer() throws Exception {
    SandboxEngine.require();
    docker = DockerEngine.connect(null, Duration.ofSeconds(60)).client();
    TestContainers.removeAll(docker);
    String net = "kosmos-it-remote-" + ProcessHandle.current().pid();
    TestContainers.network(docker, net, true);
    byte[] raw = new byte[24];
    ThreadLocalRandom.current().nextBytes(raw);
    String token = HexFormat.of().formatHex(raw);
    String id =
        TestContainers.run(
            docker,
            net,
            List.of("KOSMOS_JUPYTER_MODE=tcp", "KOSMOS_JUPYTER_TOKEN=" + token),
            "tcp");
    baseUrl = "http://" + TestContainers.ip(docker, id, net) + ":8888/";
    awaitServer(baseUrl + "api");
    executor = RemoteGatewayExecutor.builder(baseUrl).token(token).build();
    executor.ping();
  }

  static void awaitServer(String url) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the Jupyter server at " + url + " did not come up");
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (executor != null) {
      executor.close();
    }
    if (docker != null) {
      TestContainers.removeAll(docker);
      docker.close();
    }
  }

  @Override
  protected Executor executor() {
    return executor;
  }

  @Override
  protected String dataPath(String name) {
    return "data/" + name;
  }

  @Override
  protected long maxOutputBytes() {
    return 1L << 20;
  }

  @Test
  void aWrongTokenIsRefusedWithAClearMessage() {
    try (RemoteGatewayExecutor wrong =
        RemoteGatewayExecutor.builder(baseUrl).token("not-the-token").build()) {
      assertThatThrownBy(wrong::ping)
          .isInstanceOf(SandboxUnavailableException.class)
          .hasMessageContaining("403")
          .hasMessageContaining("token");
    }
  }

  @Test
  void infoNamesTheServer() {
    assertThat(executor.info().name()).isEqualTo("remote-gateway");
    assertThat(executor.info().environment()).isEqualTo(baseUrl);
  }
}
