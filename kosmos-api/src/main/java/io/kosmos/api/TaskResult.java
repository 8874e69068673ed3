package io.kosmos.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an analyst returns for one task. The engine assigns run-wide ids, validates the findings,
 * adds everything to the world model and saves it with the task's artifacts.
 *
 * @param summary what the task did and found, in a few sentences (every number it states comes from
 *     a finding)
 * @param findings the findings, each with its citations
 * @param hypotheses new hypotheses the task proposes
 * @param openQuestions new questions the task raises
 * @param papers papers the task read
 * @param notes notes for later cycles, by key (see {@link WorldModel#notes()})
 */
public record TaskResult(
    String summary,
    List<Finding> findings,
    List<Hypothesis> hypotheses,
    List<String> openQuestions,
    List<Paper> papers,
    Map<String, String> notes) {

  /** Checks the components and copies the collections. */
  public TaskResult {
    Objects.requireNonNull(summary, "summary");
    findings = List.copyOf(findings);
    hypotheses = List.copyOf(hypotheses);
    openQuestions = List.copyOf(openQuestions);
    papers = List.copyOf(papers);
    notes = Map.copyOf(notes);
  }

  /**
   * A result with a summary and findings only.
   *
   * @param summary the summary
   * @param findings the findings
   * @return the result
   */
  public static TaskResult of(String summary, List<Finding> findings) {
    return new TaskResult(summary, findings, List.of(), List.of(), List.of(), Map.of());
  }
}
