package io.kosmos.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Python clients {@link SandboxBenchmark} compares the Java client with, each timing the same
 * trivial cell against a kernel set up as the sandbox's are (the executor's {@code
 * kernelSetupCode()}, then the same warm-up cells): Python's {@code jupyter_client} in a container
 * of the executor image, talking ZeroMQ to its own kernel; and a minimal WebSocket client (standard
 * library only) inside a sandbox container, through its Jupyter Server over the Unix socket the
 * Java client uses. Each prints its round trips as {@code RESULT [ms, ...]}.
 */
final class PythonClients {

  private static final Pattern RESULT = Pattern.compile("RESULT \\[([0-9., e+-]*)\\]");

  private final String kernelSetup;
  private final String trivialCell;
  private final int warmupCells;

  /**
   * Creates the clients.
   *
   * @param kernelSetup the Python every sandbox kernel runs before it is handed out
   * @param trivialCell the cell timed
   * @param warmupCells cells run before timing, to reach a steady state
   */
  PythonClients(String kernelSetup, String trivialCell, int warmupCells) {
    this.kernelSetup = kernelSetup;
    this.trivialCell = trivialCell;
    this.warmupCells = warmupCells;
  }

  /**
   * Runs {@code jupyter_client} against a new kernel in a container of the image.
   *
   * @param image the executor image
   * @param iterations round trips timed
   * @return each round trip, in milliseconds
   */
  double[] jupyterClient(String image, int iterations) {
    String script =
        String.join(
            "\n",
            "import json, time",
            "from jupyter_client.manager import start_new_kernel",
            "km, kc = start_new_kernel(kernel_name='python3')",
            "def run(code='" + trivialCell + "', silent=False):",
            "    kc.execute_interactive(code, silent=silent, store_history=not silent,"
                + " timeout=60, output_hook=lambda m: None)",
            timedRuns(iterations),
            "kc.stop_channels(); km.shutdown_kernel(now=True)");
    try (DockerClient docker = docker()) {
      String id =
          docker
              .createContainerCmd(image)
              .withCmd("python3", "-c", script)
              .withUser("1000:1000")
              .withLabels(Map.of("io.kosmos.bench", "jupyter_client"))
              .withEnv(
                  "OMP_NUM_THREADS=1",
                  "OPENBLAS_NUM_THREADS=1",
                  "MPLBACKEND=module://matplotlib_inline.backend_inline")
              .withHostConfig(
                  HostConfig.newHostConfig()
                      .withNetworkMode("none")
                      .withReadonlyRootfs(true)
                      .withTmpFs(
                          Map.of(
                              "/tmp", "rw,size=268435456",
                              "/workspace", "rw,size=268435456,uid=1000,gid=1000"))
                      .withMemory(2L << 30)
                      .withMemorySwap(2L << 30)
                      .withNanoCPUs(1_000_000_000L)
                      .withPidsLimit(256L))
              .exec()
              .getId();
      try {
        docker.startContainerCmd(id).exec();
        int exit = docker.waitContainerCmd(id).start().awaitStatusCode(5, TimeUnit.MINUTES);
        String logs = logs(docker, id);
        Matcher m = RESULT.matcher(logs);
        if (exit != 0 || !m.find()) {
          throw new IllegalStateException("jupyter_client run failed (exit " + exit + "): " + logs);
        }
        return parse(m.group(1));
      } finally {
        docker.removeContainerCmd(id).withForce(true).exec();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs the WebSocket client inside a sandbox container, against a new kernel of its Jupyter
   * Server, over the same Unix socket the Java client uses: the same path as the Java client, so
   * the difference between the two is the client's own cost.
   *
   * @param container the sandbox container, as the session's location names it
   * @param iterations round trips timed
   * @return each round trip, in milliseconds
   */
  double[] webSocket(String container, int iterations) {
    String script = webSocketClient(trivialCell) + "\n" + timedRuns(iterations);
    try (DockerClient docker = docker()) {
      String exec =
          docker
              .execCreateCmd(container)
              .withCmd("python3", "-c", script)
              .withAttachStdout(true)
              .withAttachStderr(true)
              .exec()
              .getId();
      StringBuilder sb = new StringBuilder();
      docker
          .execStartCmd(exec)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  synchronized (sb) {
                    sb.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                  }
                }
              })
          .awaitCompletion(5, TimeUnit.MINUTES);
      String output;
      synchronized (sb) {
        output = sb.toString();
      }
      Matcher m = RESULT.matcher(output);
      if (!m.find()) {
        throw new IllegalStateException("a Python benchmark client failed: " + output);
      }
      return parse(m.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A minimal Jupyter WebSocket client in Python (standard library only) that starts a kernel
   * through the server's Unix socket and defines {@code run(code, silent)}.
   */
  private static String webSocketClient(String trivialCell) {
    return String.join(
        "\n",
        "import base64, json, os, socket, struct, time, uuid",
        "SOCK = '/run/kosmos/jupyter.sock'",
        "def post(path, body):",
        "    s = socket.socket(socket.AF_UNIX); s.connect(SOCK); data = json.dumps(body).encode()",
        "    s.sendall(('POST %s HTTP/1.1\\r\\nHost: localhost\\r\\nContent-Type: application/json\\r\\n'",
        "               'Content-Length: %d\\r\\nConnection: close\\r\\n\\r\\n' % (path, len(data))).encode() + data)",
        "    r = b''",
        "    while True:",
        "        c = s.recv(65536)",
        "        if not c: break",
        "        r += c",
        "    return json.loads(r.partition(b'\\r\\n\\r\\n')[2])",
        "class WS:",
        "    def __init__(self, path):",
        "        self.s = socket.socket(socket.AF_UNIX); self.s.connect(SOCK)",
        "        key = base64.b64encode(os.urandom(16)).decode()",
        "        self.s.sendall(('GET %s HTTP/1.1\\r\\nHost: localhost\\r\\nUpgrade: websocket\\r\\n'",
        "            'Connection: Upgrade\\r\\nSec-WebSocket-Key: %s\\r\\nSec-WebSocket-Version: 13\\r\\n\\r\\n'",
        "            % (path, key)).encode())",
        "        b = b''",
        "        while b'\\r\\n\\r\\n' not in b: b += self.s.recv(4096)",
        "        self.buf = b.partition(b'\\r\\n\\r\\n')[2]",
        "    def read(self, n):",
        "        while len(self.buf) < n: self.buf += self.s.recv(65536)",
        "        d, self.buf = self.buf[:n], self.buf[n:]; return d",
        "    def send(self, text):",
        "        p = text.encode(); m = os.urandom(4); n = len(p)",
        "        h = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0xfe]) + struct.pack('>H', n))",
        "        self.s.sendall(h + m + bytes(b ^ m[i % 4] for i, b in enumerate(p)))",
        "    def recv(self):",
        "        msg = b''",
        "        while True:",
        "            b1, b2 = self.read(2); n = b2 & 0x7f",
        "            if n == 126: n = struct.unpack('>H', self.read(2))[0]",
        "            elif n == 127: n = struct.unpack('>Q', self.read(8))[0]",
        "            p = self.read(n)",
        "            if b1 & 0x0f == 9: self.s.sendall(bytes([0x8a, 0x80]) + os.urandom(4)); continue",
        "            msg += p",
        "            if b1 & 0x80: return msg.decode()",
        "k = post('/api/kernels', {'name': 'python3'})['id']",
        "ws = WS('/api/kernels/%s/channels?session_id=%s' % (k, uuid.uuid4().hex))",
        "sess = uuid.uuid4().hex",
        "def run(code='" + trivialCell + "', silent=False):",
        "    mid = uuid.uuid4().hex",
        "    ws.send(json.dumps({'header': {'msg_id': mid, 'msg_type': 'execute_request', 'username': 'b',",
        "        'session': sess, 'version': '5.3', 'date': ''}, 'parent_header': {}, 'metadata': {},",
        "        'channel': 'shell', 'content': {'code': code, 'silent': silent, 'store_history': not silent,",
        "        'user_expressions': {}, 'allow_stdin': False, 'stop_on_error': True}}))",
        "    reply = idle = False",
        "    while not (reply and idle):",
        "        m = json.loads(ws.recv())",
        "        if m.get('parent_header', {}).get('msg_id') != mid: continue",
        "        t = m['msg_type']",
        "        if t == 'execute_reply': reply = True",
        "        elif t == 'status' and m['content']['execution_state'] == 'idle': idle = True");
  }

  /** The kernel set-up, the warm-up cells and the timed loop, given a {@code run()} function. */
  private String timedRuns(int iterations) {
    return String.join(
        "\n",
        "run(json.loads(" + pyLiteral(kernelSetup) + "), silent=True)",
        "for _ in range(" + warmupCells + "): run()",
        "ts = []",
        "for _ in range(" + iterations + "):",
        "    t = time.perf_counter(); run(); ts.append((time.perf_counter() - t) * 1000)",
        "print('RESULT', json.dumps(ts))");
  }

  /** A Docker client for the local engine (closed by the caller). */
  static DockerClient docker() {
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .responseTimeout(Duration.ofMinutes(10))
            .build();
    return DockerClientImpl.getInstance(config, http);
  }

  private static double[] parse(String samples) {
    return Arrays.stream(samples.split(","))
        .map(String::strip)
        .filter(x -> !x.isEmpty())
        .mapToDouble(Double::parseDouble)
        .toArray();
  }

  private static String pyLiteral(String code) {
    try {
      return "'"
          + new ObjectMapper().writeValueAsString(code).replace("\\", "\\\\").replace("'", "\\'")
          + "'";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String logs(DockerClient docker, String id) {
    StringBuilder sb = new StringBuilder();
    try {
      docker
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  synchronized (sb) {
                    sb.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                  }
                }
              })
          .awaitCompletion(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (sb) {
      return sb.toString();
    }
  }
}
