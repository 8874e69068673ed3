/**
 * The language model agents: a planner, a plan reviewer, a data analyst that writes and runs
 * notebook cells, a literature analyst, a ScholarEval validator and a report writer, all driven by
 * one {@link io.kosmos.api.LanguageModel}.
 *
 * <p>Public: {@link io.kosmos.core.team.llm.LlmAgents} (builds the team as {@link
 * io.kosmos.api.Agents}), {@link io.kosmos.core.validation.ScholarEvalValidator} and {@link
 * io.kosmos.core.validation.CombinedValidator}. Everything else here is package-private and may
 * change. The prompts are versioned resource files next to these classes, under {@code prompts/};
 * see {@code docs/llm-agents.md}.
 */
@NullMarked
package io.kosmos.core.team.llm;

import org.jspecify.annotations.NullMarked;
