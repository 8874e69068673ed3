package io.kosmos.api;

/**
 * Tokens a model call used.
 *
 * <p>Providers that cache long prompt prefixes (Anthropic's prompt caching, OpenAI's automatic
 * caching) bill cached tokens differently: writing a prefix to the cache costs a little more than
 * ordinary input, reading it back much less. Both are counted within {@link #inputTokens()} and
 * also on their own, so that a price table can charge them at their rates and a report can say what
 * caching saved.
 *
 * @param inputTokens tokens of the prompt, cached ones included
 * @param outputTokens tokens of the answer
 * @param cacheReadTokens of the input tokens, those read from the provider's prompt cache
 * @param cacheWriteTokens of the input tokens, those written to the provider's prompt cache
 */
public record TokenUsage(
    long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {

  /** None. */
  public static final TokenUsage ZERO = new TokenUsage(0, 0);

  /** Checks the components. */
  public TokenUsage {
    if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
    if (cacheReadTokens + cacheWriteTokens > inputTokens) {
      throw new IllegalArgumentException(
          "cached tokens ("
              + cacheReadTokens
              + " read, "
              + cacheWriteTokens
              + " written) are part of the input tokens ("
              + inputTokens
              + ") and cannot exceed them");
    }
  }

  /**
   * Usage without prompt caching.
   *
   * @param inputTokens tokens of the prompt
   * @param outputTokens tokens of the answer
   */
  public TokenUsage(long inputTokens, long outputTokens) {
    this(inputTokens, outputTokens, 0, 0);
  }

  /**
   * Input and output tokens together.
   *
   * @return the total
   */
  public long total() {
    return inputTokens + outputTokens;
  }

  /**
   * Adds another usage to this one.
   *
   * @param other the other usage
   * @return the sum
   */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cacheReadTokens + other.cacheReadTokens,
        cacheWriteTokens + other.cacheWriteTokens);
  }
}
