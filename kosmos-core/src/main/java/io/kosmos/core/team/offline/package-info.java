/**
 * The offline statistical scientist: real, deterministic discovery on tabular data with no language
 * model, the default team of a workflow.
 *
 * <p>Public: {@link io.kosmos.core.team.offline.OfflineScientist} (the team and its options) and
 * {@link io.kosmos.core.validation.StatisticalValidator} (usable on its own, or combined with other
 * validators). Everything else in the package is package-private: the planner, reviewer, analyst,
 * literature analyst and report writer, the objective matcher, the test ledger, and the Python the
 * analyst runs in the sandbox ({@code python/*.py} next to these classes).
 */
@NullMarked
package io.kosmos.core.team.offline;

import org.jspecify.annotations.NullMarked;
