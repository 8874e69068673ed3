/**
 * Language model clients and what goes around them.
 *
 * <ul>
 *   <li>Clients: {@link io.kosmos.core.llm.AnthropicModel} (Messages API) and {@link
 *       io.kosmos.core.llm.OpenAiCompatibleModel} (Chat Completions: OpenAI, vLLM, Ollama, LM
 *       Studio), thin OkHttp clients with retries, limits and cost.
 *   <li>Configuration: {@link io.kosmos.core.llm.ModelConfig} from the environment or explicit
 *       values; {@link io.kosmos.core.llm.LanguageModels} builds models and decorates them.
 *   <li>Structured output: {@link io.kosmos.core.llm.StructuredOutput} derives or loads JSON
 *       schemas and maps answers into records.
 *   <li>Accounting: {@link io.kosmos.core.llm.PriceTable} and {@link io.kosmos.core.llm.Budget}.
 *   <li>Record and replay: {@link io.kosmos.core.llm.RecordingModel} and {@link
 *       io.kosmos.core.llm.ReplayModel}.
 * </ul>
 *
 * <p>API keys go into request headers and nowhere else: not into {@code toString()}, logs,
 * exception messages or recordings.
 */
@NullMarked
package io.kosmos.core.llm;

import org.jspecify.annotations.NullMarked;
