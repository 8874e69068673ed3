package io.kosmos.sandbox;

import io.kosmos.api.AuditSink;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.OutputListener;
import io.kosmos.api.SessionOptions;
import io.kosmos.sandbox.internal.Durations;
import io.kosmos.sandbox.internal.ImportCheck;
import io.kosmos.sandbox.internal.JupyterClient;
import io.kosmos.sandbox.internal.KernelChannel;
import io.kosmos.sandbox.internal.KernelSession;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A session of the Docker sandbox: one container from the {@link ContainerPool}, its kernel, and
 * the session's datasets linked into the container's {@code /data}. When the container will not
 * recover (a kernel that cannot be restarted, a container that stopped) the session takes a fresh
 * one from the pool and links the datasets again.
 */
final class DockerSession extends KernelSession {

  private final ContainerPool pool;
  private final ContainerLauncher launcher;
  private final SandboxConfig config;
  private final Runnable onClose;
  private final RunEnvironments environments;
  private volatile SandboxContainer container;
  private volatile int cellsRun;

  DockerSession(
      String id,
      SessionOptions options,
      AuditSink audit,
      SandboxConfig config,
      ContainerPool pool,
      ContainerLauncher launcher,
      SandboxContainer container,
      RunEnvironments environments,
      Runnable onClose) {
    super(
        id,
        options,
        audit,
        "KernelOptions.maxOutputBytes",
        config.kernel().interruptGrace(),
        config.kernel().restartTimeout().orElseThrow());
    this.pool = pool;
    this.launcher = launcher;
    this.config = config;
    this.container = container;
    this.environments = environments;
    this.onClose = onClose;
  }

  @Override
  public ExecutionResult execute(String code, Duration timeout, OutputListener listener) {
    boolean ran = true;
    try {
      ExecutionResult result = super.execute(code, timeout, listener);
      // a refused cell ran none of its code, so it left no state a move could lose
      ran =
          result
              .errorOutput()
              .map(
                  e ->
                      !PackageOptions.REFUSED.equals(e.name())
                          && !PackageOptions.UNAVAILABLE.equals(e.name()))
              .orElse(true);
      return result;
    } finally {
      if (ran) {
        cellsRun++;
      }
    }
  }

  /**
   * The executor's policy decides; an allowed package moves the session to the environment that has
   * it, in a container of its own with the datasets linked again.
   */
  @Override
  protected ImportCheck.Answer missingPackages(ImportCheck.Missing missing) throws IOException {
    return environments.answer(options().runId(), missing, this::moveTo, cellsRun > 0);
  }

  private void moveTo(Environment environment) throws IOException {
    SandboxContainer old = container;
    SandboxContainer fresh;
    try {
      fresh = pool.acquire(options().runId(), environment.image());
    } catch (RuntimeException e) {
      throw new IOException(e.getMessage(), e);
    }
    try {
      prepare(fresh, options(), config, launcher);
    } catch (RuntimeException e) {
      pool.discard(fresh);
      throw new IOException(e.getMessage(), e);
    }
    container = fresh;
    pool.discard(old);
  }

  /** Links datasets and sets the memory limit of a container just taken from the pool. */
  static void prepare(
      SandboxContainer container,
      SessionOptions options,
      SandboxConfig config,
      ContainerLauncher launcher) {
    container.hostDir.linkDatasets(options.datasets());
    long memory =
        options.memoryLimitBytes() > 0
            ? options.memoryLimitBytes()
            : config.limits().memoryLimitBytes();
    if (memory != container.memoryLimitBytes) {
      if (memory < 64L << 20) {
        throw new InvalidInputException(
            "memoryLimitBytes " + memory + " is too small for a kernel; use at least 64 MiB");
      }
      try {
        launcher.updateMemory(container, memory);
      } catch (RuntimeException e) {
        throw new InvalidInputException(
            "cannot set the sandbox's memory limit to "
                + Durations.bytes(memory)
                + ": "
                + DockerEngine.rootMessage(e),
            e);
      }
    }
  }

  /**
   * The container the session runs in now.
   *
   * @return its Docker id
   */
  public String containerId() {
    return container.id;
  }

