package io.kosmos.core.internal.verify;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
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
 * @param failure why the notebook could not run at all, or {@code null}
 */
record NotebookReplay(
    String notebook,
    List<NotebookReader.SavedCell> saved,
    Map<Integer, ExecutionResult> rerun,
    String failure) {

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
      return new NotebookReplay(notebook, List.of(), Map.of(), e.getMessage());
    }
    Map<Integer, ExecutionResult> rerun = new LinkedHashMap<>();
    try (ExecutionSession session = executor.openSession(options)) {
      for (int i = 0; i <= last && i < cells.size(); i++) {
        NotebookReader.SavedCell c = cells.get(i);
        if (c.type().equals("code")) {
          rerun.put(i, session.execute(c.source(), cellTimeout));
        }
      }
    }
    return new NotebookReplay(notebook, cells, rerun, null);
  }
}
