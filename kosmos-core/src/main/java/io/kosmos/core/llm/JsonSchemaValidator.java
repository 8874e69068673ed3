package io.kosmos.core.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a JSON value against the subset of JSON Schema that structured output uses: {@code type}
 * (one or several), {@code properties}, {@code required}, {@code additionalProperties}, {@code
 * items}, {@code enum}, {@code const}, {@code anyOf}, {@code minItems}/{@code maxItems}, {@code
 * minLength}/{@code maxLength}, {@code minimum}/{@code maximum}, and local {@code $ref}s to {@code
 * #/$defs/...} or {@code #/definitions/...}. Other keywords are ignored, so the validator never
 * rejects what a provider would accept for them.
 */
final class JsonSchemaValidator {

  private static final int MAX_ERRORS = 10;

  private final JsonNode root;
  private final List<String> errors = new ArrayList<>();

  private JsonSchemaValidator(JsonNode root) {
    this.root = root;
  }

  /**
   * Validates a value.
   *
   * @return the problems found, each starting with the JSON path ({@code $.tasks[2].kind: ...});
   *     empty if the value is valid
   */
  static List<String> validate(JsonNode schema, JsonNode value) {
    JsonSchemaValidator validator = new JsonSchemaValidator(schema);
    validator.check(schema, value, "$", 0);
    return List.copyOf(validator.errors);
  }

  private void error(String path, String message) {
    if (errors.size() < MAX_ERRORS) {
      errors.add(path + ": " + message);
    }
  }

  private void check(JsonNode schema, JsonNode value, String path, int depth) {
    if (schema == null || !schema.isObject() || depth > 64) {
      return;
    }
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.isTextual()) {
      JsonNode target = resolve(ref.asText());
      if (target == null) {
        error(path, "the schema's $ref " + ref.asText() + " cannot be resolved");
      } else {
        check(target, value, path, depth + 1);
      }
      return;
    }
    JsonNode type = schema.get("type");
    if (type != null && !matchesType(type, value)) {
      error(path, "expected " + describeType(type) + " but was " + kind(value));
      return;
    }
    JsonNode constant = schema.get("const");
    if (constant != null && !constant.equals(value)) {
      error(path, "expected " + constant + " but was " + shorten(value));
    }
    JsonNode allowed = schema.get("enum");
    if (allowed != null && allowed.isArray()) {
      boolean found = false;
      for (JsonNode option : allowed) {
        if (option.equals(value)) {
          found = true;
          break;
        }
      }
      if (!found) {
        error(path, shorten(value) + " is not one of " + allowed);
      }
    }
    JsonNode anyOf = schema.get("anyOf");
    if (anyOf != null && anyOf.isArray()) {
      boolean any = false;
      for (JsonNode option : anyOf) {
        JsonSchemaValidator probe = new JsonSchemaValidator(root);
        probe.check(option, value, path, depth + 1);
        if (probe.errors.isEmpty()) {
          any = true;
          break;
        }
      }
      if (!any) {
        error(path, shorten(value) + " matches none of the schemas in anyOf");
      }
    }
    if (value.isObject()) {
      checkObject(schema, value, path, depth);
    } else if (value.isArray()) {
      checkArray(schema, value, path, depth);
    } else if (value.isTextual()) {
      int length = value.asText().codePointCount(0, value.asText().length());
      if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
        error(path, "is shorter than " + schema.get("minLength").asInt() + " characters");
      }
      if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
        error(path, "is longer than " + schema.get("maxLength").asInt() + " characters");
      }
    } else if (value.isNumber()) {
      if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
        error(path, value + " is less than the minimum " + schema.get("minimum"));
      }
      if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
        error(path, value + " is more than the maximum " + schema.get("maximum"));
      }
    }
  }

  private void checkObject(JsonNode schema, JsonNode value, String path, int depth) {
    JsonNode properties = schema.get("properties");
    JsonNode required = schema.get("required");
    if (required != null && required.isArray()) {
      for (JsonNode name : required) {
        if (!value.has(name.asText())) {
          error(path, "the required property '" + name.asText() + "' is missing");
        }
      }
    }
    Set<String> known = new HashSet<>();
    if (properties != null && properties.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        known.add(field.getKey());
        JsonNode child = value.get(field.getKey());
        if (child != null) {
          check(field.getValue(), child, path + "." + field.getKey(), depth + 1);
        }
      }
    }
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null) {
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (known.contains(field.getKey())) {
          continue;
        }
        if (additional.isBoolean() && !additional.asBoolean()) {
          error(path, "the property '" + field.getKey() + "' is not allowed");
        } else if (additional.isObject()) {
          check(additional, field.getValue(), path + "." + field.getKey(), depth + 1);
        }
      }
    }
  }

  private void checkArray(JsonNode schema, JsonNode value, String path, int depth) {
    if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
      error(path, "has " + value.size() + " items, fewer than " + schema.get("minItems").asInt());
    }
    if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
      error(path, "has " + value.size() + " items, more than " + schema.get("maxItems").asInt());
    }
    JsonNode items = schema.get("items");
    if (items != null && items.isObject()) {
      for (int i = 0; i < value.size(); i++) {
        check(items, value.get(i), path + "[" + i + "]", depth + 1);
      }
    }
  }

  private JsonNode resolve(String ref) {
    if (ref.equals("#")) {
      return root;
    }
    if (!ref.startsWith("#/")) {
      return null;
    }
    JsonNode node = root.at(ref.substring(1));
    return node.isMissingNode() ? null : node;
  }

  private static boolean matchesType(JsonNode type, JsonNode value) {
    if (type.isArray()) {
      for (JsonNode one : type) {
        if (matchesType(one.asText(), value)) {
          return true;
        }
      }
      return false;
    }
    return matchesType(type.asText(), value);
  }

  private static boolean matchesType(String type, JsonNode value) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      case "number" -> value.isNumber();
      case "integer" ->
          value.isIntegralNumber()
              || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
      default -> true;
    };
  }

  private static String describeType(JsonNode type) {
    if (!type.isArray()) {
      return "type " + type.asText();
    }
    List<String> names = new ArrayList<>();
    type.forEach(t -> names.add(t.asText()));
    return "one of the types " + names;
  }

  private static String kind(JsonNode value) {
    String kind =
        switch (value.getNodeType()) {
          case OBJECT -> "an object";
          case ARRAY -> "an array";
          case STRING -> "a string";
          case BOOLEAN -> "a boolean";
          case NULL -> "null";
          case NUMBER -> value.isIntegralNumber() ? "an integer" : "a number";
          default -> value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    return value.isObject() || value.isArray() ? kind : kind + " (" + shorten(value) + ")";
  }

  private static String shorten(JsonNode value) {
    return Json.excerpt(value.toString(), 60);
  }
}
