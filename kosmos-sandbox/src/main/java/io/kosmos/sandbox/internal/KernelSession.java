package io.kosmos.sandbox.internal;

import io.kosmos.api.AuditRecord;
import io.kosmos.api.AuditSink;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Output;
import io.kosmos.api.OutputListener;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ExecutionSession} on one Jupyter kernel, shared by the Docker and the remote-gateway
 * executors: runs cells over the kernel's channel, enforces the time limit (interrupt, then restart
 * the kernel, then replace the sandbox), turns a dead kernel into a {@code KERNEL_DIED} result and
 * a working kernel for the next cell, and writes one audit record per execution.
 *
 * <p>Subclasses say how to restart, replace and explain: a container can be killed and replaced and
 * can tell an OOM kill; a gateway kernel can only be restarted or started anew.
 */
public abstract class KernelSession implements ExecutionSession {

  private static final Logger LOG = LoggerFactory.getLogger(KernelSession.class);

  /** Limits and context written into each audit record. */
  public record Limits(
      long memoryLimitBytes,
      double cpus,
      long pidsLimit,
      long maxOutputBytes,
      String networkMode) {}

  private final String id;
  private final SessionOptions options;
  private final AuditSink audit;
  private final String capHint;
  private final Duration interruptGrace;
  private final Duration restartTimeout;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean closed;
  private volatile Execution running;

  protected KernelSession(
      String id,
      SessionOptions options,
      AuditSink audit,
      String capHint,
      Duration interruptGrace,
      Duration restartTimeout) {
    this.id = id;
    this.options = options;
    this.audit = audit;
    this.capHint = capHint;
    this.interruptGrace = interruptGrace;
    this.restartTimeout = restartTimeout;
  }

  // ---------------------------------------------------------------- what subclasses provide

  /** The channel to the current kernel. */
  protected abstract KernelChannel channel();

  /**
   * The client of the server that runs the current kernel, once that server knows the kernel.
   *
   * @throws IOException if the server does not answer
   */
  protected abstract JupyterClient client() throws IOException;

  /** Restarts the kernel in place and reconnects (variables are lost, files stay). */
  protected abstract void restartKernel(Duration timeout) throws IOException;

  /** Gives the session a new sandbox (container or kernel) after the old one would not recover. */
  protected abstract void replaceSandbox() throws IOException;

  /** Gets a working kernel again after the kernel died (the server may have restarted it). */
  protected abstract void recoverAfterDeath(Instant since) throws IOException;

  /**
   * Says why the kernel died, as far as it can be told; names the memory limit for an OOM kill.
   *
   * @param since when the cell started
   * @param channelClosed whether the channel closed (rather than the server reporting a restart)
   */
  protected abstract String explainDeath(Instant since, boolean channelClosed);

  /** Where the session runs, for the audit record: container id or kernel id. */
  protected abstract String where();

  @Override
  public String location() {
    return where();
  }

  /** What the session runs: image or gateway URL. */
  protected abstract String environment();

  /** The limits for the audit record. */
  protected abstract Limits limits();

  /** Output kept per execution. */
  protected abstract long maxOutputBytes();

  /** Releases the sandbox. */
  protected abstract void release();

  // ---------------------------------------------------------------- ExecutionSession

  @Override
  public String id() {
    return id;
  }

  @Override
  public SessionOptions options() {
    return options;
  }

