package io.kosmos.sandbox;

import io.kosmos.api.AuditSink;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
import io.kosmos.api.ExecutorInfo;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import io.kosmos.sandbox.internal.AuditLog;
import io.kosmos.sandbox.internal.JupyterClient;
import io.kosmos.sandbox.internal.RemoteSession;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Runs Kosmos's Python on a Jupyter Server, Jupyter Kernel Gateway or Jupyter Enterprise Gateway
 * that is already running somewhere: each session starts a kernel there over REST and drives it
 * over its channels WebSocket, with the same client, time limits, output cap and audit log as
 * {@link DockerSandboxExecutor}. Isolation is whatever the server provides (Enterprise Gateway on
 * Kubernetes gives a pod per kernel).
 *
 * <pre>{@code
 * try (RemoteGatewayExecutor executor = RemoteGatewayExecutor.builder("http://gateway:8888/")
 *         .token(System.getenv("JUPYTER_TOKEN"))
 *         .build()) {
 *   ExecutionResult r = executor.execute("print(6 * 7)", Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Datasets are uploaded into {@code data/} of the kernel's working directory (a remote server
 * cannot mount local files), so there they are at {@code data/<name>}, not {@code /data/<name>},
 * and not read-only. Files move through the contents API where the server has one (Jupyter Server),
 * and through the kernel otherwise (gateways).
 *
 * <p>Thread-safe.
 */
public final class RemoteGatewayExecutor implements Executor {

  private final HttpUrl baseUrl;
  private final JupyterClient client;
  private final OkHttpClient http;
  private final RemoteSession.Settings settings;
  private final AuditLog auditLog;
  private final AuditSink audit;
  private final Set<RemoteSession> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicInteger counter = new AtomicInteger();
  private volatile boolean closed;

  private RemoteGatewayExecutor(Builder b) {
    this.baseUrl = b.baseUrl;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(b.connectTimeout)
            .readTimeout(Duration.ZERO)
            .writeTimeout(b.requestTimeout)
            .build();
    this.client = new JupyterClient(http, baseUrl, b.token, baseUrl.toString());
    this.settings =
        new RemoteSession.Settings(
            b.kernelName,
            b.startTimeout,
            b.requestTimeout,
            b.interruptGrace,
            b.restartTimeout,
            b.maxOutputBytes,
            b.warmupCode);
    this.auditLog = b.auditLog == null ? null : new AuditLog(b.auditLog);
    AuditSink sink = b.auditSink;
    if (auditLog != null && sink != null) {
      this.audit =
          r -> {
            auditLog.record(r);
            sink.record(r);
          };
    } else {
      this.audit = auditLog != null ? auditLog : sink;
    }
  }

  /**
   * Starts a builder for a server at a base URL.
   *
   * @param baseUrl for example {@code http://gateway:8888/} (with the server's base path, if any)
   * @return a new builder
   */
  public static Builder builder(String baseUrl) {
    return new Builder(baseUrl);
  }

  /**
   * Checks that the server answers {@code GET /api/kernels} (which needs the token).
   *
   * @throws SandboxUnavailableException if it does not
   */
  public void ping() {
    try {
      client.kernels(settings.requestTimeout());
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  @Override
  public ExecutionSession openSession(SessionOptions options) {
    Objects.requireNonNull(options, "options");
    if (closed) {
      throw new IllegalStateException("the executor is closed");
    }
    for (Path dataset : options.datasets()) {
      if (!java.nio.file.Files.exists(dataset)) {
        throw new io.kosmos.api.InvalidInputException(
            "dataset " + dataset + " does not exist; pass an existing file or folder");
      }
    }
    String id = "r" + counter.incrementAndGet();
    RemoteSession[] holder = new RemoteSession[1];
    try {
      RemoteSession session =
          RemoteSession.open(
              id,
              options,
              audit,
              client,
              settings,
              () -> {
                if (holder[0] != null) {
                  sessions.remove(holder[0]);
                }
              });
      holder[0] = session;
      sessions.add(session);
      return session;
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  private SandboxUnavailableException unavailable(IOException e) {
    return new SandboxUnavailableException(
        "the Jupyter server at "
            + baseUrl
            + " cannot start a kernel: "
            + e.getMessage()
            + "; check that it runs, that the URL and token are right (403 means a wrong token),"
            + " and that it has the '"
            + settings.kernelName()
            + "' kernel",
        e);
  }

  @Override
  public ExecutorInfo info() {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("kernel", settings.kernelName());
    details.put("maxOutputBytes", Long.toString(settings.maxOutputBytes()));
    return new ExecutorInfo("remote-gateway", baseUrl.toString(), details);
  }

  /** Shuts down every session's kernel and releases the HTTP client. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (RemoteSession s : new ArrayList<>(sessions)) {
      s.forceClose();
    }
    if (auditLog != null) {
      auditLog.close();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** Builds a {@link RemoteGatewayExecutor}. */
  public static final class Builder {
    private final HttpUrl baseUrl;
    private String token;
    private String kernelName = "python3";
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration startTimeout = Duration.ofMinutes(2);
    private Duration interruptGrace = Duration.ofSeconds(2);
    private Duration restartTimeout = Duration.ofSeconds(30);
    private long maxOutputBytes = 1L << 20;
    private String warmupCode = "%matplotlib inline\n";
    private Path auditLog;
    private AuditSink auditSink;

    private Builder(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      HttpUrl url = HttpUrl.parse(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
      if (url == null) {
        throw new IllegalArgumentException("baseUrl must be an http(s) URL, was " + baseUrl);
      }
      this.baseUrl = url;
    }

    /**
     * Sets the server's token, sent as {@code Authorization: token <t>}.
     *
     * @param token the token
     * @return this builder
     */
    public Builder token(String token) {
      this.token = Objects.requireNonNull(token, "token");
      return this;
    }

    /**
     * Sets the kernel spec to start. Default {@code python3}.
     *
     * @param name the kernel spec name
     * @return this builder
     */
    public Builder kernelName(String name) {
      this.kernelName = Objects.requireNonNull(name, "kernelName");
      return this;
    }

    /**
     * Sets the TCP connect timeout. Default 10 s.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets the time limit of one REST call or file transfer. Default 60 s.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * Sets how long starting a kernel may take (gateways that launch pods need long). Default 2
     * minutes.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = positive(timeout, "startTimeout");
      return this;
    }

    /**
     * Sets how long an interrupted cell gets to stop before the kernel is restarted. Default 2 s.
     *
     * @param grace positive
     * @return this builder
     */
    public Builder interruptGrace(Duration grace) {
      this.interruptGrace = positive(grace, "interruptGrace");
      return this;
    }

    /**
     * Sets how long a kernel restart may take before a new kernel is started. Default 30 s.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder restartTimeout(Duration timeout) {
      this.restartTimeout = positive(timeout, "restartTimeout");
      return this;
    }

    /**
     * Sets the output kept per execution. Default 1 MiB.
     *
     * @param bytes at least 1024
     * @return this builder
     */
    public Builder maxOutputBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxOutputBytes must be at least 1024, was " + bytes);
      }
      this.maxOutputBytes = bytes;
      return this;
    }

    /**
     * Sets the code every new kernel runs silently first. Default {@code %matplotlib inline}.
     *
     * @param code Python source, or empty
     * @return this builder
     */
    public Builder warmupCode(String code) {
      this.warmupCode = Objects.requireNonNull(code, "warmupCode");
      return this;
    }

    /**
     * Writes the audit log to this JSON-lines file.
     *
     * @param file the file
     * @return this builder
     */
    public Builder auditLog(Path file) {
      this.auditLog = Objects.requireNonNull(file, "auditLog");
      return this;
    }

    /**
     * Also hands every audit record to this sink.
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder auditSink(AuditSink sink) {
      this.auditSink = Objects.requireNonNull(sink, "auditSink");
      return this;
    }

    /**
     * Builds the executor. Does not contact the server; {@link #ping()} does.
     *
     * @return the executor
     */
    public RemoteGatewayExecutor build() {
      return new RemoteGatewayExecutor(this);
    }

    private static Duration positive(Duration d, String option) {
      Objects.requireNonNull(d, option);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(option + " must be positive, was " + d);
      }
      return d;
    }
  }
}
