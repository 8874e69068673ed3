package io.kosmos.api;

import java.util.Objects;

/**
 * A JSON schema the model's answer must follow (structured output). Clients send it the provider's
 * way: a forced tool call for Anthropic, {@code response_format} for OpenAI-compatible servers.
 *
 * @param name a short name for the schema, letters, digits, {@code _} and {@code -}
 * @param schema the schema, as JSON text
 */
public record JsonSchema(String name, String schema) {

  /** Checks the components. */
  public JsonSchema {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException(
          "a schema name is 1 to 64 letters, digits, '_' or '-', was '" + name + "'");
    }
    Objects.requireNonNull(schema, "schema");
  }
}
