package io.kosmos.sandbox.internal;

import io.kosmos.api.AuditSink;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Output;
import io.kosmos.api.SessionOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session on a remote Jupyter Server, Kernel Gateway or Enterprise Gateway: one kernel started
 * over REST, driven over its channels WebSocket. Files move through the contents API when the
 * server has one, and through the kernel itself otherwise (gateways have no contents API). Datasets
 * are uploaded into {@code data/} of the kernel's working directory: a remote server cannot mount
 * the caller's files, so they are neither at {@code /data} nor read-only there.
 */
public final class RemoteSession extends KernelSession {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteSession.class);
  private static final long TRANSFER_CAP = 512L << 20;

  /** Settings shared by the sessions of one remote executor. */
  public record Settings(
      String kernelName,
      Duration startTimeout,
      Duration requestTimeout,
      Duration interruptGrace,
      Duration restartTimeout,
      long maxOutputBytes,
      String warmupCode) {}

  private final JupyterClient client;
  private final Settings settings;
  private final Runnable onClose;
  private final String clientSession = UUID.randomUUID().toString();
  private volatile String kernelId;
  private volatile KernelChannel channel;
  private volatile Boolean contentsApi;

  private RemoteSession(
      String id,
      SessionOptions options,
      AuditSink audit,
      JupyterClient client,
      Settings settings,
      Runnable onClose) {
    super(
        id,
        options,
        audit,
        "KernelOptions.maxOutputBytes",
        settings.interruptGrace(),
        settings.restartTimeout());
    this.client = client;
    this.settings = settings;
    this.onClose = onClose;
  }

  /**
   * Starts a kernel, opens its channel, warms it up and uploads the datasets.
   *
   * @return the ready session
   * @throws IOException if the server does not start a kernel in time
   */
  public static RemoteSession open(
      String id,
      SessionOptions options,
      AuditSink audit,
      JupyterClient client,
      Settings settings,
      Runnable onClose)
      throws IOException {
    RemoteSession session = new RemoteSession(id, options, audit, client, settings, onClose);
    session.startKernel();
    try {
      session.uploadDatasets();
    } catch (IOException | RuntimeException e) {
      session.close();
      throw e;
    }
    return session;
  }

  private void startKernel() throws IOException {
    long deadline = System.nanoTime() + settings.startTimeout().toNanos();
    kernelId = client.startKernel(settings.kernelName(), settings.startTimeout());
    connect(deadline);
  }

  private void connect(long deadline) throws IOException {
    KernelChannel old = channel;
    if (old != null) {
      old.close();
    }
    channel = WebSocketChannel.open(client, kernelId, clientSession, remaining(deadline));
    try {
      OutputGuard.install(channel, settings.maxOutputBytes(), remaining(deadline));
    } catch (IOException e) {
      LOG.info("no output guard in the kernel at {}: {}", client.endpoint(), e.getMessage());
    }
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

  private void uploadDatasets() throws IOException {
    for (Path dataset : options().datasets()) {
      Path source = dataset.toAbsolutePath().normalize();
      if (!Files.exists(source)) {
        throw new InvalidInputException(
            "dataset " + dataset + " does not exist; pass an existing file or folder");
      }
      String base = "data/" + source.getFileName();
      if (Files.isDirectory(source)) {
        try (Stream<Path> walk = Files.walk(source)) {
          for (Path p : walk.filter(Files::isRegularFile).toList()) {
            writeFile(
                base + "/" + source.relativize(p).toString().replace('\\', '/'),
                Files.readAllBytes(p));
          }
        }
      } else {
        writeFile(base, Files.readAllBytes(source));
      }
    }
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
    long deadline = System.nanoTime() + timeout.toNanos();
    client.restart(kernelId, timeout);
    connect(deadline);
  }

  @Override
  protected void replaceSandbox() throws IOException {
    String old = kernelId;
    try {
      client.deleteKernel(old, settings.requestTimeout());
    } catch (IOException e) {
      LOG.debug("cannot delete kernel {}: {}", old, e.getMessage());
    }
    startKernel();
    uploadDatasets();
  }

  @Override
  protected void recoverAfterDeath(Instant since) throws IOException {
    long deadline = System.nanoTime() + settings.restartTimeout().toNanos();
    try {
      connect(deadline);
    } catch (IOException first) {
      try {
        restartKernel(settings.restartTimeout());
      } catch (IOException second) {
        replaceSandbox();
      }
    }
  }

  @Override
  protected String explainDeath(Instant since, boolean channelClosed) {
    return "the kernel died while the cell ran (the server at "
        + client.endpoint()
        + " does not say why; a memory limit on the server's side is a common cause); the"
        + " session continues in a restarted kernel without its earlier variables";
  }

  @Override
  protected String where() {
    return "kernel " + kernelId;
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
    if (hasContentsApi()) {
      client.writeFile(path, content, settings.requestTimeout());
      return;
    }
    String b64 = Base64.getEncoder().encodeToString(content);
    runTransfer(
        "import base64 as _b, os as _o\n"
            + "_p = "
            + pyString(path)
            + "\n_o.makedirs(_o.path.dirname(_p) or '.', exist_ok=True)\n"
            + "open(_p, 'wb').write(_b.b64decode('"
            + b64
            + "'))\n");
  }

  @Override
  protected byte[] readFile(String path) throws IOException {
    if (hasContentsApi()) {
      return client.readFile(path, settings.requestTimeout());
    }
    ExecutionResult r =
        runTransfer(
            "import base64 as _b, os as _o\n_p = "
                + pyString(path)
                + "\nprint('MISSING' if not _o.path.isfile(_p) else"
                + " _b.b64encode(open(_p, 'rb').read()).decode())\n");
    String out = r.stdout().strip();
    if (out.equals("MISSING")) {
      throw new InvalidInputException("no file " + path + " in the workspace");
    }
    return Base64.getDecoder().decode(out);
  }

  @Override
  protected List<String> listFiles(String dir) throws IOException {
    if (hasContentsApi()) {
      return client.listFiles(dir, settings.requestTimeout());
    }
    ExecutionResult r =
        runTransfer(
            "import os as _o\n_d = "
                + pyString(dir)
                + "\nfor _r, _ds, _fs in _o.walk(_d):\n"
                + "    for _f in _fs: print(_o.path.join(_r, _f))\n");
    List<String> files = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      if (!line.isBlank()) {
        files.add(line.strip());
      }
    }
    files.sort(null);
    return files;
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

  private ExecutionResult runTransfer(String code) throws IOException {
    Execution execution =
        channel.execute(code, true, io.kosmos.api.OutputListener.NONE, TRANSFER_CAP, "the cap");
    try {
      if (!execution.await(settings.requestTimeout())) {
        execution.abandon("timed out");
        throw new IOException("a file transfer did not finish within " + settings.requestTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      channel.forget(execution);
    }
    ExecutionResult r = execution.result(null, null, false);
    if (!r.isOk()) {
      throw new IOException(
          "a file transfer failed: " + r.errorOutput().map(Output.Error::value).orElse("?"));
    }
    return r;
  }

  private static String pyString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  @Override
  protected void release() {
    try {
      KernelChannel c = channel;
      if (c != null) {
        c.close();
      }
      if (kernelId != null) {
        client.deleteKernel(kernelId, settings.requestTimeout());
      }
    } catch (IOException e) {
      LOG.info("cannot delete kernel {} at {}: {}", kernelId, client.endpoint(), e.getMessage());
    } finally {
      onClose.run();
    }
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
  }
}
