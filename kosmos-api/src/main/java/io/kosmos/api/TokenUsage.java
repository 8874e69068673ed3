package io.kosmos.api;

/**
 * Tokens a model call used.
 *
 * @param inputTokens tokens of the prompt
 * @param outputTokens tokens of the answer
 */
public record TokenUsage(long inputTokens, long outputTokens) {

  /** None. */
  public static final TokenUsage ZERO = new TokenUsage(0, 0);

  /** Checks the components. */
  public TokenUsage {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
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
    return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
  }
}
