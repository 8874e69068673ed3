package io.kosmos.api;

import java.util.List;
import java.util.Objects;

/**
 * A code cell run by a task and recorded in its notebook.
 *
 * @param index the cell's index in the task notebook, from 0 (markdown cells count)
 * @param code the source
 * @param result the outcome
 * @param figures the images it displayed, saved under the task's {@code figures/} folder, as paths
 *     relative to the artifacts directory
 */
public record ExecutedCell(int index, String code, ExecutionResult result, List<String> figures) {

  /** Checks the components and copies the list. */
  public ExecutedCell {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(result, "result");
    figures = List.copyOf(figures);
  }
}
