/**
 * The public API of Kosmos: an AI scientist for autonomous, data-driven discovery.
 *
 * <p>A {@link io.kosmos.api.ResearchWorkflow} is given a research objective and datasets. It runs
 * research cycles; each cycle reads the {@link io.kosmos.api.WorldModel}, has a {@link
 * io.kosmos.api.PlanCreator} plan up to N {@link io.kosmos.api.Task}s, has a {@link
 * io.kosmos.api.PlanReviewer} review the {@link io.kosmos.api.Plan}, runs the tasks in parallel
 * (data analyses in an {@link io.kosmos.api.ExecutionSession} of an {@link io.kosmos.api.Executor};
 * literature searches against {@link io.kosmos.api.LiteratureSource}s), turns their results into
 * {@link io.kosmos.api.Finding}s, has a {@link io.kosmos.api.Validator} judge each one, and
 * compresses the cycle into a summary that feeds the next plan. At the end a {@link
 * io.kosmos.api.ResearchReport} cites, for every statement, the notebook cell or the paper behind
 * it ({@link io.kosmos.api.Citation}).
 *
 * <p>This package holds interfaces and immutable values only, and depends on nothing outside the
 * JDK. Implementations live in {@code kosmos-core} (the engine, {@code Kosmos.workflow()}, the
 * {@code MockExecutor}, language model and literature clients) and {@code kosmos-sandbox} (the
 * Docker sandbox executor).
 *
 * <p><b>Nulls.</b> No method of this package accepts or returns {@code null} unless its
 * documentation says so. Records reject {@code null} components that are not documented as
 * nullable, and copy collections so that values stay immutable. The package is {@link
 * org.jspecify.annotations.NullMarked @NullMarked}: what may be {@code null} is marked {@link
 * org.jspecify.annotations.Nullable @Nullable}, so null checkers (NullAway, the Checker Framework,
 * IntelliJ, Kotlin) see the same contract.
 *
 * <p><b>Errors.</b> Every exception this API throws is a {@link io.kosmos.api.KosmosException}. Its
 * message says what happened, to what, and what to do about it.
 */
@NullMarked
package io.kosmos.api;

import org.jspecify.annotations.NullMarked;
