package io.kosmos.api;

import java.time.Duration;
import java.util.List;

/**
 * One Jupyter kernel serving one task. Cells run one after another and share state: a variable
 * defined in one cell is there in the next. Datasets are read-only under {@code /data}; the task
 * writes files under its output directory ({@code /workspace/output} in the sandbox), which the
 * caller fetches with {@link #download}.
 *
 * <p>A session is used by one task at a time; its methods are thread-safe, and {@link #interrupt}
 * may be called from another thread while a cell runs. Closing it releases the kernel (and, in the
 * Docker sandbox, returns nothing to the pool: containers are never shared between sessions of
 * different runs).
 */
public interface ExecutionSession extends AutoCloseable {

  /**
   * The session's identifier, unique within its executor.
   *
   * @return the identifier
   */
  String id();

  /**
   * Where this session's kernel runs, for logs, audits and tools that must reach the same place:
   * the container id for the Docker sandbox, the kernel on its gateway for a remote executor.
   *
   * @return a short description; the default is the session's id
   */
  default String location() {
    return id();
  }

  /**
   * The options the session was opened with.
   *
   * @return the options
   */
  SessionOptions options();

  /**
   * Runs a cell with the session's default timeout.
   *
   * @param code Python source
   * @return the outcome; errors in the code are data on the result, not exceptions
   * @throws SandboxUnavailableException if the sandbox is gone and cannot be brought back
   * @throws IllegalStateException if the session is closed
   */
  default ExecutionResult execute(String code) {
    return execute(code, options().timeout());
  }

  /**
   * Runs a cell.
   *
   * @param code Python source
   * @param timeout how long it may run; past it the cell is interrupted, then the kernel restarted,
   *     and the result has status {@link ExecutionResult.Status#TIMEOUT}
   * @return the outcome
   * @throws SandboxUnavailableException if the sandbox is gone and cannot be brought back
   * @throws IllegalStateException if the session is closed
   */
  default ExecutionResult execute(String code, Duration timeout) {
    return execute(code, timeout, OutputListener.NONE);
  }

  /**
   * Runs a cell, handing each output to a listener as it arrives.
   *
   * @param code Python source
   * @param timeout how long it may run
   * @param listener receives each output as it comes, on an executor thread; must not block
   * @return the outcome, with every output the listener saw (subject to the output cap)
   * @throws SandboxUnavailableException if the sandbox is gone and cannot be brought back
   * @throws IllegalStateException if the session is closed
   */
  ExecutionResult execute(String code, Duration timeout, OutputListener listener);

  /**
   * Writes a file into the session's workspace.
   *
   * @param path a path relative to the workspace, for example {@code input/params.json}
   * @param content the bytes to write
   * @throws InvalidInputException if the path is absolute or leaves the workspace
   */
  void upload(String path, byte[] content);

  /**
   * Reads a file the task wrote.
   *
   * @param path a path relative to the workspace, for example {@code output/table.csv}
   * @return the file's bytes
   * @throws InvalidInputException if the path is absolute, leaves the workspace, or names no file
   */
  byte[] download(String path);

  /**
   * Lists the files under the session's output directory.
   *
   * @return paths relative to the workspace, for example {@code output/fig1.png}, sorted
   */
  List<String> listOutputFiles();

  /** Interrupts the running cell, if any, as Jupyter's interrupt does (SIGINT to the kernel). */
  void interrupt();

  /** Restarts the kernel: every variable is gone; files in the workspace stay. */
  void restart();

  /** Shuts the kernel down and releases its resources. Calling it again does nothing. */
  @Override
  void close();
}
