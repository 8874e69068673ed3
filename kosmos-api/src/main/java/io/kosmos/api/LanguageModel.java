package io.kosmos.api;

/**
 * One chat call to a language model. The agents of the language model path (planner, reviewer, data
 * analyst, ScholarEval validator, report writer) use nothing else.
 *
 * <p>Implementations in kosmos-core are thin HTTP clients: the Anthropic Messages API and any
 * OpenAI-compatible Chat Completions endpoint (OpenAI, vLLM, Ollama, LM Studio), plus a replaying
 * model that answers from a recording. They retry transient failures themselves, and are
 * thread-safe.
 */
public interface LanguageModel {

  /**
   * Sends one request and waits for the answer.
   *
   * @param request the conversation, limits and, optionally, a schema or tools
   * @return the answer, with usage and cost
   * @throws ModelAuthenticationException if the provider rejects the credentials
   * @throws ModelRateLimitException if the provider keeps refusing for rate after the retries
   * @throws ModelResponseException if the answer cannot be used, even after a repair round
   * @throws BudgetExceededException if the run's budget is spent
   * @throws ModelException for any other failure, after the retries
   */
  ModelResponse chat(ModelRequest request);

  /**
   * The provider, for example {@code anthropic} or {@code openai}.
   *
   * @return the provider's name
   */
  String provider();

  /**
   * The model asked for, for example {@code claude-sonnet-4-5}.
   *
   * @return the model's name
   */
  String model();
}
