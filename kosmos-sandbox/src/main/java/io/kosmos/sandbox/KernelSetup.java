package io.kosmos.sandbox;

import io.kosmos.sandbox.internal.CellCache;
import io.kosmos.sandbox.internal.ImportCheck;
import io.kosmos.sandbox.internal.KernelChannel;
import io.kosmos.sandbox.internal.OutputGuard;
import java.io.IOException;
import java.time.Duration;

/**
 * What a Docker sandbox kernel gets before it is handed out: the output guard ({@link
 * OutputGuard}), the import check ({@link ImportCheck}) and the cell cache ({@link CellCache}), in
 * that order; the warm-up code follows.
 */
final class KernelSetup {

  private KernelSetup() {}

  /**
   * Installs the three in the kernel behind a channel, one execute each.
   *
   * @param channel the kernel's channel
   * @param config the config, for the output cap
   * @param deadline when it must be done ({@link System#nanoTime()})
   * @throws IOException if the kernel does not run one of them
   */
  static void install(KernelChannel channel, SandboxConfig config, long deadline)
      throws IOException {
    OutputGuard.install(channel, config.kernel().maxOutputBytes(), remaining(deadline));
    ImportCheck.install(channel, remaining(deadline));
    CellCache.install(channel, remaining(deadline));
  }

  /**
   * The same as one piece of Python, then the warm-up code: what a kernel started by another client
   * runs to be set up alike (the benchmark's {@code jupyter_client} kernel).
   *
   * @param config the config, for the output cap and the warm-up code
   * @return the code
   */
  static String code(SandboxConfig config) {
    String warmup = config.kernel().warmupCode().orElseThrow();
    return OutputGuard.code(config.kernel().maxOutputBytes())
        + "\n"
        + ImportCheck.code()
        + "\n"
        + CellCache.code()
        + (warmup.isBlank() ? "" : "\n" + warmup);
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
  }
}
