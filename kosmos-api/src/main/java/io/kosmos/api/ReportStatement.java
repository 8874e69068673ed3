package io.kosmos.api;

import java.util.List;
import java.util.Objects;

/**
 * One statement of a report's synthesis, with the findings it rests on. The engine resolves the
 * findings to their notebook cells and papers; a statement whose findings do not exist in the run
 * is removed or marked, never passed on silently.
 *
 * <p>Its {@link Section} says where the report puts it: the "Answer" the report opens with (two to
 * five sentences that answer the objective directly), how the question was read, the synthesis, or
 * the associations the objective does not ask about (whose findings stay out of the key findings).
 *
 * @param text the statement
 * @param findingIds the findings it cites; never empty
 * @param section where the report puts it; {@code null} (a synthesis saved before sections existed)
 *     is read as {@link Section#SYNTHESIS}
 */
public record ReportStatement(String text, List<String> findingIds, Section section) {

  /** Where a statement goes in the report. */
  public enum Section {
    /** The direct answer to the objective, first in the report: two to five sentences. */
    ANSWER,
    /** How the question and the data were read. */
    READING,
    /** The evidence, ranked by relevance to the objective. */
    SYNTHESIS,
    /** Associations the objective does not ask about; their findings are not key findings. */
    OTHER
  }

  /** Checks the components and copies the list. */
  public ReportStatement {
    Objects.requireNonNull(text, "text");
    findingIds = List.copyOf(findingIds);
    if (findingIds.isEmpty()) {
      throw new IllegalArgumentException("a report statement must cite a finding: " + text);
    }
    section = section == null ? Section.SYNTHESIS : section;
  }

  /**
   * A statement of the synthesis.
   *
   * @param text the statement
   * @param findingIds the findings it cites; never empty
   */
  public ReportStatement(String text, List<String> findingIds) {
    this(text, findingIds, Section.SYNTHESIS);
  }

  /**
   * A sentence of the answer the report opens with.
   *
   * @param text the sentence
   * @param findingIds the findings it cites; never empty
   * @return the statement
   */
  public static ReportStatement answer(String text, List<String> findingIds) {
    return new ReportStatement(text, findingIds, Section.ANSWER);
  }
}
