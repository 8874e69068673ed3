package io.kosmos.api;

import java.time.Duration;

/**
 * Runs Python code for Kosmos. This is the only way the engine touches code execution: a
 * data-analysis task opens one {@link ExecutionSession} (one Jupyter kernel, whose variables
 * survive from cell to cell), runs its cells in it and closes it.
 *
 * <p>Implementations: {@code DockerSandboxExecutor} (kosmos-sandbox) runs kernels in hardened,
 * pooled Docker containers; {@code RemoteGatewayExecutor} (kosmos-sandbox) drives any Jupyter
 * Server, Kernel Gateway or Enterprise Gateway, and {@code GatewayPoolExecutor} several of them;
 * {@code MockExecutor} (kosmos-testing) returns scripted results for the tests of applications that
 * embed Kosmos.
 *
 * <p>Implementations are thread-safe: many sessions may be open at once, from many threads. Closing
 * the executor closes its open sessions and releases everything it started.
 */
public interface Executor extends AutoCloseable {

  /**
   * Opens a stateful session: one kernel, with the given datasets visible read-only under {@code
   * /data}. The caller must close it.
   *
   * @param options which run and task the session serves, its datasets and limits
   * @return a ready session
   * @throws SandboxUnavailableException if no kernel can be started (the message says how to fix
   *     it)
   * @throws InvalidInputException if a dataset does not exist or cannot be read
   */
  ExecutionSession openSession(SessionOptions options);

  /**
   * Runs one piece of code in a fresh session and closes it: the one-shot call. Output, errors and
   * elapsed time are in the result; a timeout is a result with status {@link
   * ExecutionResult.Status#TIMEOUT}, not an exception.
   *
   * @param code Python source
   * @param timeout how long the code may run
   * @return the outcome
   * @throws SandboxUnavailableException if no kernel can be started
   */
  default ExecutionResult execute(String code, Duration timeout) {
    return execute(code, timeout, 0L);
  }

  /**
   * Runs one piece of code in a fresh session with a memory limit, and closes the session.
   *
   * @param code Python source
   * @param timeout how long the code may run
   * @param memoryLimitBytes the memory the kernel may use, or 0 for the executor's default
   * @return the outcome
   * @throws SandboxUnavailableException if no kernel can be started
   */
  default ExecutionResult execute(String code, Duration timeout, long memoryLimitBytes) {
    SessionOptions options =
        SessionOptions.builder().timeout(timeout).memoryLimitBytes(memoryLimitBytes).build();
    try (ExecutionSession session = openSession(options)) {
      return session.execute(code, timeout);
    }
  }

  /**
   * Describes this executor for the run record and the audit log.
   *
   * @return its name, image or endpoint, and limits
   */
  ExecutorInfo info();

  /** Closes every open session and releases every container, kernel and thread it started. */
  @Override
  void close();
}
