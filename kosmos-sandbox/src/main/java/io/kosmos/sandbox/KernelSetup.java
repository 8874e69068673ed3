package io.kosmos.sandbox;

import io.kosmos.api.ExecutionResult;
import io.kosmos.sandbox.internal.CellCache;
import io.kosmos.sandbox.internal.ImportCheck;
import io.kosmos.sandbox.internal.KernelChannel;
import io.kosmos.sandbox.internal.OutputGuard;
import io.kosmos.sandbox.internal.PlainCell;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code every kernel of a {@link ContainerLauncher} runs before it is handed out: the output
 * guard ({@link OutputGuard}), the import check ({@link ImportCheck}) and the cell cache ({@link
 * CellCache}), in one execute; the warm-up code follows.
 */
final class KernelSetup {

  private static final Logger LOG = LoggerFactory.getLogger(KernelSetup.class);

  private KernelSetup() {}

  /**
   * Installs the output guard, the import check and the cell cache in one execute (one round trip,
   * one reply).
   *
   * @param channel the kernel's channel
   * @param maxOutputBytes the output cap
   * @param timeout how long it may take
   * @throws IOException if the kernel does not answer or the code fails
   */
  static void install(KernelChannel channel, long maxOutputBytes, Duration timeout)
      throws IOException {
    ExecutionResult r = channel.runSilently(setupCell(maxOutputBytes), timeout);
    if (!r.isOk()) {
      throw new IOException(
          "the output guard, import check and cell cache did not install: "
              + r.errorOutput().map(e -> e.name() + ": " + e.value()).orElse("?"));
    }
  }

  /**
   * Runs the setup code in a new kernel ({@link #install}); the step given (setting a new
   * container's CPU limit) runs while it does, and is done before this returns, so before the
   * warm-up and any other code.
   *
   * @param channel the kernel's channel
   * @param maxOutputBytes the output cap
   * @param beside the step, or {@code null}
   * @param container the container, for the step's failure message
   * @param phases marks "setup", then "cpu-limit" for the step
   * @param timeout how long the setup code may take
   * @throws IOException if the setup or the step fails
   */
  static void setUp(
      KernelChannel channel,
      long maxOutputBytes,
      FutureTask<?> beside,
      SandboxContainer container,
      StartPhases phases,
      Duration timeout)
      throws IOException {
    if (beside != null) {
      Thread.startVirtualThread(beside);
    }
    install(channel, maxOutputBytes, timeout);
    phases.mark("setup");
    if (beside != null) {
      await(beside, "set the CPU limit of " + container);
      phases.mark("cpu-limit");
    }
  }

  /**
   * Runs the warm-up code. It only saves the first cell some time, so running out of time (a loaded
   * machine takes long to import) is not a failure: the kernel goes on with the imports and the
   * first cell waits for them in the kernel's queue. A kernel, or a container, is never given up
   * for its warm-up.
   *
   * @param container the container whose channel runs it
   * @param warmup the code, blank for none
   * @param timeout how long to wait for it
   * @throws IOException if the channel closed
   */
  static void warmUp(SandboxContainer container, String warmup, Duration timeout)
      throws IOException {
    if (warmup.isBlank()) {
      return;
    }
    try {
      ExecutionResult result = container.channel.runSilently(warmup, timeout);
      if (!result.isOk()) {
        LOG.warn(
            "the warm-up code failed in {}: {}",
            container,
            result.errorOutput().map(e -> e.name() + ": " + e.value()).orElse("?"));
      }
    } catch (IOException e) {
      if (!container.channel.isOpen()) {
        throw e;
      }
      LOG.info(
          "the warm-up of {} goes on past the time given to start its kernel ({}); the first cell"
              + " waits for it",
          container,
          e.getMessage());
    }
  }

  /**
   * Waits for a step that runs beside the setup, such as setting the container's CPU limit.
   *
   * @param step the step
   * @param what what it does, for the message
   * @throws IOException if it failed or the wait was interrupted
   */
  static void await(FutureTask<?> step, String what) throws IOException {
    try {
      step.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException("cannot " + what + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting to " + what, e);
    }
  }

  /**
   * The Python a kernel runs before it is handed out: the output guard, the import check, the cell
   * cache, then the warm-up code (for clients that set a kernel up as the sandbox does).
   *
   * @param config the config, for the output cap and the warm-up code
   * @return the code
   */
  static String code(SandboxConfig config) {
    String warmup = config.kernel().warmupCode().orElseThrow();
    return setupCell(config.kernel().maxOutputBytes()) + (warmup.isBlank() ? "" : "\n" + warmup);
  }

  /** The guard, the import check and the cell cache, as one line IPython does not tokenize. */
  private static String setupCell(long maxOutputBytes) {
    return PlainCell.of(
        OutputGuard.code(maxOutputBytes) + "\n" + ImportCheck.code() + "\n" + CellCache.code(),
        "<kosmos-setup>");
  }
}
