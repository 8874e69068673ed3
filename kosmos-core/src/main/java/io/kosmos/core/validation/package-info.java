/**
 * The validators that judge a finding before it enters the world model: {@link
 * io.kosmos.core.validation.StatisticalValidator} (statistical checks), {@link
 * io.kosmos.core.validation.ScholarEvalValidator} (a language model scoring a ScholarEval-style
 * rubric) and {@link io.kosmos.core.validation.CombinedValidator} (both).
 */
@NullMarked
package io.kosmos.core.validation;

import org.jspecify.annotations.NullMarked;
