package io.kosmos.sandbox;

import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
import io.kosmos.api.ExecutorInfo;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import io.kosmos.sandbox.internal.JupyterClient;
import io.kosmos.sandbox.internal.RemoteSession;
import java.io.IOException;
import java.nio.file.Files;
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
 * Kubernetes gives a pod per kernel). For several gateways, with placement, health checks and
 * failover, use {@link GatewayPoolExecutor}.
 *
 * <pre>{@code
 * try (RemoteGatewayExecutor executor = RemoteGatewayExecutor.builder("http://gateway:8888/")
 *         .token(System.getenv("KOSMOS_GATEWAY_TOKEN"))
 *         .build()) {
 *   ExecutionResult r = executor.execute("print(6 * 7)", Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Datasets are where analyses read them, {@code /data/<name>}: uploaded through the kernel, or
 * provided by the gateway ({@link DatasetDelivery}), and checked by SHA-256 before the first cell.
 * Workspace files move through the contents API where the server has one (Jupyter Server), and
 * through the kernel otherwise (gateways). Each start request carries {@code KERNEL_USERNAME} (this
 * process's user unless set), {@code KERNEL_LAUNCH_TIMEOUT} (the start timeout) and, for a session
 * with a memory limit, {@code KERNEL_MEMORY_LIMIT}: the variables Enterprise Gateway reads.
 *
 * <p>Thread-safe.
 */
public final class RemoteGatewayExecutor implements Executor {

  private final HttpUrl baseUrl;
  private final JupyterClient client;
  private final OkHttpClient http;
  private final RemoteKernels kernels;
  private final RemoteSession.Settings settings;
  private final Duration probeTimeout;
  private final Set<RemoteSession> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicInteger counter = new AtomicInteger();
  private final RemoteSession.Link link = new Link();
  private volatile boolean closed;

  private RemoteGatewayExecutor(Builder b) {
    this.baseUrl = b.baseUrl;
    this.http = RemoteKernels.http(b.connectTimeout, b.requestTimeout);
    this.client = new JupyterClient(http, baseUrl, b.token, baseUrl.toString());
    this.kernels = new RemoteKernels(b.kernel);
    this.settings =
        kernels.settings(
            b.kernelName, RemoteKernels.startEnv(b.kernelEnv), b.requestTimeout, b.datasets);
    this.probeTimeout = b.connectTimeout;
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
   * Checks that the server answers {@code GET /api/kernelspecs} with the token, and has the kernel
   * spec this executor starts. (Listing kernels is not used: Enterprise Gateway forbids it unless
   * its {@code list_kernels} is on.)
   *
   * @throws SandboxUnavailableException if it does not, with what is wrong
   */
  public void ping() {
    String problem = RemoteKernels.check(client, settings.kernelName(), settings.requestTimeout());
    if (problem != null) {
      throw new SandboxUnavailableException(
          "the Jupyter server at " + baseUrl + " cannot serve sessions: " + problem);
    }
  }

  @Override
  public ExecutionSession openSession(SessionOptions options) {
    Objects.requireNonNull(options, "options");
    if (closed) {
      throw new IllegalStateException("the executor is closed");
    }
    for (Path dataset : options.datasets()) {
      if (!Files.exists(dataset)) {
        throw new InvalidInputException(
            "dataset " + dataset + " does not exist; pass an existing file or folder");
      }
    }
    RemoteSession session =
        RemoteSession.create(
            "r" + counter.incrementAndGet(), options, kernels.audit(), client, settings, link);
    sessions.add(session);
    try {
      session.start();
      return session;
    } catch (IOException e) {
      throw new SandboxUnavailableException(
          "the Jupyter server at "
              + baseUrl
              + " cannot start a session: "
              + e.getMessage()
              + RemoteKernels.hint(e, settings.kernelName()),
          e);
    }
  }

  @Override
  public ExecutorInfo info() {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("kernel", settings.kernelName());
    details.put("maxOutputBytes", Long.toString(settings.maxOutputBytes()));
    details.put("datasets", settings.uploadDatasets() ? "upload" : "gateway-mount");
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
    kernels.close();
    RemoteKernels.release(http);
  }

  /** A lone server: a failed connection is the server gone only if it does not answer at all. */
  private final class Link implements RemoteSession.Link {
    @Override
    public String confirmLoss(IOException failure) {
      try {
        client.api(probeTimeout);
        return null;
      } catch (IOException e) {
        return "no answer to GET /api (" + e.getMessage() + ")";
      }
    }

    @Override
    public void closed(RemoteSession session, boolean kernelLeft) {
      sessions.remove(session);
    }
  }

  /**
   * Builds a {@link RemoteGatewayExecutor}. Each option may be set once: setting it again fails
   * with {@link IllegalStateException} naming it ({@code kernelEnv} once per variable). A value out
   * of range fails at once with {@link IllegalArgumentException} naming the option and the value.
   *
   * <p>Defaults: no token, kernel spec {@code python3}, connect timeout 10 s, request timeout 60 s,
   * {@link KernelOptions#defaults()} with a remote gateway's defaults, {@code KERNEL_USERNAME} this
   * process's user, datasets {@link DatasetDelivery#UPLOAD}.
   */
  public static final class Builder extends RemoteBuilder<Builder> {
    private final HttpUrl baseUrl;
    private String token;
    private String kernelName = "python3";

    private Builder(String baseUrl) {
      this.baseUrl = Gateway.parseUrl(baseUrl, "baseUrl");
    }

    @Override
    Builder self() {
      return this;
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
     * Builds the executor. Does not contact the server; {@link #ping()} does. Every value was
     * checked when it was set, so this cannot fail.
     *
     * @return the executor
     */
    public RemoteGatewayExecutor build() {
      return new RemoteGatewayExecutor(this);
    }
  }
}
