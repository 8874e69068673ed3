package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import io.kosmos.testing.ExecutorConformance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same conformance suite against {@link RemoteGatewayExecutor}, talking TCP with a token to a
 * Jupyter Server that the test starts in a container of the executor image on an internal network
 * it creates (so the server is a real remote one, reachable only from this host). Datasets are at
 * {@code /data/<name>}, as in the Docker sandbox: an unchanged team finds them.
 */
class RemoteGatewayConformanceIT extends ExecutorConformance {

  static GatewayContainers servers;
  static String baseUrl;
  static RemoteGatewayExecutor executor;

  @TempDir Path tmp;

  @BeforeAll
  static void startServer() throws Exception {
    servers = GatewayContainers.start(1);
    baseUrl = servers.urls().getFirst();
    executor = RemoteGatewayExecutor.builder(baseUrl).token(servers.token()).build();
    executor.ping();
  }

  @AfterAll
  static void stopServer() {
    if (executor != null) {
      executor.close();
    }
    if (servers != null) {
      servers.close();
    }
  }

  @Override
  protected Executor executor() {
    return executor;
  }

  @Override
  protected String dataPath(String name) {
    return "/data/" + name;
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

  @Test
  void datasetsAreReadOnlyAtTheirMountPathAndCheckedBySha256() throws Exception {
    Path csv = tmp.resolve("cohort.csv");
    StringBuilder rows = new StringBuilder("x,y\n");
    for (int i = 0; i < 200_000; i++) {
      rows.append(i).append(',').append(i % 7).append('\n');
    }
    Files.writeString(csv, rows); // about 2.4 MB: more than one chunk
    String expected = io.kosmos.sandbox.internal.Sha256.hex(Files.readAllBytes(csv));
    SessionOptions options = SessionOptions.builder().dataset(csv).build();
    try (ExecutionSession s = executor.openSession(options)) {
      ExecutionResult r =
          s.execute(
              "import hashlib, os, stat\n"
                  + "p = '/data/cohort.csv'\n"
                  + "print(hashlib.sha256(open(p, 'rb').read()).hexdigest())\n"
                  + "print(oct(stat.S_IMODE(os.stat(p).st_mode)))\n"
                  + "try:\n    open(p, 'a')\nexcept PermissionError:\n    print('read-only')\n",
              Duration.ofSeconds(60));
      assertThat(r.stdout()).isEqualTo(expected + "\n0o444\nread-only\n");
      assertThat(s.location()).startsWith(baseUrl + "api/kernels/");
    }
    // Already there with the same hash: a second session finds it without sending it again.
    try (ExecutionSession s = executor.openSession(options)) {
      assertThat(s.execute("print(len(open('/data/cohort.csv').read()))").stdout())
          .isEqualTo(rows.length() + "\n");
    }
    // A gateway that should provide the data but has other bytes under the name is refused.
    Files.writeString(csv, "x,y\n1,2\n", StandardCharsets.UTF_8);
    try (RemoteGatewayExecutor mounted =
        RemoteGatewayExecutor.builder(baseUrl)
            .token(servers.token())
            .datasets(DatasetDelivery.GATEWAY_MOUNT)
            .build()) {
      assertThatThrownBy(() -> mounted.openSession(SessionOptions.builder().dataset(csv).build()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("is different at /data/cohort.csv")
          .hasMessageContaining("DatasetDelivery.GATEWAY_MOUNT");
    }
  }
}
