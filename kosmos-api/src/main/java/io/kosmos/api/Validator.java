package io.kosmos.api;

import java.util.List;

/**
 * Judges whether a {@link Finding} should be trusted. The engine validates every finding before it
 * enters the world model; the report ranks findings by the result and lists the ones that failed,
 * with the reasons.
 *
 * <p>Implementations in kosmos-core: a statistical validator (sample size, adjusted p, effect size,
 * confidence interval, robustness), a ScholarEval-style rubric scored by a language model, and a
 * combination of validators. A validator must be thread-safe: findings of parallel tasks are
 * validated concurrently.
 */
@FunctionalInterface
public interface Validator {

  /**
   * Judges a finding.
   *
   * @param finding the finding, with its statistics and citations
   * @param context the objective and the world model
   * @return the judgement; a failing one says why
   * @throws KosmosException if the judgement cannot be made (for example a language model that
   *     keeps failing); the engine then records the finding as not validated, with that reason
   */
  ValidationResult validate(Finding finding, ValidationContext context);

  /**
   * Judges the findings of one task, which share a context. The engine calls this once per task;
   * the default judges them one after the other with {@link #validate}. A validator that can judge
   * several at once (language model calls in parallel) overrides it.
   *
   * @param findings the task's findings, in order
   * @param context the objective, the world model and what the task produced
   * @return one judgement per finding, in the same order
   * @throws KosmosException if the judgements cannot be made; the engine then judges the findings
   *     one by one with {@link #validate}, so that one finding's failure does not fail the others
   */
  default List<ValidationResult> validateAll(List<Finding> findings, ValidationContext context) {
    List<ValidationResult> results = new java.util.ArrayList<>(findings.size());
    for (Finding f : findings) {
      results.add(validate(f, context));
    }
    return results;
  }

  /**
   * Whether this validator reads {@link ValidationContext#cycleFindings()}: the findings the tasks
   * before the finding's task in the cycle's plan committed. The engine fills them in only for a
   * validator that reads them, and to do so it waits until every one of those tasks has settled (so
   * that what a finding is judged against does not depend on which parallel task finished first). A
   * validator that does not read them says so here, and a task's findings are then validated as
   * soon as the task ends: its context's {@code cycleFindings} holds the task's own findings only.
   * The default is {@code true}, which is always correct.
   *
   * @return whether {@link #validate} or {@link #validateAll} reads the cycle's earlier findings
   */
  default boolean readsCycleFindings() {
    return true;
  }

  /**
   * Looks again at every finding of the run once a cycle's findings are in the world model, and
   * returns those whose statistics or judgement should change. This is where run-wide corrections
   * belong: p values adjusted for multiple testing across the whole run (Benjamini–Hochberg) move
   * as more tests come in, and a finding validated in cycle 2 may no longer pass in cycle 5.
   *
   * <p>The engine calls it once at the end of each cycle, after the cycle's findings were added.
   * For each returned finding (matched by id) it replaces the {@link Finding#statistics()} and
   * {@link Finding#validation()} and ignores every other field; it then updates the hypotheses the
   * finding bears on and saves the revision with the cycle, so that a resumed run replays it
   * instead of asking again. The default revises nothing.
   *
   * @param findings every finding of the run, in the order added, with their current statistics and
   *     validation
   * @param context the objective and the world model, the cycle's findings included
   * @return the findings to revise, each with its new statistics and validation; empty for none
   * @throws KosmosException if the reassessment cannot be made; the engine keeps the findings as
   *     they were and records why
   */
  default List<Finding> reassess(List<Finding> findings, ValidationContext context) {
    return List.of();
  }
}
