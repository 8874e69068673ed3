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

  // A remote gateway's defaults for the kernel options whose default depends on the executor: a
  // gateway may launch a pod per kernel, and its kernel may lack the scientific stack the Docker
  // sandbox's warm-up imports.
  private static final Duration REMOTE_START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration REMOTE_RESTART_TIMEOUT = Duration.ofSeconds(30);
  private static final String REMOTE_WARMUP_CODE = "%matplotlib inline\n";

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
    KernelOptions kernel =
        b.kernel.withDefaults(REMOTE_START_TIMEOUT, REMOTE_RESTART_TIMEOUT, REMOTE_WARMUP_CODE);
    this.settings =
        new RemoteSession.Settings(
            b.kernelName,
            kernel.startTimeout().orElseThrow(),
            b.requestTimeout,
            kernel.interruptGrace(),
            kernel.restartTimeout().orElseThrow(),
            kernel.maxOutputBytes(),
            kernel.warmupCode().orElseThrow());
    this.auditLog = kernel.auditLog().map(AuditLog::new).orElse(null);
    AuditSink sink = kernel.auditSink().orElse(null);
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

  /**
   * Builds a {@link RemoteGatewayExecutor}. Each option may be set once: setting it again fails
   * with {@link IllegalStateException} naming it. A value out of range fails at once with {@link
   * IllegalArgumentException} naming the option and the value.
   */
  public static final class Builder {
    private final OptionChecks checks = new OptionChecks();
    private final HttpUrl baseUrl;
    private String token;
    private String kernelName = "python3";
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private KernelOptions kernel = KernelOptions.defaults();

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
      checks.once("token");
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
      checks.once("kernelName");
      this.kernelName = OptionChecks.text(name, "kernelName");
      return this;
    }

    /**
     * Sets the TCP connect timeout. Default 10 s.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      checks.once("connectTimeout");
      this.connectTimeout = OptionChecks.positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets the time limit of one REST call or file transfer. Default 60 s.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      checks.once("requestTimeout");
      this.requestTimeout = OptionChecks.positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * Sets how kernels are started, interrupted, restarted, warmed up and audited: the same value
     * {@link SandboxConfig.Builder#kernel(KernelOptions)} takes. Options left unset there take a
     * remote gateway's defaults: start timeout 2 minutes (gateways that launch pods need long),
     * interrupt grace 2 s, restart timeout 30 s, 1 MiB of output per execution, warm-up code {@code
     * %matplotlib inline}, no audit log or sink.
     *
     * @param kernel the kernel options
     * @return this builder
     */
    public Builder kernel(KernelOptions kernel) {
      checks.once("kernel");
      this.kernel = Objects.requireNonNull(kernel, "kernel");
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
  }
}
