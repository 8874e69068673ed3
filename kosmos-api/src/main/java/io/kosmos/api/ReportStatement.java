package io.kosmos.api;

import java.util.List;
import java.util.Objects;

/**
 * One statement of a report's synthesis, with the findings it rests on. The engine resolves the
 * findings to their notebook cells and papers; a statement whose findings do not exist in the run
 * is removed or marked, never passed on silently.
 *
 * @param text the statement
 * @param findingIds the findings it cites; never empty
 */
public record ReportStatement(String text, List<String> findingIds) {

  /** Checks the components and copies the list. */
  public ReportStatement {
    Objects.requireNonNull(text, "text");
    findingIds = List.copyOf(findingIds);
    if (findingIds.isEmpty()) {
      throw new IllegalArgumentException("a report statement must cite a finding: " + text);
    }
  }
}
