package io.kosmos.api;

import java.util.Objects;

/**
 * A tool the model may call.
 *
 * @param name the tool's name
 * @param description what it does and when to call it
 * @param inputSchema the JSON schema of its arguments, as JSON text
 */
public record ToolSpec(String name, String description, String inputSchema) {

  /** Checks the components. */
  public ToolSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(inputSchema, "inputSchema");
  }
}
