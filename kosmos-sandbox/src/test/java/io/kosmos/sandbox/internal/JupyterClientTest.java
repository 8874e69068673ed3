package io.kosmos.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JupyterClientTest {
  static final Duration T = Duration.ofSeconds(5);
  MockWebServer server;
  JupyterClient client;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    client = new JupyterClient(new OkHttpClient(), server.url("/base/"), "secret", "test server");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Test
  void startsInterruptsRestartsAndDeletesKernelsWithTheToken() throws Exception {
    server.enqueue(json(201, "{\"id\":\"k1\",\"execution_state\":\"starting\"}"));
    server.enqueue(json(204, ""));
    server.enqueue(json(200, "{\"id\":\"k1\"}"));
    server.enqueue(json(204, ""));
    assertThat(client.startKernel("python3", T)).isEqualTo("k1");
    client.interrupt("k1", T);
    client.restart("k1", T);
    client.deleteKernel("k1", T);
    RecordedRequest start = server.takeRequest();
    assertThat(start.getMethod()).isEqualTo("POST");
    assertThat(start.getUrl().encodedPath()).isEqualTo("/base/api/kernels");
    assertThat(start.getHeaders().get("Authorization")).isEqualTo("token secret");
    assertThat(start.getBody().utf8()).contains("\"name\":\"python3\"");
    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/base/api/kernels/k1/interrupt");
    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/base/api/kernels/k1/restart");
    RecordedRequest delete = server.takeRequest();
    assertThat(delete.getMethod()).isEqualTo("DELETE");
  }

  @Test
  void anErrorStatusIsAnIoExceptionThatSaysWhatAnswered() {
    server.enqueue(json(403, "{\"message\":\"Forbidden\"}"));
    assertThatThrownBy(() -> client.kernels(T))
        .isInstanceOf(JupyterClient.JupyterHttpException.class)
        .hasMessageContaining("GET /base/api/kernels")
        .hasMessageContaining("answered 403")
        .hasMessageContaining("Forbidden");
  }

  @Test
  void filesTravelAsBase64ThroughTheContentsApi() throws Exception {
    byte[] bytes = {0, 1, 2, (byte) 255};
    server.enqueue(
        json(
            200,
            "{\"format\":\"base64\",\"content\":\""
                + Base64.getEncoder().encodeToString(bytes)
                + "\"}"));
    assertThat(client.readFile("output/a.bin", T)).isEqualTo(bytes);
    RecordedRequest get = server.takeRequest();
    assertThat(get.getUrl().encodedPath()).isEqualTo("/base/api/contents/output/a.bin");
    assertThat(get.getUrl().queryParameter("format")).isEqualTo("base64");

    server.enqueue(json(404, "{\"message\":\"No such file\"}"));
    assertThatThrownBy(() -> client.readFile("output/none", T))
        .isInstanceOf(InvalidInputException.class);
    server.takeRequest();

    server.enqueue(json(201, "{}"));
    server.enqueue(json(201, "{}"));
    client.writeFile("input/p.json", "{}".getBytes(StandardCharsets.UTF_8), T);
    RecordedRequest dir = server.takeRequest();
    assertThat(dir.getMethod()).isEqualTo("PUT");
    assertThat(dir.getUrl().encodedPath()).isEqualTo("/base/api/contents/input");
    assertThat(dir.getBody().utf8()).contains("\"type\":\"directory\"");
    RecordedRequest file = server.takeRequest();
    assertThat(file.getBody().utf8()).contains("\"format\":\"base64\"").contains("\"e30=\"");
  }

  @Test
  void listingRecursesIntoFolders() throws Exception {
    server.enqueue(
        json(
            200,
            "{\"content\":[{\"type\":\"file\",\"path\":\"output/b.csv\"},"
                + "{\"type\":\"directory\",\"path\":\"output/fig\"}]}"));
    server.enqueue(json(200, "{\"content\":[{\"type\":\"file\",\"path\":\"output/fig/a.png\"}]}"));
    assertThat(client.listFiles("output", T)).containsExactly("output/b.csv", "output/fig/a.png");
  }
}
