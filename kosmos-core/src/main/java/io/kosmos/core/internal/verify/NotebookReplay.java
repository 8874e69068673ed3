package io.kosmos.core.internal.verify;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.ExecutionTimeoutException;
import io.kosmos.api.Executor;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.notebook.NotebookReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One notebook of a finished run, run again from its first code cell in a fresh session: a cell
 * depends on what the cells before it defined (the helpers, the data, a result it plots), so every
 * code cell up to the last one needed runs again, in order, as it was saved.
 *
 * @param notebook the notebook's path in the run
 * @param saved the cells as saved
 * @param rerun the re-executed code cells by index
 * @param failure why the notebook could not be read or re-executed, or {@code null}
 */
record NotebookReplay(
    String notebook,
    List<NotebookReader.SavedCell> saved,
    Map<Integer, ExecutionResult> rerun,
    String failure) {

  /** Attempts at re-executing a notebook when its sandbox cannot start or a cell times out. */
  static final int ATTEMPTS = 3;

  /**
   * Re-executes a notebook's code cells up to {@code last}.
   *
   * @param layout the run's layout
   * @param notebook the notebook's path in the run
   * @param last the last cell needed
   * @param executor the executor to open the session with
   * @param options the session's options (run, task, data)
   * @param cellTimeout each cell's time limit
   * @return what ran
   */
  static NotebookReplay run(
      Layout layout,
      String notebook,
      int last,
      Executor executor,
      SessionOptions options,
      Duration cellTimeout) {
    Path file = layout.resolve(notebook);
    List<NotebookReader.SavedCell> cells;
    try {
      cells = NotebookReader.cells(file);
    } catch (RuntimeException e) {
      return new NotebookReplay(
          notebook, List.of(), Map.of(), "the notebook cannot be read: " + e.getMessage());
    }
    // A sandbox that cannot start in time on a loaded machine says nothing about the notebook:
    // try again from a fresh session, as a run retries a task, before calling it not re-executed.
    RuntimeException failure = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (attempt > 1 && !pause(attempt)) {
        break;
      }
      try {
        return new NotebookReplay(
            notebook, cells, execute(cells, last, executor, options, cellTimeout), null);
      } catch (SandboxUnavailableException | ExecutionTimeoutException e) {
        failure = e;
      }
    }
    return new NotebookReplay(
        notebook,
        cells,
        Map.of(),
        "the notebook could not be re-executed: "
            + (failure == null ? "interrupted" : failure.getMessage())
            + " (check the engine with `kosmos doctor`)");
  }

  private static Map<Integer, ExecutionResult> execute(
      List<NotebookReader.SavedCell> cells,
      int last,
      Executor executor,
      SessionOptions options,
      Duration cellTimeout) {
    Map<Integer, ExecutionResult> rerun = new LinkedHashMap<>();
    try (ExecutionSession session = executor.openSession(options)) {
      for (int i = 0; i <= last && i < cells.size(); i++) {
        NotebookReader.SavedCell c = cells.get(i);
        if (c.type().equals("code")) {
          rerun.put(i, session.execute(c.source(), cellTimeout));
        }
      }
    }
    return rerun;
  }

  /** Waits before another attempt; false when interrupted. */
  private static boolean pause(int attempt) {
    try {
      Thread.sleep(Duration.ofSeconds(2L * (attempt - 1)));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
