package io.kosmos.core.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * A provider's token counts as its answer states them, before they are trusted. A count is read
 * strictly: it must be a whole JSON number from 0 to {@link Long#MAX_VALUE}; a string, a fraction,
 * a negative number or {@code 1e30} makes the reading unusable, and says why.
 *
 * <p>{@link #trusted} then bounds the counts by what the call could have used: the prompt cannot
 * hold more tokens than the request had bytes (plus {@value #PROMPT_SLACK_TOKENS} for what the
 * provider adds around it: chat template, tool instructions), and the answer no more than the
 * request's output limit (plus {@value #OUTPUT_SLACK_TOKENS}). A reading that is missing, unusable
 * or beyond those bounds is replaced by an estimate from the bytes sent and received, at {@value
 * #BYTES_PER_TOKEN} bytes a token (English text and JSON average about that; the response's JSON
 * envelope makes the output estimate err high), so that a budget still binds on a server that
 * reports nothing or nonsense.
 *
 * <p>Prompt cache counts (Anthropic's {@code cache_read_input_tokens} and {@code
 * cache_creation_input_tokens}) are read as strictly as the others and count within the prompt
 * tokens; an estimate has none.
 *
 * @param input prompt tokens as reported, cached ones included (0 if unusable)
 * @param output answer tokens as reported (0 if unusable)
 * @param cacheRead of the prompt tokens, those read from the provider's cache
 * @param cacheWrite of the prompt tokens, those written to the provider's cache
 * @param problem why the reading cannot be used, or {@code null} if it can
 */
record ReportedUsage(
    long input, long output, long cacheRead, long cacheWrite, @Nullable String problem) {

  static final long BYTES_PER_TOKEN = 4;
  static final long PROMPT_SLACK_TOKENS = 8192;
  static final long OUTPUT_SLACK_TOKENS = 64;

  /**
   * An answer with no usage.
   *
   * @param what what is missing, for the notice
   * @return the reading
   */
  static ReportedUsage missing(String what) {
    return new ReportedUsage(0, 0, 0, 0, what);
  }

  /**
   * Reads counts from a provider's usage object whose prompt count includes any cached tokens
   * (OpenAI's {@code prompt_tokens}).
   *
   * @param usage the usage object, or {@code null}/not an object if the answer had none
   * @param outputField the field of the answer tokens
   * @param inputField the field of the prompt tokens, which must be there
   * @return the reading
   */
  static ReportedUsage read(@Nullable JsonNode usage, String outputField, String inputField) {
    return read(usage, outputField, inputField, null, null);
  }

  /**
   * Reads counts from a provider's usage object; the cache counts, 0 when absent, add up with the
   * uncached prompt tokens to the prompt tokens (as Anthropic reports them).
   *
   * @param usage the usage object, or {@code null}/not an object if the answer had none
   * @param outputField the field of the answer tokens
   * @param inputField the field of the uncached prompt tokens, which must be there
   * @param cacheWriteField the field of the tokens written to the cache, or {@code null} for none
   * @param cacheReadField the field of the tokens read from the cache, or {@code null} for none
   * @return the reading
   */
  static ReportedUsage read(
      @Nullable JsonNode usage,
      String outputField,
      String inputField,
      @Nullable String cacheWriteField,
      @Nullable String cacheReadField) {
    if (usage == null || usage.isNull() || usage.isMissingNode()) {
      return missing("the answer has no \"usage\"");
    }
    if (!usage.isObject()) {
      return missing("\"usage\" is not an object");
    }
    StringBuilder problems = new StringBuilder();
    long input = count(usage, inputField, true, problems);
    long cacheWrite = cacheWriteField == null ? 0 : count(usage, cacheWriteField, false, problems);
    long cacheRead = cacheReadField == null ? 0 : count(usage, cacheReadField, false, problems);
    input = TokenUsage.saturatingAdd(input, TokenUsage.saturatingAdd(cacheWrite, cacheRead));
    long output = count(usage, outputField, true, problems);
    return new ReportedUsage(
        input, output, cacheRead, cacheWrite, problems.isEmpty() ? null : problems.toString());
  }

  private static long count(
      JsonNode usage, String field, boolean required, StringBuilder problems) {
    JsonNode value = usage.get(field);
    String problem = null;
    if (value == null || value.isNull()) {
      problem = required ? field + " is missing" : null;
    } else if (!value.isNumber()) {
      problem = field + " is " + Json.excerpt(value.toString(), 40) + ", not a number";
    } else if (!value.canConvertToExactIntegral()) {
      problem = field + " is " + value + ", not a whole number";
    } else if (!value.canConvertToLong()) {
      problem = field + " is " + value + ", beyond any count";
    } else if (value.asLong() < 0) {
      problem = field + " is negative (" + value + ")";
    }
    if (problem == null) {
      return value == null || value.isNull() ? 0 : value.asLong();
    }
    if (!problems.isEmpty()) {
      problems.append("; ");
    }
    problems.append(problem);
    return 0;
  }

  /**
   * The usage to count for the call: the reading if it is usable and within bounds, else an
   * estimate from the bytes.
   *
   * @param maxTokens the output limit the request sent
   * @param sentBytes the bytes of the request body
   * @param receivedBytes the bytes of the answer's body
   * @return the usage, with {@link #problem} or a bound's reason in {@link Trusted#notice()} when
   *     it is an estimate
   */
  Trusted trusted(int maxTokens, long sentBytes, long receivedBytes) {
    String reason = problem;
    if (reason == null && input > TokenUsage.saturatingAdd(sentBytes, PROMPT_SLACK_TOKENS)) {
      reason = "it claims " + input + " prompt tokens for a request of " + sentBytes + " bytes";
    }
    if (reason == null && output > (long) maxTokens + OUTPUT_SLACK_TOKENS) {
      reason = "it claims " + output + " answer tokens though the request allowed " + maxTokens;
    }
    if (reason == null) {
      // the cache counts are within the input, which is within bounds: they are too
      long read = Math.min(cacheRead, input);
      long written = Math.min(cacheWrite, input - read);
      return new Trusted(new TokenUsage(input, output, read, written), null);
    }
    return new Trusted(TokenUsage.estimate(tokensOf(sentBytes), tokensOf(receivedBytes)), reason);
  }

  private static long tokensOf(long bytes) {
    return bytes <= 0 ? 0 : (bytes + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN;
  }

  /**
   * The usage a call is counted with.
   *
   * @param usage the tokens
   * @param notice why the provider's count was not used, or {@code null} if it was
   */
  record Trusted(TokenUsage usage, @Nullable String notice) {}
}
