package io.kosmos.api;

import java.util.Objects;

/**
 * A call the model made to a {@link ToolSpec tool}.
 *
 * @param id the provider's id of the call, quoted back in the {@link ChatMessage#toolResult result}
 * @param name the tool
 * @param arguments the arguments, as JSON text
 */
public record ToolCall(String id, String name, String arguments) {

  /** Checks the components. */
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arguments, "arguments");
  }
}
