package io.kosmos.core.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.JsonSchema;
import java.util.List;

/**
 * A request's schema in the form both providers accept. Anthropic's tool {@code input_schema} and
 * OpenAI's strict {@code json_schema} both need an object at the root; a schema with another root
 * (an array, a string) is wrapped as {@code {"value": <schema>}} and the answer unwrapped again.
 */
final class SchemaEnvelope {

  static final String WRAPPER_PROPERTY = "value";

  final JsonSchema schema;
  final JsonNode original;
  final ObjectNode sent;
  final boolean wrapped;

  private SchemaEnvelope(JsonSchema schema, JsonNode original, ObjectNode sent, boolean wrapped) {
    this.schema = schema;
    this.original = original;
    this.sent = sent;
    this.wrapped = wrapped;
  }

  static SchemaEnvelope of(JsonSchema schema) {
    JsonNode node;
    try {
      node = Json.parse(schema.schema());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the JSON schema '" + schema.name() + "' is not valid JSON: " + Json.describe(e), e);
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "the JSON schema '"
              + schema.name()
              + "' must be a JSON object, was "
              + node.getNodeType());
    }
    JsonNode type = node.get("type");
    if (type != null && type.isTextual() && type.asText().equals("object")) {
      return new SchemaEnvelope(schema, node, (ObjectNode) node, false);
    }
    ObjectNode wrapper = Json.MAPPER.createObjectNode();
    wrapper.put("type", "object");
    wrapper.putObject("properties").set(WRAPPER_PROPERTY, node);
    wrapper.putArray("required").add(WRAPPER_PROPERTY);
    wrapper.put("additionalProperties", false);
    return new SchemaEnvelope(schema, node, wrapper, true);
  }

  /**
   * Checks an answer, as the provider sent it, against the schema.
   *
   * @return the answer's JSON (unwrapped), or an error that tells the model what is wrong
   */
  Checked check(String answer) {
    if (answer == null || answer.isBlank()) {
      return Checked.error("the answer holds no JSON at all");
    }
    JsonNode node;
    try {
      node = Json.parse(stripFences(answer));
    } catch (JsonProcessingException e) {
      return Checked.error("the answer is not well-formed JSON: " + Json.describe(e));
    }
    if (node == null || node.isMissingNode()) {
      return Checked.error("the answer holds no JSON at all");
    }
    if (wrapped) {
      if (!node.isObject() || !node.has(WRAPPER_PROPERTY)) {
        return Checked.error(
            "$: the answer must be an object with the single property '" + WRAPPER_PROPERTY + "'");
      }
      node = node.get(WRAPPER_PROPERTY);
    }
    List<String> problems = JsonSchemaValidator.validate(original, node);
    if (!problems.isEmpty()) {
      return Checked.error(
          "the JSON does not follow the schema '"
              + schema.name()
              + "': "
              + String.join("; ", problems));
    }
    return new Checked(Json.write(node), null);
  }

  /** Removes a Markdown code fence some models put around JSON. */
  static String stripFences(String text) {
    String t = text.strip();
    if (t.startsWith("```")) {
      int firstLine = t.indexOf('\n');
      int end = t.lastIndexOf("```");
      if (firstLine > 0 && end > firstLine) {
        return t.substring(firstLine + 1, end).strip();
      }
    }
    return t;
  }

  /**
   * Whether OpenAI's strict mode accepts the schema: every object closed, every property required.
   */
  static boolean strictCompatible(JsonNode schema) {
    if (schema == null || !schema.isObject()) {
      return true;
    }
    JsonNode properties = schema.get("properties");
    if (properties != null && properties.isObject()) {
      JsonNode additional = schema.get("additionalProperties");
      if (additional == null || !additional.isBoolean() || additional.asBoolean()) {
        return false;
      }
      JsonNode required = schema.get("required");
      if (required == null || !required.isArray() || required.size() != properties.size()) {
        return false;
      }
      for (JsonNode child : properties) {
        if (!strictCompatible(child)) {
          return false;
        }
      }
    } else if (isType(schema, "object")) {
      JsonNode additional = schema.get("additionalProperties");
      if (additional == null || !additional.isBoolean() || additional.asBoolean()) {
        return false;
      }
    }
    for (String key : List.of("items", "$defs", "definitions")) {
      JsonNode child = schema.get(key);
      if (child != null) {
        if (key.equals("items") ? !strictCompatible(child) : !allStrict(child)) {
          return false;
        }
      }
    }
    JsonNode anyOf = schema.get("anyOf");
    if (anyOf != null) {
      for (JsonNode option : anyOf) {
        if (!strictCompatible(option)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean allStrict(JsonNode defs) {
    for (JsonNode def : defs) {
      if (!strictCompatible(def)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isType(JsonNode schema, String type) {
    JsonNode t = schema.get("type");
    return t != null && t.isTextual() && t.asText().equals(type);
  }

  /** A checked answer: the JSON, or the error. */
  record Checked(String json, String error) {
    static Checked error(String error) {
      return new Checked(null, error);
    }

    boolean ok() {
      return error == null;
    }
  }
}
