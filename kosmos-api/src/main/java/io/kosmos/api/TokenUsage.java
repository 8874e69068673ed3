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
 * <p>Sums saturate at {@link Long#MAX_VALUE} instead of overflowing, so a total is never negative.
 * A provider's own count is used when it is plausible; when it is missing, malformed or absurd the
 * client estimates the usage from the bytes it sent and received and marks it {@code estimated}, so
 * that budgets still bind.
 *
 * @param inputTokens tokens of the prompt, cached ones included, 0 or more
 * @param outputTokens tokens of the answer, 0 or more
 * @param cacheReadTokens of the input tokens, those read from the provider's prompt cache
 * @param cacheWriteTokens of the input tokens, those written to the provider's prompt cache
 * @param estimated whether any part of this usage is an estimate rather than the provider's count
 */
public record TokenUsage(
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheWriteTokens,
    boolean estimated) {

  /** None. */
  public static final TokenUsage ZERO = new TokenUsage(0, 0);

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if a count is negative, or the cached tokens exceed the input
   *     tokens
   */
  public TokenUsage {
    if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0) {
      throw new IllegalArgumentException(
          "token counts cannot be negative, were input "
              + inputTokens
              + ", output "
              + outputTokens
              + ", cache read "
              + cacheReadTokens
              + " and cache write "
              + cacheWriteTokens);
    }
    if (saturatingAdd(cacheReadTokens, cacheWriteTokens) > inputTokens) {
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
   * Usage as the provider counted it, without prompt caching.
   *
   * @param inputTokens tokens of the prompt, 0 or more
   * @param outputTokens tokens of the answer, 0 or more
   */
  public TokenUsage(long inputTokens, long outputTokens) {
    this(inputTokens, outputTokens, 0, 0, false);
  }

  /**
   * Usage as the provider counted it, with prompt caching.
   *
   * @param inputTokens tokens of the prompt, cached ones included, 0 or more
   * @param outputTokens tokens of the answer, 0 or more
   * @param cacheReadTokens of the input tokens, those read from the provider's prompt cache
   * @param cacheWriteTokens of the input tokens, those written to the provider's prompt cache
   */
  public TokenUsage(
      long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {
    this(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, false);
  }

  /**
   * Usage without prompt caching, counted or estimated.
   *
   * @param inputTokens tokens of the prompt, 0 or more
   * @param outputTokens tokens of the answer, 0 or more
   * @param estimated whether any part of this usage is an estimate rather than the provider's count
   */
  public TokenUsage(long inputTokens, long outputTokens, boolean estimated) {
    this(inputTokens, outputTokens, 0, 0, estimated);
  }

  /**
   * Usage estimated by the client because the provider's count could not be used.
   *
   * @param inputTokens estimated tokens of the prompt, 0 or more
   * @param outputTokens estimated tokens of the answer, 0 or more
   * @return the usage, marked as estimated
   */
  public static TokenUsage estimate(long inputTokens, long outputTokens) {
    return new TokenUsage(inputTokens, outputTokens, true);
  }

  /**
   * Input and output tokens together.
   *
   * @return the total, at most {@link Long#MAX_VALUE}
   */
  public long total() {
    return saturatingAdd(inputTokens, outputTokens);
  }

  /**
   * Adds another usage to this one.
   *
   * @param other the other usage
   * @return the sum, each count at most {@link Long#MAX_VALUE}; estimated if either part was
   */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        saturatingAdd(inputTokens, other.inputTokens),
        saturatingAdd(outputTokens, other.outputTokens),
        saturatingAdd(cacheReadTokens, other.cacheReadTokens),
        saturatingAdd(cacheWriteTokens, other.cacheWriteTokens),
        estimated || other.estimated);
  }

  /**
   * Adds two counts that are 0 or more without overflowing.
   *
   * @param a a count, 0 or more
   * @param b a count, 0 or more
   * @return their sum, or {@link Long#MAX_VALUE} if it does not fit
   */
  public static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
  }
}
