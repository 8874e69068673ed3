package io.kosmos.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation with a {@link LanguageModel}. The system prompt is not a message:
 * it is {@link ModelRequest#system()}.
 *
 * @param role who speaks
 * @param content the text, possibly empty for an assistant message that only calls tools
 * @param toolCalls the tools an assistant message called (empty otherwise)
 * @param toolCallId for a {@link Role#TOOL} message, the call it answers; {@code null} otherwise
 */
public record ChatMessage(
    Role role, String content, List<ToolCall> toolCalls, @Nullable String toolCallId) {

  /** Who speaks. */
  public enum Role {
    /** The application. */
    USER,
    /** The model. */
    ASSISTANT,
    /** The result of a tool the model called. */
    TOOL
  }

  /** Checks the components and copies the list. */
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    toolCalls = List.copyOf(toolCalls);
    if (role == Role.TOOL && toolCallId == null) {
      throw new IllegalArgumentException("a tool message needs the id of the call it answers");
    }
  }

  /**
   * A user message.
   *
   * @param content the text
   * @return the message
   */
  public static ChatMessage user(String content) {
    return new ChatMessage(Role.USER, content, List.of(), null);
  }

  /**
   * An assistant message.
   *
   * @param content the text
   * @return the message
   */
  public static ChatMessage assistant(String content) {
    return new ChatMessage(Role.ASSISTANT, content, List.of(), null);
  }

  /**
   * The result of a tool call.
   *
   * @param toolCallId the call it answers
   * @param content the result
   * @return the message
   */
  public static ChatMessage toolResult(String toolCallId, String content) {
    return new ChatMessage(Role.TOOL, content, List.of(), toolCallId);
  }
}
