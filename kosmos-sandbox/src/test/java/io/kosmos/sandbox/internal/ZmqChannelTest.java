package io.kosmos.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.Output;
import io.kosmos.api.OutputListener;
import io.kosmos.api.ResourceUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The direct kernel channel against a kernel played in Java over real Unix sockets: connection
 * file, handshake, signatures, the wait for the IOPub subscription, routing, and a kernel that
 * dies. Real kernels (libzmq, ipykernel) are in the Docker sandbox integration tests.
 */
class ZmqChannelTest {

  static final String KEY = "0123-secret";

  @TempDir Path dir;
  FakeKernel kernel;

  @AfterEach
  void stop() {
    if (kernel != null) {
      kernel.close();
    }
  }

  Path connectionFile(String key) throws IOException {
    return connectionFile(dir, key);
  }

  static Path connectionFile(Path dir, String key) throws IOException {
    Path file = dir.resolve("runtime/kernel-k1.json");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
         "ip": "/run/kosmos/kernel", "key": "%s", "transport": "ipc",
         "signature_scheme": "hmac-sha256", "kernel_name": ""}
        """
            .formatted(key));
    return file;
  }

  ZmqChannel open(Path file, Duration timeout) throws IOException {
    return open(file, dir, "k1", timeout);
  }

  static ZmqChannel open(Path file, Path dir, String kernel, Duration timeout) throws IOException {
    JsonNode info = JupyterClient.JSON.readTree(Files.readAllBytes(file));
    return ZmqChannel.open(
        ZmqChannel.endpoints(info, "/run/kosmos", dir),
        kernel,
        "session-1",
        SocketPeer.ANY,
        1 << 20,
        timeout);
  }

  @Test
  void runsACellAndCollectsItsOutputs() throws Exception {
    kernel = new FakeKernel(dir, KEY);
    try (ZmqChannel channel = open(connectionFile(KEY), Duration.ofSeconds(10))) {
      List<Output> heard = new CopyOnWriteArrayList<>();
      Execution e = channel.execute("print", false, heard::add, 1 << 20, "cap");
      assertThat(e.await(Duration.ofSeconds(10))).isTrue();
      ExecutionResult r = e.result(null, null, false);
      assertThat(r.status()).isEqualTo(ExecutionResult.Status.OK);
      assertThat(r.stdout()).isEqualTo("hello\n");
      assertThat(r.executionCount()).isEqualTo(7);
      assertThat(r.resources()).isEqualTo(new ResourceUsage(7654321L, 1234567L));
      assertThat(heard).hasSize(2);
      assertThat(heard.get(1)).isInstanceOf(Output.ExecuteResult.class);
      channel.forget(e);
    }
    assertThat(kernel.badSignatures).isEmpty();
    assertThat(kernel.requests).contains("kernel_info_request", "execute_request");
  }

  @Test
  void signsWithTheKeysHmacAndLeavesUnsignedWhenThereIsNoKey() throws Exception {
    kernel = new FakeKernel(dir, "");
    try (ZmqChannel channel = open(connectionFile(""), Duration.ofSeconds(10))) {
      assertThat(channel.runSilently("print", Duration.ofSeconds(10)).isOk()).isTrue();
    }
    assertThat(kernel.badSignatures).isEmpty();
    assertThat(kernel.signatures).isNotEmpty().containsOnly("");
  }

  @Test
  void waitsForAKernelThatIsStillStarting() throws Exception {
    Path file = connectionFile(KEY);
    Thread late =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    Thread.sleep(600);
                    kernel = new FakeKernel(dir, KEY);
                  } catch (Exception e) {
                    throw new RuntimeException(e);
                  }
                });
    try (ZmqChannel channel = open(file, Duration.ofSeconds(10))) {
      assertThat(channel.isOpen()).isTrue();
    }
    late.join();
  }

  @Test
  void theSubscriptionIsLiveBeforeOpenReturns() throws Exception {
    kernel = new FakeKernel(dir, KEY);
    kernel.subscriptionDelayMillis = 600;
    try (ZmqChannel channel = open(connectionFile(KEY), Duration.ofSeconds(10))) {
      // Opening sent kernel_info_requests until one's IOPub status came through.
      assertThat(kernel.requests.stream().filter("kernel_info_request"::equals).count())
          .isGreaterThan(1);
      Execution e = channel.execute("print", false, OutputListener.NONE, 1 << 20, "cap");
      assertThat(e.await(Duration.ofSeconds(10))).isTrue();
      assertThat(e.result(null, null, false).stdout()).isEqualTo("hello\n");
    }
  }

  @Test
  void aKernelThatDiesEndsTheCellAsKernelDiedAndClosesTheChannel() throws Exception {
    kernel = new FakeKernel(dir, KEY);
    ZmqChannel channel = open(connectionFile(KEY), Duration.ofSeconds(10));
    Execution e = channel.execute("die", false, OutputListener.NONE, 1 << 20, "cap");
    assertThat(e.await(Duration.ofSeconds(10))).isTrue();
    assertThat(e.end()).isEqualTo(Execution.End.KERNEL_DIED);
    assertThat(e.endDetail()).contains("the kernel died");
    assertThat(channel.isOpen()).isFalse();
    assertThatThrownBy(() -> channel.execute("print", false, OutputListener.NONE, 1, "cap"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("closed");
    channel.close();
  }

  @Test
  @org.junit.jupiter.api.Timeout(20)
  void aSocketThatNeverGreetsDoesNotHoldTheCallerPastTheTimeout() throws Exception {
    try (AFUNIXServerSocket mute =
            AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(dir.resolve("kernel-1")));
        AFUNIXServerSocket mute2 =
            AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(dir.resolve("kernel-2")))) {
      Path file = connectionFile(KEY);
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> open(file, Duration.ofMillis(500)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("cannot connect to kernel k1");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void channelsUsedFromVirtualThreadsDoNotStarveEachOther() throws Exception {
    // junixsocket parks virtual threads on a poller run by the common pool (one worker on 2 cores):
    // an idle channel opened from a virtual thread would hold it, and the next channel's reads
    // would never be served. The sandbox keeps its socket I/O on platform threads.
    Path dirA = Files.createDirectories(dir.resolve("a"));
    Path dirB = Files.createDirectories(dir.resolve("b"));
    FakeKernel a = new FakeKernel(dirA, KEY);
    FakeKernel b = new FakeKernel(dirB, KEY);
    try {
      Path fileA = connectionFile(dirA, KEY);
      Path fileB = connectionFile(dirB, KEY);
      java.util.concurrent.CompletableFuture<ZmqChannel> idle =
          new java.util.concurrent.CompletableFuture<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  ZmqChannel c = open(fileA, dirA, "ka", Duration.ofSeconds(20));
                  c.runSilently("print", Duration.ofSeconds(20));
                  idle.complete(c);
                } catch (Exception e) {
                  idle.completeExceptionally(e);
                }
              });
      try (ZmqChannel first = idle.get(30, java.util.concurrent.TimeUnit.SECONDS)) {
        java.util.concurrent.CompletableFuture<String> out =
            new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual()
            .start(
                () -> {
                  try (ZmqChannel c = open(fileB, dirB, "kb", Duration.ofSeconds(20))) {
                    for (int i = 0; i < 20; i++) {
                      Execution e = c.execute("print", false, OutputListener.NONE, 1 << 20, "cap");
                      if (!e.await(Duration.ofSeconds(20))) {
                        throw new AssertionError("cell " + i + " did not finish");
                      }
                      c.forget(e);
                    }
                    out.complete("done");
                  } catch (Throwable t) {
                    out.completeExceptionally(t);
                  }
                });
        assertThat(out.get(40, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(first.isOpen()).isTrue();
      }
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void noKernelWithinTheTimeoutSaysWhatWasMissing() throws IOException {
    Path file = connectionFile(KEY);
    assertThatThrownBy(() -> open(file, Duration.ofMillis(300)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("did not accept a connection");
  }

  @Test
  void connectionInfoMapsContainerPathsToTheHost() throws IOException {
    JsonNode info = JupyterClient.JSON.readTree(Files.readAllBytes(connectionFile(KEY)));
    ZmqChannel.Endpoints e = ZmqChannel.endpoints(info, "/run/kosmos", dir);
    assertThat(e.shell()).isEqualTo(dir.resolve("kernel-1"));
    assertThat(e.iopub()).isEqualTo(dir.resolve("kernel-2"));
    assertThat(new String(e.key(), StandardCharsets.UTF_8)).isEqualTo(KEY);
  }

  @Test
  void connectionInfoThatCannotBeReachedDirectlyIsRefused() {
    assertThatThrownBy(() -> endpoints("{\"transport\":\"tcp\",\"ip\":\"127.0.0.1\"}"))
        .hasMessageContaining("transport tcp");
    assertThatThrownBy(
            () ->
                endpoints(
                    "{\"transport\":\"ipc\",\"ip\":\"/tmp/kernel\",\"shell_port\":1,"
                        + "\"iopub_port\":2}"))
        .hasMessageContaining("not files directly inside /run/kosmos");
    assertThatThrownBy(
            () ->
                endpoints(
                    "{\"transport\":\"ipc\",\"ip\":\"/run/kosmos/../etc/k\",\"shell_port\":1,"
                        + "\"iopub_port\":2}"))
        .hasMessageContaining("not files directly inside");
    assertThatThrownBy(
            () ->
                endpoints(
                    "{\"transport\":\"ipc\",\"ip\":\"/run/kosmos/sub/k\",\"shell_port\":1,"
                        + "\"iopub_port\":2}"))
        .hasMessageContaining("not files directly inside");
    assertThatThrownBy(
            () ->
                endpoints("{\"transport\":\"ipc\",\"ip\":\"/run/kosmos/kernel\",\"shell_port\":1}"))
        .hasMessageContaining("no iopub_port");
    assertThatThrownBy(
            () ->
                endpoints(
                    "{\"transport\":\"ipc\",\"ip\":\"/run/kosmos/kernel\",\"shell_port\":1,"
                        + "\"iopub_port\":2,\"key\":\"k\",\"signature_scheme\":\"hmac-md5\"}"))
        .hasMessageContaining("hmac-md5");
  }

  private ZmqChannel.Endpoints endpoints(String json) throws IOException {
    return ZmqChannel.endpoints(JupyterClient.JSON.readTree(json), "/run/kosmos", dir);
  }

  @Test
  void invalidUtf8KeepsTheValidTextAroundIt() throws Exception {
    kernel = new FakeKernel(dir, KEY);
    try (ZmqChannel channel = open(connectionFile(KEY), Duration.ofSeconds(10))) {
      ExecutionResult r = run(channel, "badutf8");
      assertThat(r.stdout()).isEqualTo("valid \uFFFD text\n");
      assertThat(r.truncated()).isFalse();
    }
  }

  @Test
  void aFrameOverTheLimitIsCountedAndCutNotHeld() throws Exception {
    kernel = new FakeKernel(dir, KEY);
    try (ZmqChannel channel = open(connectionFile(KEY), Duration.ofSeconds(10))) {
      ExecutionResult r = run(channel, "huge");
      assertThat(r.isOk()).isTrue();
      assertThat(r.truncated()).isTrue();
      assertThat(r.outputBytes()).isGreaterThan(4L << 20);
      assertThat(r.stdout()).isEqualTo("hello\n");
      assertThat(r.stderr()).contains("[output truncated:");
    }
  }

  @Test
  void anUnreadableMessageShowsAsOutputMissing() throws Exception {
    kernel = new FakeKernel(dir, KEY);
    try (ZmqChannel channel = open(connectionFile(KEY), Duration.ofSeconds(10))) {
      ExecutionResult r = run(channel, "garbage");
      assertThat(r.isOk()).isTrue();
      assertThat(r.truncated()).isTrue();
      assertThat(r.stderr()).contains("[output missing: 1 message(s) from the kernel");
    }
  }

  @Test
  void aKernelThatAnswersALaterRequestButNotTheCellIsToldApart() throws Exception {
    kernel = new FakeKernel(dir, KEY);
    try (ZmqChannel channel = open(connectionFile(KEY), Duration.ofSeconds(10))) {
      Execution e = channel.execute("silent", false, OutputListener.NONE, 1 << 20, "cap");
      long t0 = System.nanoTime();
      assertThat(CellWait.await(channel, e, Duration.ofSeconds(30), true))
          .isEqualTo(CellWait.Outcome.NOT_REPLYING);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
      // Without probes (a kernel not known to answer in order) the wait runs to its limit.
      Execution f = channel.execute("silent", false, OutputListener.NONE, 1 << 20, "cap");
      assertThat(CellWait.await(channel, f, Duration.ofMillis(2500), false))
          .isEqualTo(CellWait.Outcome.TIME_UP);
    }
  }

  @Test
  void aSocketServedByAnotherProcessIsRefusedBeforeAnythingIsSent() throws Exception {
    kernel = new FakeKernel(dir, KEY);
    SocketPeer refuse =
        (socket, what) -> {
          throw new IOException(what + " is not served by a process of the container");
        };
    JsonNode info = JupyterClient.JSON.readTree(Files.readAllBytes(connectionFile(KEY)));
    assertThatThrownBy(
            () ->
                ZmqChannel.open(
                    ZmqChannel.endpoints(info, "/run/kosmos", dir),
                    "k1",
                    "s",
                    refuse,
                    1 << 20,
                    Duration.ofSeconds(5)))
        .hasMessageContaining("not served by a process of the container");
    Thread.sleep(200);
    assertThat(kernel.requests).isEmpty();
  }

  private static ExecutionResult run(ZmqChannel channel, String code) throws Exception {
    Execution e = channel.execute(code, false, OutputListener.NONE, 1 << 20, "cap");
    assertThat(e.await(Duration.ofSeconds(10))).isTrue();
    channel.forget(e);
    return e.result(null, null, false);
  }

  /**
   * A kernel's two sockets, played with {@link Zmtp} on the server side: a shell {@code ROUTER}
   * that answers {@code kernel_info_request} and runs two cells ({@code print} prints and returns a
   * value, {@code die} closes everything), and an IOPub {@code PUB} that drops messages until the
   * subscription arrives (as a real publisher does).
   */
  static final class FakeKernel implements AutoCloseable {
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> signatures = new CopyOnWriteArrayList<>();
    final List<String> badSignatures = new CopyOnWriteArrayList<>();
    volatile long subscriptionDelayMillis;
    private final AFUNIXServerSocket shellServer;
    private final AFUNIXServerSocket iopubServer;
    private final byte[] key;
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private volatile Zmtp iopub;

    FakeKernel(Path dir, String key) throws IOException {
      this.key = key.getBytes(StandardCharsets.UTF_8);
      shellServer = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(dir.resolve("kernel-1")));
      iopubServer = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(dir.resolve("kernel-2")));
      open.add(shellServer);
      open.add(iopubServer);
      Thread.ofPlatform().daemon().start(this::serveIopub);
      Thread.ofPlatform().daemon().start(this::serveShell);
    }

    private void serveIopub() {
      try {
        Zmtp pub = Zmtp.handshake(iopubServer.accept(), "PUB");
        open.add(pub);
        iopub = pub;
        List<byte[]> sub = ZmtpTest.receive(pub);
        if (sub != null && sub.get(0).length > 0 && sub.get(0)[0] == 1) {
          Thread.sleep(subscriptionDelayMillis);
          subscribed.countDown();
        }
      } catch (IOException | InterruptedException e) {
        // closed
      }
    }

    private void serveShell() {
      try {
        Zmtp shell = Zmtp.handshake(shellServer.accept(), "ROUTER");
        open.add(shell);
        List<byte[]> frames;
        while ((frames = ZmtpTest.receive(shell)) != null) {
          int d = 0;
          while (!"<IDS|MSG>".equals(new String(frames.get(d), StandardCharsets.US_ASCII))) {
            d++;
          }
          String signature = new String(frames.get(d + 1), StandardCharsets.US_ASCII);
          signatures.add(signature);
          if (!signature.equals(sign(frames.subList(d + 2, d + 6)))) {
            badSignatures.add(signature);
          }
          JsonNode header = JupyterClient.JSON.readTree(frames.get(d + 2));
          JsonNode content = JupyterClient.JSON.readTree(frames.get(d + 5));
          String type = header.path("msg_type").asText();
          requests.add(type);
          if ("kernel_info_request".equals(type)) {
            publish(header, "status", "{\"execution_state\":\"busy\"}");
            reply(shell, header, "kernel_info_reply", "{\"status\":\"ok\"}");
            publish(header, "status", "{\"execution_state\":\"idle\"}");
          } else if ("execute_request".equals(type)) {
            publish(header, "status", "{\"execution_state\":\"busy\"}");
            String code = content.path("code").asText();
            if ("die".equals(code)) {
              close();
              return;
            }
            if ("silent".equals(code)) {
              continue; // finishes the cell, never replies
            }
            if ("badutf8".equals(code)) {
              byte[] text = "{\"name\":\"stdout\",\"text\":\"valid \u0001 text\\n\"}".getBytes();
              text[new String(text).indexOf('\u0001')] = (byte) 0xff;
              publish(header, "stream", text);
              reply(shell, header, "execute_reply", "{\"status\":\"ok\",\"execution_count\":7}");
              publish(header, "status", "{\"execution_state\":\"idle\"}");
              continue;
            }
            if ("huge".equals(code)) {
              String big = "x".repeat(5 << 20);
              publish(header, "stream", "{\"name\":\"stdout\",\"text\":\"" + big + "\"}");
            }
            if ("garbage".equals(code)) {
              publish(header, "stream", "{not json".getBytes());
            }
            publish(header, "stream", "{\"name\":\"stdout\",\"text\":\"hello\\n\"}");
            publish(
                header,
                "execute_result",
                "{\"execution_count\":7,\"data\":{\"text/plain\":\"2\"},\"metadata\":{}}");
            // The output guard's meter, in the reply's metadata.
            shell.send(
                message(
                    header,
                    "execute_reply",
                    "{\"status\":\"ok\",\"execution_count\":7}".getBytes(StandardCharsets.UTF_8),
                    "{\"kosmos_usage\":{\"cpu_ns\":1234567,\"peak_bytes\":7654321}}"));
            publish(header, "status", "{\"execution_state\":\"idle\"}");
          }
        }
      } catch (IOException e) {
        // closed
      }
    }

    private void publish(JsonNode parent, String type, String content) throws IOException {
      publish(parent, type, content.getBytes(StandardCharsets.UTF_8));
    }

    private void publish(JsonNode parent, String type, byte[] content) throws IOException {
      Zmtp pub = iopub;
      if (pub == null || subscribed.getCount() > 0) {
        return; // a publisher drops what no subscriber has asked for yet
      }
      List<byte[]> frames = new ArrayList<>();
      frames.add(("kernel.k1." + type).getBytes(StandardCharsets.US_ASCII));
      frames.addAll(message(parent, type, content));
      pub.send(frames);
    }

    private void reply(Zmtp shell, JsonNode parent, String type, String content)
        throws IOException {
      shell.send(message(parent, type, content));
    }

    private List<byte[]> message(JsonNode parent, String type, String content) throws IOException {
      return message(parent, type, content.getBytes(StandardCharsets.UTF_8));
    }

    private List<byte[]> message(JsonNode parent, String type, byte[] content) throws IOException {
      return message(parent, type, content, "{}");
    }

    private List<byte[]> message(JsonNode parent, String type, byte[] content, String metadata)
        throws IOException {
      ObjectNode header =
          JupyterClient.JSON
              .createObjectNode()
              .put("msg_id", KernelChannel.newId())
              .put("msg_type", type)
              .put("session", "kernel")
              .put("version", "5.3");
      List<byte[]> parts =
          List.of(
              JupyterClient.JSON.writeValueAsBytes(header),
              JupyterClient.JSON.writeValueAsBytes(parent),
              metadata.getBytes(StandardCharsets.US_ASCII),
              content);
      List<byte[]> frames = new ArrayList<>();
      frames.add("<IDS|MSG>".getBytes(StandardCharsets.US_ASCII));
      frames.add(sign(parts).getBytes(StandardCharsets.US_ASCII));
      frames.addAll(parts);
      return frames;
    }

    private String sign(List<byte[]> parts) {
      if (key.length == 0) {
        return "";
      }
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        parts.forEach(mac::update);
        return HexFormat.of().formatHex(mac.doFinal());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void close() {
      for (AutoCloseable c : open) {
        try {
          c.close();
        } catch (Exception e) {
          // closing anyway
        }
      }
    }
  }
}
