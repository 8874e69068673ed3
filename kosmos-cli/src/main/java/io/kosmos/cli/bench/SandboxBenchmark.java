package io.kosmos.cli.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.SessionOptions;
import io.kosmos.sandbox.DockerSandboxExecutor;
import io.kosmos.sandbox.PoolOptions;
import io.kosmos.sandbox.SandboxConfig;
import io.kosmos.sandbox.internal.OutputGuard;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kosmos bench sandbox}: measures the Docker sandbox on this machine, in one run, and prints
 * a table against the targets: cold start (container started to kernel ready), pooled acquisition,
 * the round trip of a trivial cell, the throughput of parallel sessions, and the same trivial-cell
 * round trip measured with Python's {@code jupyter_client} against a kernel of the same image.
 *
 * <p>Paths compared: the Java client with the default {@link SandboxConfig.KernelTransport#ZMQ}
 * talks ZeroMQ to the kernel's Unix sockets from the host; {@code jupyter_client} runs inside a
 * container and talks ZeroMQ to its kernel there; the Java client with {@link
 * SandboxConfig.KernelTransport#WEBSOCKET} and a minimal Python WebSocket client go through Jupyter
 * Server's WebSocket, one hop more.
 */
public final class SandboxBenchmark {

  /** What to measure and how often. */
  public record Options(
      int iterations, int coldStarts, int acquisitions, int parallel, int cellsPerSession) {}

  private static final Duration T = Duration.ofSeconds(60);
  private static final String TRIVIAL = "1";
  private static final int WARMUP_CELLS = 500;

  private final Options options;
  private final PrintWriter out;
  private double[] pyFirst = new double[0];
  private double[] pyWebSocket = new double[0];
  private double[] javaWebSocket = new double[0];
  private final List<String[]> rows = new ArrayList<>();
  private boolean allPass = true;

  /**
   * Prepares a run.
   *
   * @param options what to measure
   * @param out where the table goes
   */
  public SandboxBenchmark(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /**
   * Runs the benchmark from the command line with the default options.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    boolean ok = new SandboxBenchmark(new Options(200, 5, 20, 8, 50), out).run();
    System.exit(ok ? 0 : 1);
  }

  /**
   * Measures everything and prints the table.
   *
   * @return whether every target was met
   */
  public boolean run() {
    out.printf(
        "Kosmos sandbox benchmark: %d cores, Java %s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version());
    out.flush();
    String image;
    double[] cold;
    double[] coldWarmup;
    SandboxConfig base =
        SandboxConfig.builder().pool(PoolOptions.builder().minIdle(0).build()).build();

    // 1. Cold start: no warm container; opening a session starts one and its kernel.
    try (DockerSandboxExecutor executor =
        DockerSandboxExecutor.create(
            base.toBuilder().kernel(base.kernel().newBuilder().warmupCode("").build()).build())) {
      image = executor.image();
      out.println("image " + image + "; measuring cold starts ...");
      out.flush();
      cold = new double[options.coldStarts()];
      coldWarmup = new double[options.coldStarts()];
      for (int i = 0; i < options.coldStarts(); i++) {
        long t0 = System.nanoTime();
        try (ExecutionSession s = executor.openSession(SessionOptions.builder().build())) {
          cold[i] = ms(System.nanoTime() - t0);
          long t1 = System.nanoTime();
          check(s.execute(SandboxConfig.DEFAULT_WARMUP_CODE, T));
          coldWarmup[i] = cold[i] + ms(System.nanoTime() - t1);
        }
      }
    }
    row("cold start: docker run to kernel ready", p50(cold), "< 3000 ms", p50(cold) < 3000);
    row(
        "cold start + warm-up imports (numpy, pandas, mpl)",
        p50(coldWarmup),
        "(the pool hides it)",
        null);

    // 2. Pooled acquisition and 3. trivial-cell round trip.
    double[] acquire = new double[options.acquisitions()];
    double[] rtt = new double[options.iterations()];
    try (DockerSandboxExecutor executor =
        DockerSandboxExecutor.create(
            base.toBuilder().pool(base.pool().newBuilder().minIdle(1).build()).build())) {
      out.println("measuring pooled acquisition ...");
      out.flush();
      for (int i = 0; i < acquire.length; i++) {
        if (!executor.awaitWarm(Duration.ofMinutes(3))) {
          throw new IllegalStateException("the pool did not warm up within 3 minutes");
        }
        long t0 = System.nanoTime();
        try (ExecutionSession s = executor.openSession(SessionOptions.builder().build())) {
          acquire[i] = ms(System.nanoTime() - t0);
          if (i == acquire.length - 1) {
            // Let the pool finish warming its replacement, so no container start competes with
            // the round trips for the CPU.
            executor.awaitWarm(Duration.ofMinutes(3));
            out.println("measuring trivial-cell round trips ...");
            out.flush();
            // Steady state: a run executes thousands of cells, so let the JIT compile the
            // client's path first (the Python clients are warmed up too).
            for (int w = 0; w < WARMUP_CELLS; w++) {
              check(s.execute(TRIVIAL, T));
            }
            // Two halves, interleaved with the two halves of the jupyter_client run, so that
            // noise from other work on the machine falls on both alike.
            int half = rtt.length / 2;
            for (int k = 0; k < rtt.length; k++) {
              if (k == half) {
                out.println("measuring jupyter_client (first half) ...");
                out.flush();
                pyFirst = jupyterClient(image, half);
              }
              long t1 = System.nanoTime();
              check(s.execute(TRIVIAL, T));
              rtt[k] = ms(System.nanoTime() - t1);
            }
            out.println("measuring a Python WebSocket client through the same Jupyter Server ...");
            out.flush();
            pyWebSocket = pythonWebSocket(s.location(), rtt.length);
          }
        }
      }
    }
    // The same round trip with the Java client through Jupyter Server's WebSocket.
    try (DockerSandboxExecutor executor =
        DockerSandboxExecutor.create(
            base.toBuilder()
                .pool(base.pool().newBuilder().minIdle(1).build())
                .kernelTransport(SandboxConfig.KernelTransport.WEBSOCKET)
                .build())) {
      out.println("measuring the Java client through Jupyter Server's WebSocket ...");
      out.flush();
      try (ExecutionSession s = executor.openSession(SessionOptions.builder().build())) {
        executor.awaitWarm(Duration.ofMinutes(3));
        for (int w = 0; w < WARMUP_CELLS; w++) {
          check(s.execute(TRIVIAL, T));
        }
        javaWebSocket = new double[rtt.length];
        for (int k = 0; k < javaWebSocket.length; k++) {
          long t1 = System.nanoTime();
          check(s.execute(TRIVIAL, T));
          javaWebSocket[k] = ms(System.nanoTime() - t1);
        }
      }
    }
    row(
        "pooled acquisition (warm container)",
        "p50 " + fmt(p50(acquire)) + " / p99 " + fmt(p99(acquire)),
        "p50 < 50 ms",
        p50(acquire) < 50);
    row("trivial cell round trip, Java client (ZeroMQ)", spread(rtt), "", null);
    row("same, Java client via Jupyter Server WebSocket", spread(javaWebSocket), "", null);

    // 4. Throughput of parallel sessions.
    double throughput;
    int n = options.parallel();
    try (DockerSandboxExecutor executor =
        DockerSandboxExecutor.create(
            base.toBuilder()
                .pool(base.pool().newBuilder().minIdle(n).maxContainers(Math.max(n, 1)).build())
                .build())) {
      out.println("warming " + n + " containers for the parallel run ...");
      out.flush();
      executor.awaitWarm(Duration.ofMinutes(5));
      ExecutorService threads = Executors.newFixedThreadPool(n);
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        done.add(
            threads.submit(
                () -> {
                  try (ExecutionSession s =
                      executor.openSession(SessionOptions.builder().build())) {
                    check(s.execute(TRIVIAL, T));
                    ready.countDown();
                    go.await();
                    for (int c = 0; c < options.cellsPerSession(); c++) {
                      check(s.execute(TRIVIAL, T));
                    }
                    return options.cellsPerSession();
                  }
                }));
      }
      await(ready);
      long t0 = System.nanoTime();
      go.countDown();
      int cells = 0;
      for (Future<Integer> f : done) {
        cells += get(f);
      }
      throughput = cells / ((System.nanoTime() - t0) / 1e9);
      threads.shutdown();
    }
    row(n + " parallel sessions, trivial cells", fmt(throughput) + " cells/s", "", null);

    // 5. jupyter_client in a container of the same image (second half; the first ran between
    // the two halves of the Java round trips).
    out.println("measuring jupyter_client (second half) ...");
    out.flush();
    double[] pySecond = jupyterClient(image, options.iterations() - pyFirst.length);
    double[] py = new double[pyFirst.length + pySecond.length];
    System.arraycopy(pyFirst, 0, py, 0, pyFirst.length);
    System.arraycopy(pySecond, 0, py, pyFirst.length, pySecond.length);
    row("trivial cell round trip, jupyter_client", spread(py), "", null);
    row("same, Python WebSocket client via Jupyter Server", spread(pyWebSocket), "", null);
    double ratio = p50(rtt) / p50(py);
    row(
        "ratio Java WebSocket p50 / Python WebSocket p50",
        String.format(Locale.ROOT, "%.2f", p50(javaWebSocket) / p50(pyWebSocket)),
        "",
        null);
    row(
        "ratio Java p50 / jupyter_client p50",
        String.format(Locale.ROOT, "%.2f", ratio),
        "<= 1.00",
        ratio <= 1.0);

    printTable();
    return allPass;
  }

  /** Runs jupyter_client against a kernel set up as the sandbox's are; returns each round trip. */
  private double[] jupyterClient(String image, int iterations) {
    String script =
        String.join(
            "\n",
            "import json, time",
            "from jupyter_client.manager import start_new_kernel",
            "km, kc = start_new_kernel(kernel_name='python3')",
            "def run(code='" + TRIVIAL + "', silent=False):",
            "    kc.execute_interactive(code, silent=silent, store_history=not silent,"
                + " timeout=60, output_hook=lambda m: None)",
            "run(json.loads(" + pyLiteral(kernelSetup()) + "), silent=True)",
            "for _ in range(" + WARMUP_CELLS + "): run()",
            "ts = []",
            "for _ in range(" + iterations + "):",
            "    t = time.perf_counter(); run(); ts.append((time.perf_counter() - t) * 1000)",
            "print('RESULT', json.dumps(ts))",
            "kc.stop_channels(); km.shutdown_kernel(now=True)");
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .responseTimeout(Duration.ofMinutes(10))
            .build();
    try (DockerClient docker = DockerClientImpl.getInstance(config, http)) {
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
        Matcher m = Pattern.compile("RESULT \\[([0-9., e+-]*)\\]").matcher(logs);
        if (exit != 0 || !m.find()) {
          throw new IllegalStateException("jupyter_client run failed (exit " + exit + "): " + logs);
        }
        return Arrays.stream(m.group(1).split(","))
            .map(String::strip)
            .filter(x -> !x.isEmpty())
            .mapToDouble(Double::parseDouble)
            .toArray();
      } finally {
        docker.removeContainerCmd(id).withForce(true).exec();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Runs a minimal Python WebSocket client (standard library only) inside a sandbox container,
   * against a new kernel of its Jupyter Server set up like the sandbox's, over the same Unix socket
   * the Java client uses: the same path as the Java client, so the difference between the two is
   * the client's own cost.
   */
  private double[] pythonWebSocket(String container, int iterations) {
    String script =
        String.join(
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
            "def run(code='" + TRIVIAL + "', silent=False):",
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
            "        elif t == 'status' and m['content']['execution_state'] == 'idle': idle = True",
            "run(json.loads(" + pyLiteral(kernelSetup()) + "), silent=True)",
            "for _ in range(" + WARMUP_CELLS + "): run()",
            "ts = []",
            "for _ in range(" + iterations + "):",
            "    t = time.perf_counter(); run(); ts.append((time.perf_counter() - t) * 1000)",
            "print('RESULT', json.dumps(ts))");
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .responseTimeout(Duration.ofMinutes(10))
            .build();
    try (DockerClient docker = DockerClientImpl.getInstance(config, http)) {
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
      return samples(output);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double[] samples(String output) {
    Matcher m = Pattern.compile("RESULT \\[([0-9., e+-]*)\\]").matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("a Python benchmark client failed: " + output);
    }
    return Arrays.stream(m.group(1).split(","))
        .map(String::strip)
        .filter(x -> !x.isEmpty())
        .mapToDouble(Double::parseDouble)
        .toArray();
  }

  /** The code every sandbox kernel runs before it is handed out: the output guard and warm-up. */
  private static String kernelSetup() {
    return OutputGuard.code(SandboxConfig.defaults().kernel().maxOutputBytes())
        + "\n"
        + SandboxConfig.DEFAULT_WARMUP_CODE;
  }

  private static String pyLiteral(String code) {
    try {
      return "'"
          + new com.fasterxml.jackson.databind.ObjectMapper()
              .writeValueAsString(code)
              .replace("\\", "\\\\")
              .replace("'", "\\'")
          + "'";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
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

  private void row(String metric, double ms, String target, Boolean pass) {
    row(metric, "p50 " + fmt(ms), target, pass);
  }

  private void row(String metric, String value, String target, Boolean pass) {
    if (Boolean.FALSE.equals(pass)) {
      allPass = false;
    }
    rows.add(new String[] {metric, value, target, pass == null ? "" : pass ? "PASS" : "MISS"});
  }

  private void printTable() {
    int[] w = {6, 5, 6, 6};
    List<String[]> all = new ArrayList<>();
    all.add(new String[] {"metric", "value", "target", "result"});
    all.addAll(rows);
    for (String[] r : all) {
      for (int i = 0; i < 4; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    String format = "%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %s%n";
    out.println();
    for (int i = 0; i < all.size(); i++) {
      String[] r = all.get(i);
      out.printf(format, r[0], r[1], r[2], r[3]);
      if (i == 0) {
        out.println("-".repeat(w[0] + w[1] + w[2] + w[3] + 6));
      }
    }
    out.println(
        "(times in ms; the Java client (ZeroMQ) talks to the kernel's Unix sockets from the host;"
            + " jupyter_client talks ZeroMQ to its kernel inside its container; the WebSocket"
            + " clients go through Jupyter Server, one hop more)");
    out.flush();
  }

  /** A round-trip distribution as "p50 x / p99 y (n=z)". */
  private static String spread(double[] samples) {
    return "p50 "
        + fmt(p50(samples))
        + " / p99 "
        + fmt(p99(samples))
        + " (n="
        + samples.length
        + ")";
  }

  private static void check(ExecutionResult r) {
    if (!r.isOk()) {
      throw new IllegalStateException("a benchmark cell failed: " + r.error());
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int get(Future<Integer> f) {
    try {
      return f.get();
    } catch (Exception e) {
      throw new IllegalStateException("a parallel session failed: " + e.getMessage(), e);
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  static double p50(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[(v.length - 1) / 2];
  }

  static double p99(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int idx = (int) Math.ceil(v.length * 0.99) - 1;
    return v[Math.max(0, Math.min(v.length - 1, idx))];
  }

  private static String fmt(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
