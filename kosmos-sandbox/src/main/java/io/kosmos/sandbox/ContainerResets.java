package io.kosmos.sandbox;

import io.kosmos.api.SandboxUnavailableException;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the pool makes a container ready for the next session of its run: the full reset (every
 * process but the server killed, every writable place emptied, a new kernel) or, with {@code
 * PoolOptions.keepKernel}, the kept kernel's reset ({@link KernelReuse}); and the error a failed
 * launch becomes.
 */
final class ContainerResets {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerPool.class);

  private final ContainerLauncher launcher;
  private final SandboxConfig config;

  ContainerResets(ContainerLauncher launcher, SandboxConfig config) {
    this.launcher = launcher;
    this.config = config;
  }

  boolean reset(SandboxContainer container) {
    try {
      // Every process but the server killed and every writable place emptied before the next
      // kernel starts, so that nothing a session left (files, a daemon, an IPython startup file)
      // reaches the next session of the run.
      Duration timeout = config.kernel().restartTimeout().orElseThrow();
      if (config.pool().keepKernel()) {
        KernelReuse.reset(container, config.kernel().warmupCode().orElse(""), timeout);
      } else {
        launcher.resetForReuse(container, timeout);
      }
      if (container.memoryLimitBytes != config.limits().memoryLimitBytes()) {
        launcher.updateMemory(container, config.limits().memoryLimitBytes());
      }
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.info("cannot reset {} for reuse ({}); removing it", container, e.getMessage());
      return false;
    }
  }

  /** With {@code PoolOptions.keepKernel}, records the fresh kernel's state for its resets. */
  void snapshotIfKept(SandboxContainer container) {
    if (config.pool().keepKernel() && config.pool().maxSessionsPerContainer() > 1) {
      KernelReuse.snapshot(container, config.kernel().restartTimeout().orElseThrow());
    }
  }

  static SandboxUnavailableException unavailable(Exception e) {
    if (e instanceof SandboxUnavailableException s) {
      return s;
    }
    return new SandboxUnavailableException(
        "cannot start a sandbox container: "
            + e.getMessage()
            + " (check the engine with `kosmos doctor` or "
            + ExecutorImage.SETUP_COMMAND
            + " --check)",
        e);
  }
}
