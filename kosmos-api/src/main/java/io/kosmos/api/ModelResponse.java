package io.kosmos.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LanguageModel}'s answer.
 *
 * @param text the answer's text (empty if it only called tools)
 * @param json the structured answer as JSON text, valid against the request's schema, or {@code
 *     null} when no schema was asked for
 * @param toolCalls the tools the model called (empty for none)
 * @param usage tokens used, repair rounds included
 * @param costUsd what the call cost in US dollars, from the client's price table (0 if unknown)
 * @param stopReason why the model stopped, as the provider says ({@code end_turn}, {@code stop},
 *     {@code max_tokens}, {@code tool_use}, ...)
 * @param model the model that answered, as the provider names it
 * @param latency wall-clock time of the call, retries included
 * @param cacheSavingUsd what the provider's prompt cache saved on the call in US dollars, from the
 *     client's price table: the cost with every prompt token at the input price, less {@code
 *     costUsd} (0 without caching; negative when writing to the cache cost more than reading saved)
 */
public record ModelResponse(
    String text,
    @Nullable String json,
    List<ToolCall> toolCalls,
    TokenUsage usage,
    double costUsd,
    String stopReason,
    String model,
    Duration latency,
    double cacheSavingUsd) {

  /** Checks the components and copies the list. */
  public ModelResponse {
    Objects.requireNonNull(text, "text");
    toolCalls = List.copyOf(toolCalls);
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(stopReason, "stopReason");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(latency, "latency");
  }

  /**
   * An answer on which prompt caching saved nothing.
   *
   * @param text the answer's text (empty if it only called tools)
   * @param json the structured answer as JSON text, or {@code null} when no schema was asked for
   * @param toolCalls the tools the model called (empty for none)
   * @param usage tokens used, repair rounds included
   * @param costUsd what the call cost in US dollars (0 if unknown)
   * @param stopReason why the model stopped, as the provider says
   * @param model the model that answered, as the provider names it
   * @param latency wall-clock time of the call, retries included
   */
  public ModelResponse(
      String text,
      @Nullable String json,
      List<ToolCall> toolCalls,
      TokenUsage usage,
      double costUsd,
      String stopReason,
      String model,
      Duration latency) {
    this(text, json, toolCalls, usage, costUsd, stopReason, model, latency, 0);
  }
}