  @Override
  public ExecutionResult execute(String code, Duration timeout, OutputListener listener) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(listener, "listener");
    lock.lock();
    try {
      checkOpen();
      Instant started = Instant.now();
      Outcome outcome;
      try {
        outcome = run(code, timeout, listener, started);
        Optional<ImportCheck.Missing> missing = ImportCheck.missing(outcome.result);
        if (missing.isPresent()) {
          outcome = answer(missing.get(), code, timeout, listener, started);
        }
      } catch (IOException e) {
        // The cell's kernel is gone for good: the audit log still says where it ran and how it
        // ended.
        writeAudit(started, code, timeout, lostOutcome(started, e));
        throw new SandboxUnavailableException(
            "session " + id + " lost its sandbox and could not get a new one: " + e.getMessage(),
            e);
      }
      writeAudit(started, code, timeout, outcome);
      return outcome.result;
    } finally {
      running = null;
      lock.unlock();
    }
  }

  private record Outcome(ExecutionResult result, String ending) {}

  private static Outcome lostOutcome(Instant started, IOException e) {
    String why = e.getMessage() == null ? e.toString() : e.getMessage();
    ExecutionResult result =
        ExecutionResult.builder()
            .status(ExecutionResult.Status.KERNEL_DIED)
            .error(new Output.Error("KernelDied", why, List.of(why)))
            .elapsed(Duration.between(started, Instant.now()))
            .build();
    return new Outcome(result, "sandbox-lost");
  }

  /**
   * Answers a cell that needs packages its environment lacks: refused with an error, or run again
   * once the session has moved to an environment that has them.
   */
  private Outcome answer(
      ImportCheck.Missing missing,
      String code,
      Duration timeout,
      OutputListener listener,
      Instant started)
      throws IOException {
    ImportCheck.Answer answer = missingPackages(missing);
    if (answer instanceof ImportCheck.Answer.RunAgain again) {
      Outcome second = run(code, timeout, listener, Instant.now());
      Optional<ImportCheck.Missing> still = ImportCheck.missing(second.result);
      if (still.isEmpty()) {
        return new Outcome(ImportCheck.withNote(second.result, again.note()), second.ending);
      }
      answer = ImportCheck.stillMissing(still.get());
    }
    Output.Error error = ((ImportCheck.Answer.Refuse) answer).error();
    return new Outcome(ImportCheck.refused(error, listener, started), "package-refused");
  }

  /**
   * Decides about packages a cell needs that the environment lacks. The default refuses: only an
   * executor that can install packages (the Docker sandbox) does otherwise.
   *
   * @param missing what the kernel reported
   * @return the answer
   * @throws IOException if the sandbox fails while moving to another environment
   */
  protected ImportCheck.Answer missingPackages(ImportCheck.Missing missing) throws IOException {
    return ImportCheck.stillMissing(missing);
  }

  private Outcome run(String code, Duration timeout, OutputListener listener, Instant started)
      throws IOException {
    Execution execution;
    try {
      execution = channel().execute(code, false, listener, maxOutputBytes(), capHint);
    } catch (IOException e) {
      // The channel broke between cells (kernel or container died while idle): recover, retry once.
      LOG.info("session {}: channel unusable before the cell ({}); recovering", id, e.getMessage());
      recoverAfterDeath(started);
      execution = channel().execute(code, false, listener, maxOutputBytes(), capHint);
    }
    running = execution;
    CellWait.Outcome waited = CellWait.await(channel(), execution, timeout, kernelRepliesInOrder());
    if (waited == CellWait.Outcome.DONE && execution.end() == Execution.End.COMPLETED) {
      channel().forget(execution);
      ExecutionResult result = execution.result(null, null, false);
      return new Outcome(result, result.isOk() ? "completed" : "error");
    }
    if (waited == CellWait.Outcome.DONE) {
      // The kernel died (or the channel dropped) while the cell ran.
      String why = explainDeath(started, execution.end() == Execution.End.CHANNEL_CLOSED);
      recoverAfterDeath(started);
      Output.Error error = new Output.Error("KernelDied", why, List.of(why));
      return new Outcome(
          execution.result(ExecutionResult.Status.KERNEL_DIED, error, true), "kernel-died");
    }
    if (waited == CellWait.Outcome.NOT_REPLYING) {
      return notReplying(execution);
    }
    return pastTimeLimit(execution, timeout);
  }

  /** A kernel that finished the cell without replying: restarted, since it will not reply again. */
  private Outcome notReplying(Execution execution) throws IOException {
    execution.abandon("the kernel stopped replying");
    channel().forget(execution);
    String how;
    try {
      restartKernel(restartTimeout);
      how = "the kernel was restarted: the next cell runs without the session's earlier variables";
    } catch (IOException | RuntimeException e) {
      LOG.info("session {}: restart failed ({}); replacing the sandbox", id, e.getMessage());
      replaceSandbox();
      how =
          "the kernel could not be restarted, so its sandbox was replaced: the next cell runs"
              + " without the session's earlier variables or workspace files";
    }
    String message =
        "the kernel stopped replying to the cell: it answered a later request but never sent the"
            + " cell's reply (the code closed or replaced the kernel's output stream, or changed"
            + " how it sends messages); "
            + how;
    Output.Error error = new Output.Error("KernelNotReplying", message, List.of(message));
    return new Outcome(
        execution.result(ExecutionResult.Status.ERROR, error, true), "kernel-not-replying");
  }

  /** Past the time limit: interrupt, then restart, then replace, with times fit for the load. */
  private Outcome pastTimeLimit(Execution execution, Duration timeout) throws IOException {
    TimeLimits limits = TimeLimits.now(interruptGrace, restartTimeout);
    String ending;
    String restartFailure = "";
    try {
      client().interrupt(channel().kernelId(), Duration.ofSeconds(5));
    } catch (IOException e) {
      LOG.info("session {}: interrupt failed: {}", id, e.getMessage());
    }
    if (await(execution, limits.grace()) && execution.end() == Execution.End.COMPLETED) {
      channel().forget(execution);
      ending = "interrupted";
    } else {
      execution.abandon("timed out");
      channel().forget(execution);
      try {
        restartKernel(limits.budget());
        ending = "restarted";
      } catch (IOException | RuntimeException e) {
        LOG.info("session {}: restart failed ({}); replacing the sandbox", id, e.getMessage());
        restartFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        replaceSandbox();
        ending = "container-killed";
      }
    }
    String message = limits.message(timeout, ending, restartFailure);
    Output.Error error = new Output.Error("TimeoutError", message, List.of(message));
    return new Outcome(
        execution.result(ExecutionResult.Status.TIMEOUT, error, !"interrupted".equals(ending)),
        ending);
  }

  /**
   * Whether the kernel handles shell requests one after another, so that a cell that finished
   * without a reply can be told from a slow one (see {@link CellWait}). Default {@code false}.
   *
   * @return {@code true} for kernels known to (the Docker sandbox's ipykernel)
   */
  protected boolean kernelRepliesInOrder() {
    return false;
  }

  private static boolean await(Execution execution, Duration timeout) {
    try {
      return execution.await(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxUnavailableException("interrupted while waiting for a cell", e);
    }
  }

  private void writeAudit(Instant started, String code, Duration timeout, Outcome outcome) {
    if (audit == null) {
      return;
    }
    Limits limits = limits();
    ExecutionResult r = outcome.result;
    try {
      audit.record(
          new AuditRecord(
              started,
              options.runId(),
              options.taskId(),
              id,
              where(),
              environment(),
              Sha256.hex(code.getBytes(StandardCharsets.UTF_8)),
              limits.memoryLimitBytes(),
              limits.cpus(),
              limits.pidsLimit(),
              timeout.toMillis(),
              limits.maxOutputBytes(),
              limits.networkMode(),
              r.elapsed().toMillis(),
              r.status().name(),
              r.outputBytes(),
              r.truncated(),
              outcome.ending));
    } catch (RuntimeException e) {
      LOG.warn("session {}: the audit sink failed: {}", id, e.getMessage());
    }
  }

  @Override
  public void interrupt() {
    checkOpen();
    Execution execution = running;
    if (execution == null) {
      return;
    }
    try {
      client().interrupt(channel().kernelId(), Duration.ofSeconds(10));
    } catch (IOException e) {
      throw new SandboxUnavailableException(
          "cannot interrupt session " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void restart() {
    lock.lock();
    try {
      checkOpen();
      try {
        restartKernel(restartTimeout);
      } catch (IOException e) {
        try {
          replaceSandbox();
        } catch (IOException e2) {
          e2.addSuppressed(e);
          throw new SandboxUnavailableException(
              "cannot restart session " + id + ": " + e2.getMessage(), e2);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void upload(String path, byte[] content) {
    Objects.requireNonNull(content, "content");
    String checked = WorkspacePaths.check(path);
    checkOpen();
    try {
      writeFile(checked, content);
    } catch (IOException e) {
      throw new SandboxUnavailableException(
          "cannot upload " + checked + " to session " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] download(String path) {
    String checked = WorkspacePaths.check(path);
    checkOpen();
    try {
      return readFile(checked);
    } catch (IOException e) {
      throw new SandboxUnavailableException(
          "cannot download " + checked + " from session " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> listOutputFiles() {
    checkOpen();
    try {
      return listFiles(WorkspacePaths.OUTPUT_DIR);
    } catch (IOException e) {
      throw new SandboxUnavailableException(
          "cannot list the output files of session " + id + ": " + e.getMessage(), e);
    }
  }

  /** Writes a workspace file (path already checked). */
  protected void writeFile(String path, byte[] content) throws IOException {
    client().writeFile(path, content, Duration.ofMinutes(2));
  }

  /** Reads a workspace file (path already checked). */
  protected byte[] readFile(String path) throws IOException {
    return client().readFile(path, Duration.ofMinutes(2));
  }

  /** Lists the files below a workspace folder. */
  protected List<String> listFiles(String dir) throws IOException {
    return client().listFiles(dir, Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      release();
    } finally {
      lock.unlock();
    }
  }

  /** Closes the session even while a cell runs (executor shutdown). */
  public void forceClose() {
    if (!closed) {
      closed = true;
      Execution execution = running;
      if (execution != null) {
        execution.abandon("the executor closed");
      }
      release();
    }
  }

  public boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("session " + id + " is closed");
    }
  }
}
