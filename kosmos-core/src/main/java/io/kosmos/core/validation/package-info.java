/**
 * Validators a workflow can use to judge findings before they enter the world model.
 *
 * <p>Public: {@link io.kosmos.core.validation.StatisticalValidator} (the offline scientist's; it
 * judges from the statistics alone and controls the false discovery rate across the run), {@link
 * io.kosmos.core.validation.ScholarEvalValidator} (a language model scores a ScholarEval rubric)
 * and {@link io.kosmos.core.validation.CombinedValidator} (both). The statistical validator's rule
 * is in package-private classes: {@code FindingJudge}, {@code TestFamily} and {@code
 * ObjectiveRelevance}.
 */
@NullMarked
package io.kosmos.core.validation;

import org.jspecify.annotations.NullMarked;
