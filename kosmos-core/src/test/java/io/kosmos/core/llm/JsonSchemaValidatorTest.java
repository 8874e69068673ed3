package io.kosmos.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSchemaValidatorTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static List<String> validate(String schema, String value) throws Exception {
    return JsonSchemaValidator.validate(MAPPER.readTree(schema), MAPPER.readTree(value));
  }

  private static final String PLAN =
      """
      {"type": "object",
       "properties": {
         "tasks": {"type": "array", "minItems": 1, "maxItems": 3,
                   "items": {"$ref": "#/$defs/task"}},
         "note": {"type": ["string", "null"], "maxLength": 5}},
       "required": ["tasks"],
       "additionalProperties": false,
       "$defs": {
         "task": {"type": "object",
                  "properties": {"kind": {"enum": ["data", "literature"]},
                                 "priority": {"type": "integer", "minimum": 1, "maximum": 5}},
                  "required": ["kind", "priority"],
                  "additionalProperties": false}}}
      """;

  @Test
  void validValuesPass() throws Exception {
    assertThat(
            validate(PLAN, "{\"tasks\": [{\"kind\": \"data\", \"priority\": 2}], \"note\": null}"))
        .isEmpty();
    assertThat(validate(PLAN, "{\"tasks\": [{\"kind\": \"data\", \"priority\": 2.0}]}")).isEmpty();
  }

  @Test
  void eachProblemIsReportedWithItsPath() throws Exception {
    List<String> errors =
        validate(
            PLAN,
            """
            {"tasks": [{"kind": "poetry", "priority": 9, "extra": 1}, {"priority": "high"}],
             "note": "too long", "other": true}
            """);
    assertThat(errors)
        .containsExactlyInAnyOrder(
            "$.tasks[0].kind: \"poetry\" is not one of [\"data\",\"literature\"]",
            "$.tasks[0].priority: 9 is more than the maximum 5",
            "$.tasks[0]: the property 'extra' is not allowed",
            "$.tasks[1]: the required property 'kind' is missing",
            "$.tasks[1].priority: expected type integer but was a string (\"high\")",
            "$.note: is longer than 5 characters",
            "$: the property 'other' is not allowed");
  }

  @Test
  void sizesTypesConstAndAnyOf() throws Exception {
    assertThat(validate(PLAN, "{\"tasks\": []}"))
        .containsExactly("$.tasks: has 0 items, fewer than 1");
    assertThat(validate(PLAN, "[]")).containsExactly("$: expected type object but was an array");
    assertThat(validate("{\"const\": 3}", "4")).containsExactly("$: expected 3 but was 4");
    String anyOf = "{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}";
    assertThat(validate(anyOf, "\"a\"")).isEmpty();
    assertThat(validate(anyOf, "true"))
        .containsExactly("$: true matches none of the schemas in anyOf");
    assertThat(validate("{\"$ref\": \"#/$defs/missing\"}", "1")).hasSize(1);
    assertThat(
            validate(
                "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"number\"}}",
                "{\"a\": 1, \"b\": \"x\"}"))
        .containsExactly("$.b: expected type number but was a string (\"x\")");
  }

  @Test
  void unknownKeywordsAreIgnored() throws Exception {
    JsonNode schema =
        MAPPER.readTree("{\"type\": \"string\", \"format\": \"date\", \"pattern\": \"x\"}");
    assertThat(JsonSchemaValidator.validate(schema, MAPPER.readTree("\"anything\""))).isEmpty();
  }

  @Test
  void strictCompatibility() throws Exception {
    // "note" is optional, which strict mode does not allow.
    assertThat(SchemaEnvelope.strictCompatible(MAPPER.readTree(PLAN))).isFalse();
    assertThat(
            SchemaEnvelope.strictCompatible(
                MAPPER.readTree(
                    PLAN.replace(
                        "\"required\": [\"tasks\"]", "\"required\": [\"tasks\", \"note\"]"))))
        .isTrue();
    assertThat(
            SchemaEnvelope.strictCompatible(
                MAPPER.readTree(
                    "{\"type\":\"object\",\"properties\":{\"a\":{}},\"required\":[],"
                        + "\"additionalProperties\":false}")))
        .isFalse();
    assertThat(SchemaEnvelope.strictCompatible(MAPPER.readTree("{\"type\":\"object\"}"))).isFalse();
  }
}