  /** The container the session runs in now (for tests in this package). */
  SandboxContainer container() {
    return container;
  }

  @Override
  protected KernelChannel channel() {
    return container.channel;
  }

  @Override
  protected JupyterClient client() throws IOException {
    SandboxContainer c = container;
    // a new container's kernel may be handed out before its server has adopted it
    c.awaitServer(config.kernel().startTimeout().orElseThrow());
    return c.client;
  }

  @Override
  protected void restartKernel(Duration timeout) throws IOException {
    if (!launcher.isRunning(container)) {
      throw new IOException("container " + container + " is not running");
    }
    launcher.restartKernel(container, timeout);
  }

  @Override
  protected void replaceSandbox() throws IOException {
    SandboxContainer old = container;
    pool.discard(old);
    SandboxContainer fresh;
    try {
      fresh = pool.acquire(options().runId(), old.image);
    } catch (RuntimeException e) {
      throw new IOException(e.getMessage(), e);
    }
    try {
      prepare(fresh, options(), config, launcher);
    } catch (RuntimeException e) {
      pool.discard(fresh);
      throw new IOException(e.getMessage(), e);
    }
    container = fresh;
  }

  @Override
  protected void recoverAfterDeath(Instant since) throws IOException {
    if (!launcher.isRunning(container)) {
      replaceSandbox();
      return;
    }
    // Jupyter Server restarts a dead kernel by itself (same kernel id); reconnect to it.
    try {
      launcher.connect(container, config.kernel().restartTimeout().orElseThrow());
    } catch (IOException first) {
      try {
        launcher.restartKernel(container, config.kernel().restartTimeout().orElseThrow());
      } catch (IOException second) {
        replaceSandbox();
      }
    }
  }

  @Override
  protected String explainDeath(Instant since, boolean channelClosed) {
    boolean running = launcher.isRunning(container);
    // A closed channel, or a server that no longer answers (the ZeroMQ channel goes straight to
    // the kernel, so it cannot tell), usually means Jupyter Server is gone and the container is
    // stopping; give the engine a moment to say so before judging.
    boolean serverGone = running && (channelClosed || !serverAnswers());
    for (int i = 0; running && serverGone && i < 20; i++) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      running = launcher.isRunning(container);
    }
    boolean oom = launcher.oomKilledSince(container, since);
    if (oom) {
      pool.metrics().oomKill();
    }
    String limit = Durations.bytes(container.memoryLimitBytes);
    if (oom) {
      return "the kernel was killed for using more than its memory limit of "
          + limit
          + " (OOM); the session continues in a "
          + (running ? "restarted kernel" : "new container")
          + " without its earlier variables; use less memory or raise"
          + " ContainerLimits.memoryLimitBytes (or SessionOptions.memoryLimitBytes)";
    }
    if (!running) {
      return "the sandbox container stopped while the cell ran (memory limit "
          + limit
          + ", the engine reported no out-of-memory kill); the session continues in a new container without its"
          + " earlier variables or workspace files";
    }
    return "the kernel died while the cell ran (its process exited: a crash, os._exit or a signal;"
        + " the engine reported no out-of-memory kill; memory limit "
        + limit
        + "); the session continues in a restarted kernel without its earlier variables";
  }

  private boolean serverAnswers() {
    try {
      container.client.api(Duration.ofSeconds(1));
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The image's ipykernel handles shell requests one after another. */
  @Override
  protected boolean kernelRepliesInOrder() {
    return true;
  }

  @Override
  protected String where() {
    return container.id;
  }

  @Override
  protected String environment() {
    return container.image;
  }

  @Override
  protected Limits limits() {
    return new Limits(
        container.memoryLimitBytes,
        config.limits().cpus(),
        config.limits().pidsLimit(),
        config.kernel().maxOutputBytes(),
        config.networkMode().name().toLowerCase(Locale.ROOT));
  }

  @Override
  protected long maxOutputBytes() {
    return config.kernel().maxOutputBytes();
  }

  @Override
  protected void release() {
    SandboxContainer c = container;
    try {
      pool.release(c, c.healthy());
    } finally {
      onClose.run();
    }
  }
}
