package io.kosmos.core.llm;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.JsonSchema;
import io.kosmos.api.ModelResponse;
import io.kosmos.api.ModelResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.temporal.Temporal;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Structured output on the application's side: JSON schemas for a request, and the answer mapped
 * into a Java record.
 *
 * <p>The clients send a request's {@link JsonSchema} the provider's way (a forced tool for
 * Anthropic, {@code response_format} for OpenAI-compatible servers), check the answer against it,
 * and give the model one repair round when it does not fit. What arrives in {@link
 * ModelResponse#json()} is therefore valid against the schema; this class turns it into a value:
 *
 * <pre>{@code
 * record Verdict(boolean novel, String reason) {}
 *
 * JsonSchema schema = StructuredOutput.schemaFor(Verdict.class);
 * ModelResponse response = model.chat(ModelRequest.builder().user(prompt).schema(schema).build());
 * Verdict verdict = StructuredOutput.parse(response, Verdict.class);
 * }</pre>
 *
 * <p>{@link #schemaFor(Class)} derives a schema from a record: every component is required and no
 * other property is allowed (what OpenAI's strict mode asks), {@link JsonPropertyDescription} and
 * {@link JsonClassDescription} become descriptions, and a component annotated with any annotation
 * named {@code Nullable} may also be {@code null}. Hand-written schemas can be loaded from resource
 * files with {@link #schemaResource(Class, String)}.
 */
public final class StructuredOutput {

  private StructuredOutput() {}

  /**
   * Maps a response's structured answer into a type.
   *
   * @param response the response to a request that asked for a schema
   * @param type the type to map into, typically a record
   * @param <T> the type
   * @return the value
   * @throws ModelResponseException if the response holds no structured answer or it does not map
   */
  public static <T> T parse(ModelResponse response, Class<T> type) {
    if (response.json() == null) {
      throw new ModelResponseException(
          "the response of "
              + response.model()
              + " holds no structured answer (stop reason "
              + response.stopReason()
              + "); ask for one with ModelRequest.Builder.schema(...)");
    }
    return parse(response.json(), type);
  }

  /**
   * Maps JSON text into a type.
   *
   * @param json the JSON text
   * @param type the type to map into, typically a record
   * @param <T> the type
   * @return the value
   * @throws ModelResponseException if the JSON is malformed or does not map into the type
   */
  public static <T> T parse(String json, Class<T> type) {
    try {
      return Json.MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new ModelResponseException(
          "the structured answer does not map into "
              + type.getSimpleName()
              + ": "
              + Json.describe(e),
          e);
    }
  }

  /**
   * Checks JSON text against a schema with the validator the clients use (a subset of JSON Schema:
   * type, properties, required, additionalProperties, items, enum, const, anyOf, size and range
   * limits, local $refs).
   *
   * @param schema the schema
   * @param json the JSON text
   * @return the problems found, each starting with a JSON path; empty if the JSON is valid
   */
  public static List<String> validate(JsonSchema schema, String json) {
    JsonNode schemaNode = readSchema(schema.name(), schema.schema());
    try {
      return JsonSchemaValidator.validate(schemaNode, Json.parse(json));
    } catch (JsonProcessingException e) {
      return List.of("$: not well-formed JSON: " + Json.describe(e));
    }
  }

  /**
   * A schema from JSON text, checked to be a well-formed JSON object.
   *
   * @param name the schema's name
   * @param json the schema
   * @return the schema
   * @throws IllegalArgumentException if the name is not allowed or the text is not a JSON object
   */
  public static JsonSchema schema(String name, String json) {
    readSchema(name, json);
    return new JsonSchema(name, json);
  }

  /**
   * Loads a schema from a class path resource, named after the file ({@code plan.schema.json}
   * becomes {@code plan}).
   *
   * @param anchor a class whose class loader and package locate the resource
   * @param resource the resource, relative to the anchor's package or absolute with a leading
   *     {@code /}
   * @return the schema
   * @throws IllegalArgumentException if the resource does not exist or holds no JSON object
   */
  public static JsonSchema schemaResource(Class<?> anchor, String resource) {
    String text;
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no schema resource '" + resource + "' next to " + anchor.getName());
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the schema resource '" + resource + "'", e);
    }
    String file = resource.substring(resource.lastIndexOf('/') + 1);
    int dot = file.indexOf('.');
    String name = (dot > 0 ? file.substring(0, dot) : file).replaceAll("[^A-Za-z0-9_-]", "_");
    return schema(name, text);
  }

  /**
   * Derives a schema from a record class, named after it ({@code PlanDraft} becomes {@code
   * plan_draft}).
   *
   * @param type the record class
   * @return the schema
   * @throws IllegalArgumentException if a component's type has no JSON schema equivalent, or the
   *     records refer to themselves
   */
  public static JsonSchema schemaFor(Class<? extends Record> type) {
    String name =
        type.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    return schemaFor(type, name);
  }

  /**
   * Derives a schema from a record class, with a name of your choice.
   *
   * @param type the record class
   * @param name the schema's name
   * @return the schema
   * @throws IllegalArgumentException if a component's type has no JSON schema equivalent, or the
   *     records refer to themselves
   */
  public static JsonSchema schemaFor(Class<? extends Record> type, String name) {
    ObjectNode schema = recordSchema(type, new ArrayDeque<>());
    return new JsonSchema(name, Json.write(schema));
  }

  private static JsonNode readSchema(String name, String json) {
    try {
      JsonNode node = Json.parse(json);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("the JSON schema '" + name + "' must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the JSON schema '" + name + "' is not valid JSON: " + Json.describe(e), e);
    }
  }

  private static ObjectNode recordSchema(Class<?> type, Deque<Class<?>> path) {
    if (path.contains(type)) {
      throw new IllegalArgumentException(
          "cannot derive a JSON schema for " + type.getName() + ": it refers to itself");
    }
    path.push(type);
    ObjectNode schema = Json.MAPPER.createObjectNode();
    schema.put("type", "object");
    JsonClassDescription classDescription = type.getAnnotation(JsonClassDescription.class);
    if (classDescription != null && !classDescription.value().isEmpty()) {
      schema.put("description", classDescription.value());
    }
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = schema.putArray("required");
    for (RecordComponent component : type.getRecordComponents()) {
      String name = component.getName();
      JsonProperty renamed = annotation(component, JsonProperty.class);
      if (renamed != null && !renamed.value().isEmpty()) {
        name = renamed.value();
      }
      ObjectNode property =
          typeSchema(component.getGenericType(), path, type.getSimpleName() + "." + name);
      JsonPropertyDescription description = annotation(component, JsonPropertyDescription.class);
      if (description != null && !description.value().isEmpty()) {
        property.put("description", description.value());
      }
      if (isNullable(component)) {
        allowNull(property);
      }
      properties.set(name, property);
      required.add(name);
    }
    schema.put("additionalProperties", false);
    path.pop();
    return schema;
  }

  private static ObjectNode typeSchema(Type type, Deque<Class<?>> path, String where) {
    ObjectNode schema = Json.MAPPER.createObjectNode();
    if (type instanceof WildcardType wildcard) {
      return typeSchema(wildcard.getUpperBounds()[0], path, where);
    }
    if (type instanceof GenericArrayType array) {
      schema.put("type", "array");
      schema.set("items", typeSchema(array.getGenericComponentType(), path, where));
      return schema;
    }
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] args = parameterized.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        schema.put("type", "array");
        schema.set("items", typeSchema(args[0], path, where));
        return schema;
      }
      if (Optional.class.equals(raw)) {
        ObjectNode inner = typeSchema(args[0], path, where);
        allowNull(inner);
        return inner;
      }
      if (Map.class.isAssignableFrom(raw)) {
        schema.put("type", "object");
        schema.set("additionalProperties", typeSchema(args[1], path, where));
        return schema;
      }
      throw unsupported(where, type);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class
        || CharSequence.class.isAssignableFrom(c)
        || c == char.class
        || c == Character.class
        || c == UUID.class
        || Temporal.class.isAssignableFrom(c)
        || c == java.time.Duration.class) {
      schema.put("type", "string");
    } else if (c == boolean.class || c == Boolean.class) {
      schema.put("type", "boolean");
    } else if (c == int.class
        || c == long.class
        || c == short.class
        || c == byte.class
        || c == Integer.class
        || c == Long.class
        || c == Short.class
        || c == Byte.class
        || c == BigInteger.class) {
      schema.put("type", "integer");
    } else if (c == double.class
        || c == float.class
        || c == Double.class
        || c == Float.class
        || c == BigDecimal.class) {
      schema.put("type", "number");
    } else if (c.isEnum()) {
      schema.put("type", "string");
      ArrayNode values = schema.putArray("enum");
      for (Object constant : c.getEnumConstants()) {
        values.add(enumValue((Enum<?>) constant));
      }
    } else if (c.isArray()) {
      schema.put("type", "array");
      schema.set("items", typeSchema(c.getComponentType(), path, where));
    } else if (c.isRecord()) {
      return recordSchema(c, path);
    } else if (JsonNode.class.isAssignableFrom(c)) {
      return schema;
    } else {
      throw unsupported(where, type);
    }
    return schema;
  }

  /**
   * How Jackson writes an enum constant: through its {@code @JsonValue} method, else its {@code
   * JsonProperty} name, else its name.
   */
  private static String enumValue(Enum<?> constant) {
    for (java.lang.reflect.Method m : constant.getDeclaringClass().getMethods()) {
      if (m.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonValue.class)
          && m.getParameterCount() == 0) {
        try {
          return String.valueOf(m.invoke(constant));
        } catch (ReflectiveOperationException e) {
          throw new IllegalArgumentException("cannot read the JSON value of " + constant, e);
        }
      }
    }
    try {
      JsonProperty renamed =
          constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
      if (renamed != null && !renamed.value().isEmpty()) {
        return renamed.value();
      }
    } catch (NoSuchFieldException e) {
      // an enum constant is always a field
    }
    return constant.name();
  }

  private static void allowNull(ObjectNode property) {
    JsonNode type = property.get("type");
    if (type != null && type.isTextual()) {
      ArrayNode both = property.putArray("type");
      both.add(type.asText());
      both.add("null");
    } else if (type == null && property.has("properties")) {
      property.putArray("type").add("object").add("null");
    }
    if (property.has("enum")) {
      ((ArrayNode) property.get("enum")).addNull();
    }
  }

  private static boolean isNullable(RecordComponent component) {
    for (Annotation a : component.getAccessor().getAnnotations()) {
      if (a.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    for (Annotation a : component.getAnnotations()) {
      if (a.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    for (Annotation a : component.getAnnotatedType().getAnnotations()) {
      if (a.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    return false;
  }

  private static <A extends Annotation> A annotation(RecordComponent component, Class<A> type) {
    A onAccessor = component.getAccessor().getAnnotation(type);
    if (onAccessor != null) {
      return onAccessor;
    }
    try {
      return component
          .getDeclaringRecord()
          .getDeclaredField(component.getName())
          .getAnnotation(type);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  private static IllegalArgumentException unsupported(String where, Type type) {
    return new IllegalArgumentException(
        "cannot derive a JSON schema for "
            + where
            + ": its type "
            + type.getTypeName()
            + " has no JSON schema equivalent; use a record, a String, a number, a boolean, an"
            + " enum, a List or a Map, or write the schema by hand");
  }
}
