package io.kosmos.sandbox.internal;

import io.kosmos.api.AuditSink;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.Output;
import io.kosmos.api.SessionOptions;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session on a remote Jupyter Server, Kernel Gateway or Enterprise Gateway: one kernel started
 * over REST (with the {@code KERNEL_} variables a gateway reads), driven over its channels
 * WebSocket. Datasets are placed at {@code /data/<name>}, where analyses read them, and checked by
 * SHA-256 before the first cell ({@link DatasetPlacement}). Workspace files move through the
 * contents API when the server has one, and through the kernel otherwise ({@link KernelFiles}).
 *
 * <p>A session belongs to one server. When that server is gone (its {@link Link} says so, or it
 * calls {@link #gatewayLost}), the kernel and its variables are gone with it: the cell in flight
 * and every later call end with an {@link GatewayLostException}, which the session turns into a
 * {@code SandboxUnavailableException}, and the caller opens a new session elsewhere.
 */
public final class RemoteSession extends KernelSession {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteSession.class);

  /**
   * Settings shared by the sessions of one server.
   *
   * @param kernelName the kernel spec to start
   * @param kernelEnv variables sent with each start request ({@code KERNEL_USERNAME}, ...)
   * @param startTimeout how long a kernel may take to start, connect and warm up
   * @param requestTimeout one REST call or file transfer
   * @param interruptGrace how long an interrupted cell gets to stop
   * @param restartTimeout how long a restart may take
   * @param maxOutputBytes output kept per execution
   * @param warmupCode run silently in every new kernel
   * @param dataRoot where datasets go on the kernel's side
   * @param uploadDatasets {@code true} to upload them, {@code false} to check what is there
   */
  public record Settings(
      String kernelName,
      Map<String, String> kernelEnv,
      Duration startTimeout,
      Duration requestTimeout,
      Duration interruptGrace,
      Duration restartTimeout,
      long maxOutputBytes,
      String warmupCode,
      String dataRoot,
      boolean uploadDatasets) {

    /** Copies the map. */
    public Settings {
      kernelEnv = Map.copyOf(kernelEnv);
    }
  }

  /** What the session asks of whoever placed it on its server. */
  public interface Link {
    /**
     * The session's connection to its server failed: is the server gone?
     *
     * @param failure what failed
     * @return why the server is gone, or {@code null} when it still answers
     */
    String confirmLoss(IOException failure);

    /**
     * The session closed.
     *
     * @param session the session
     * @param kernelLeft {@code true} if its kernel could not be deleted (the server was gone)
     */
    void closed(RemoteSession session, boolean kernelLeft);
  }

  /** The session's server is gone, and its kernel with it. */
  public static final class GatewayLostException extends IOException {
    private static final long serialVersionUID = 1L;

    GatewayLostException(String message) {
      super(message);
    }
  }

  private final JupyterClient client;
  private final Settings settings;
  private final Link link;
  private final KernelFiles kernelFiles;
  private final String clientSession = UUID.randomUUID().toString();
  private volatile String kernelId;
  private volatile KernelChannel channel;
  private volatile Boolean contentsApi;
  private volatile String lost;

  private RemoteSession(
      String id,
      SessionOptions options,
      AuditSink audit,
      JupyterClient client,
      Settings settings,
      Link link) {
    super(
        id,
        options,
        audit,
        "KernelOptions.maxOutputBytes",
        settings.interruptGrace(),
        settings.restartTimeout());
    this.client = client;
    this.settings = settings;
    this.link = link;
    this.kernelFiles = new KernelFiles(() -> channel, settings.requestTimeout(), client.endpoint());
  }

  /**
   * A session not started yet: {@link #start()} starts it. Made first so that whoever tracks the
   * sessions of a server can end it while it starts.
   *
   * @return the session
   */
  public static RemoteSession create(
      String id,
      SessionOptions options,
      AuditSink audit,
      JupyterClient client,
      Settings settings,
      Link link) {
    return new RemoteSession(id, options, audit, client, settings, link);
  }

  /**
   * Starts a kernel, opens its channel, warms it up and places the datasets. On failure the kernel
   * is deleted and the session closed.
   *
   * @throws IOException if the server does not start a kernel in time, or the datasets cannot be
   *     placed
   */
  public void start() throws IOException {
    try {
      startKernelWithData();
      checkNotLost();
    } catch (IOException | RuntimeException e) {
      close();
      if (lost != null && !(e instanceof GatewayLostException)) {
        throw lostException();
      }
      throw e;
    }
  }

  /**
   * Starts a kernel, places the datasets, then warms the kernel up: a kernel that cannot take the
   * datasets fails before the warm-up's imports cost their seconds.
   */
  private void startKernelWithData() throws IOException {
    long deadline = System.nanoTime() + settings.startTimeout().toNanos();
    kernelId = client.startKernel(settings.kernelName(), startEnv(), settings.startTimeout());
    connect(deadline, false);
    DatasetPlacement.place(
        kernelFiles,
        options().datasets(),
        settings.dataRoot(),
        settings.uploadDatasets(),
        client.endpoint());
    // A large upload may use up the start's time (each chunk has its own limit); the warm-up
    // still gets at least the restart timeout.
    warmUp(Math.max(deadline, System.nanoTime() + settings.restartTimeout().toNanos()));
  }

  /**
   * The variables sent with a start request: the configured ones, the start timeout as Enterprise
   * Gateway's {@code KERNEL_LAUNCH_TIMEOUT} (its own default is 30 s), and the session's memory
   * limit as {@code KERNEL_MEMORY_LIMIT} (which its Kubernetes kernel pod turns into the pod's
   * limit), unless configured otherwise.
   */
  Map<String, String> startEnv() {
    Map<String, String> env = new LinkedHashMap<>(settings.kernelEnv());
    env.putIfAbsent(
        "KERNEL_LAUNCH_TIMEOUT", Long.toString(Math.max(1, settings.startTimeout().toSeconds())));
    if (options().memoryLimitBytes() > 0) {
      env.putIfAbsent("KERNEL_MEMORY_LIMIT", Long.toString(options().memoryLimitBytes()));
    }
    return env;
  }

  private void connect(long deadline) throws IOException {
    connect(deadline, true);
  }

  private void connect(long deadline, boolean warm) throws IOException {
    KernelChannel old = channel;
    if (old != null) {
      old.close();
    }
    checkNotLost();
    channel = WebSocketChannel.open(client, kernelId, clientSession, remaining(deadline));
    if (lost != null) {
      channel.close();
      throw lostException();
    }
    try {
      OutputGuard.install(channel, settings.maxOutputBytes(), remaining(deadline));
    } catch (IOException e) {
      LOG.info("no output guard in the kernel at {}: {}", client.endpoint(), e.getMessage());
    }
    if (warm) {
      warmUp(deadline);
    }
  }

  private void warmUp(long deadline) throws IOException {
    if (!settings.warmupCode().isBlank()) {
      ExecutionResult warm = channel.runSilently(settings.warmupCode(), remaining(deadline));
      if (!warm.isOk()) {
        LOG.info(
            "warm-up code failed on {}: {}",
            client.endpoint(),
            warm.errorOutput().map(Output.Error::value).orElse("?"));
      }
    }
  }

  /**
   * Ends the session because its server is gone: the cell in flight ends at once, and every later
   * call fails with a message that names the server and the reason.
   *
   * @param reason why the server is considered gone
   */
  public void gatewayLost(String reason) {
    if (lost == null) {
      lost = reason;
    }
    KernelChannel c = channel;
    if (c != null) {
      c.close();
    }
  }

  /**
   * Why the session's server is gone.
   *
   * @return the reason, or {@code null} while it is not
   */
  public String lostReason() {
    return lost;
  }

  /**
   * The kernel on the server.
   *
   * @return its id, or {@code null} before it started
   */
  public String kernelId() {
    return kernelId;
  }

  private void checkNotLost() throws GatewayLostException {
    if (lost != null) {
      throw lostException();
    }
  }

  private GatewayLostException lostException() {
    return new GatewayLostException(
        "the gateway at "
            + client.endpoint()
            + " is gone ("
            + lost
            + "); kernel "
            + kernelId
            + " died with it (KERNEL_DIED) and its variables are lost. Open a new session: a"
            + " gateway pool places it on a gateway that answers");
  }

  /** Asks the link whether a failure means the server is gone; if so, the session is lost. */
  private void confirm(IOException failure) throws GatewayLostException {
    if (failure instanceof GatewayLostException g) {
      throw g;
    }
    String reason = link.confirmLoss(failure);
    if (reason != null) {
      gatewayLost(reason);
    }
    checkNotLost();
  }

  @Override
  protected KernelChannel channel() {
    return channel;
  }

  @Override
  protected JupyterClient client() {
    return client;
  }

  @Override
  protected void restartKernel(Duration timeout) throws IOException {
    checkNotLost();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      client.restart(kernelId, timeout);
      connect(deadline);
    } catch (IOException e) {
      confirm(e);
      throw e;
    }
  }

  @Override
  protected void replaceSandbox() throws IOException {
    checkNotLost();
    String old = kernelId;
    try {
      client.deleteKernel(old, settings.requestTimeout());
    } catch (IOException e) {
      confirm(e);
      LOG.debug("cannot delete kernel {}: {}", old, e.getMessage());
    }
    try {
      startKernelWithData();
    } catch (IOException e) {
      confirm(e);
      throw e;
    }
  }

  @Override
  protected void recoverAfterDeath(Instant since) throws IOException {
    checkNotLost();
    long deadline = System.nanoTime() + settings.restartTimeout().toNanos();
    try {
      connect(deadline);
    } catch (IOException first) {
      confirm(first);
      if (kernelGone()) {
        // Culled by the server (an idle timeout) or deleted by someone: restarting it cannot work.
        replaceSandbox();
        return;
      }
      try {
        restartKernel(settings.restartTimeout());
      } catch (IOException second) {
        replaceSandbox();
      }
    }
  }

  /** Whether the server no longer knows the kernel (404): culled or deleted. */
  private boolean kernelGone() {
    try {
      client.kernel(kernelId, settings.requestTimeout());
      return false;
    } catch (JupyterClient.JupyterHttpException e) {
      return e.status() == 404;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  protected String explainDeath(Instant since, boolean channelClosed) {
    if (lost != null) {
      return "the gateway at " + client.endpoint() + " is gone (" + lost + ")";
    }
    return "the kernel died while the cell ran (the server at "
        + client.endpoint()
        + " does not say why; a memory limit on the server's side, or a server that culls idle"
        + " kernels, are common causes); the session continues in a restarted kernel without its"
        + " earlier variables";
  }

  @Override
  protected String where() {
    return "kernel " + kernelId;
  }

  /**
   * The kernel's resource on its server, for example {@code
   * http://10.0.0.5:8888/api/kernels/1b2c...}: names the gateway and the kernel.
   */
  @Override
  public String location() {
    return client.baseUrl() + "api/kernels/" + kernelId;
  }

  @Override
  protected String environment() {
    return client.endpoint();
  }

  @Override
  protected Limits limits() {
    return new Limits(-1, -1, -1, settings.maxOutputBytes(), "remote");
  }

  @Override
  protected long maxOutputBytes() {
    return settings.maxOutputBytes();
  }

  // ---------------------------------------------------------------- files

  @Override
  protected void writeFile(String path, byte[] content) throws IOException {
    checkNotLost();
    if (hasContentsApi()) {
      client.writeFile(path, content, settings.requestTimeout());
    } else {
      kernelFiles.write(path, content);
    }
  }

  @Override
  protected byte[] readFile(String path) throws IOException {
    checkNotLost();
    return hasContentsApi()
        ? client.readFile(path, settings.requestTimeout())
        : kernelFiles.read(path);
  }

  @Override
  protected List<String> listFiles(String dir) throws IOException {
    checkNotLost();
    return hasContentsApi()
        ? client.listFiles(dir, settings.requestTimeout())
        : kernelFiles.list(dir);
  }

  private boolean hasContentsApi() {
    Boolean known = contentsApi;
    if (known == null) {
      try {
        client.listFiles("", settings.requestTimeout());
        known = true;
      } catch (IOException e) {
        known = false;
      }
      contentsApi = known;
    }
    return known;
  }

  @Override
  protected void release() {
    boolean left = false;
    try {
      KernelChannel c = channel;
      if (c != null) {
        c.close();
      }
      if (kernelId != null) {
        if (lost != null) {
          left = true;
        } else {
          client.deleteKernel(kernelId, settings.requestTimeout());
        }
      }
    } catch (IOException e) {
      left = true;
      LOG.info("cannot delete kernel {} at {}: {}", kernelId, client.endpoint(), e.getMessage());
    } finally {
      link.closed(this, left);
    }
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
  }
}
