/**
 * The offline statistical scientist: real, deterministic discovery on tabular data with no language
 * model, the default team of a workflow.
 *
 * <p>Public: {@link io.kosmos.core.team.offline.OfflineScientist} (the team, its options, and the
 * host-side check of a data file). Its validator, {@link
 * io.kosmos.core.validation.StatisticalValidator}, lives with the other validators. Everything else
 * here is package-private and may change:
 *
 * <ul>
 *   <li>planning: {@code OfflinePlanner} (with {@code WorkState}, what the run knows and what is
 *       open, and {@code TaskDescriptions}) and {@code OfflineReviewer};
 *   <li>analysis: {@code OfflineAnalyst} runs one {@code Analysis} per task ({@code DataProfiling},
 *       {@code PairScreening}, {@code ConfounderAdjustment}, {@code RobustnessCheck}, {@code
 *       NonlinearityCheck}, {@code SubgroupComparison}, {@code JointModel}) through an {@code
 *       AnalysisRun}, in Python kept next to these classes ({@code python/*.py});
 *   <li>{@code OfflineLiteratureAnalyst} and {@code OfflineReportWriter} (with {@code
 *       RunFindings}).
 * </ul>
 *
 * <p>What the team shares with its validator (the test ledger, the data profile, effect sizes) is
 * in {@code io.kosmos.core.internal.stats}.
 */
@NullMarked
package io.kosmos.core.team.offline;

import org.jspecify.annotations.NullMarked;
