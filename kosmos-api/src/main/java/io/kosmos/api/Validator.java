package io.kosmos.api;

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
}
