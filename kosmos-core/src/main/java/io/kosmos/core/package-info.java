/**
 * The entry point of the engine: {@link io.kosmos.core.Kosmos#workflow()} starts a {@link
 * io.kosmos.core.WorkflowBuilder}, which builds a {@link io.kosmos.api.ResearchWorkflow} from an
 * objective, datasets, an artifacts directory and an {@link io.kosmos.api.Executor}.
 *
 * <p>Everything under {@code io.kosmos.core.internal} is implementation: not exported, and free to
 * change in any release.
 */
@NullMarked
package io.kosmos.core;

import org.jspecify.annotations.NullMarked;
