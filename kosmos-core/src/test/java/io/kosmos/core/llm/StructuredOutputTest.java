package io.kosmos.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.JsonSchema;
import io.kosmos.api.ModelResponse;
import io.kosmos.api.ModelResponseException;
import io.kosmos.api.TokenUsage;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StructuredOutputTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE})
  @interface Nullable {}

  enum Kind {
    DATA,
    LITERATURE
  }

  @JsonClassDescription("One task of a plan")
  record TaskDraft(
      @JsonPropertyDescription("What to do") String description,
      Kind kind,
      int priority,
      double weight,
      boolean exploration,
      List<String> variables,
      @Nullable String note) {}

  record PlanDraft(List<TaskDraft> tasks, Map<String, Integer> counts, Optional<String> comment) {}

  record Loop(Loop next) {}

  record Weird(Object anything) {}

  @Test
  void derivesAStrictSchemaFromARecord() throws Exception {
    JsonSchema schema = StructuredOutput.schemaFor(TaskDraft.class);
    assertThat(schema.name()).isEqualTo("task_draft");
    JsonNode node = MAPPER.readTree(schema.schema());
    assertThat(node)
        .isEqualTo(
            MAPPER.readTree(
                """
                {"type": "object",
                 "description": "One task of a plan",
                 "properties": {
                   "description": {"type": "string", "description": "What to do"},
                   "kind": {"type": "string", "enum": ["DATA", "LITERATURE"]},
                   "priority": {"type": "integer"},
                   "weight": {"type": "number"},
                   "exploration": {"type": "boolean"},
                   "variables": {"type": "array", "items": {"type": "string"}},
                   "note": {"type": ["string", "null"]}},
                 "required": ["description", "kind", "priority", "weight", "exploration",
                              "variables", "note"],
                 "additionalProperties": false}
                """));
    assertThat(SchemaEnvelope.strictCompatible(node)).isTrue();
  }

  @Test
  void nestedRecordsListsMapsAndOptionals() throws Exception {
    JsonNode node = MAPPER.readTree(StructuredOutput.schemaFor(PlanDraft.class).schema());
    assertThat(node.at("/properties/tasks/items/properties/kind/enum")).hasSize(2);
    assertThat(node.at("/properties/counts/additionalProperties/type").asText())
        .isEqualTo("integer");
    assertThat(node.at("/properties/comment/type"))
        .isEqualTo(MAPPER.readTree("[\"string\", \"null\"]"));
  }

  @Test
  void derivedSchemasValidateWhatTheyDescribe() {
    JsonSchema schema = StructuredOutput.schemaFor(TaskDraft.class);
    String good =
        """
        {"description": "d", "kind": "DATA", "priority": 1, "weight": 0.5, "exploration": true,
         "variables": ["bmi"], "note": null}
        """;
    assertThat(StructuredOutput.validate(schema, good)).isEmpty();
    TaskDraft task = StructuredOutput.parse(good, TaskDraft.class);
    assertThat(task.kind()).isEqualTo(Kind.DATA);
    assertThat(StructuredOutput.validate(schema, "{\"description\": 1}"))
        .contains("$.description: expected type string but was an integer (1)")
        .anyMatch(e -> e.contains("'kind' is missing"));
  }

  @Test
  void unsupportedAndSelfReferentialTypesAreRejected() {
    assertThatThrownBy(() -> StructuredOutput.schemaFor(Loop.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refers to itself");
    assertThatThrownBy(() -> StructuredOutput.schemaFor(Weird.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Weird.anything")
        .hasMessageContaining("java.lang.Object");
  }

  @Test
  void loadsSchemasFromResources() {
    JsonSchema schema = StructuredOutput.schemaResource(getClass(), "verdict.schema.json");
    assertThat(schema.name()).isEqualTo("verdict");
    assertThat(StructuredOutput.validate(schema, "{\"novel\": true, \"reason\": \"r\"}")).isEmpty();
    assertThatThrownBy(() -> StructuredOutput.schemaResource(getClass(), "missing.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing.json");
    assertThatThrownBy(() -> StructuredOutput.schema("x", "[1]"))
        .hasMessageContaining("must be a JSON object");
  }

  @Test
  void parseNeedsAStructuredAnswer() {
    ModelResponse text =
        new ModelResponse(
            "hi", null, List.of(), TokenUsage.ZERO, 0, "end_turn", "m", Duration.ZERO);
    assertThatThrownBy(() -> StructuredOutput.parse(text, TaskDraft.class))
        .isInstanceOf(ModelResponseException.class)
        .hasMessageContaining("no structured answer");
    assertThatThrownBy(() -> StructuredOutput.parse("{\"kind\": \"NOPE\"}", TaskDraft.class))
        .isInstanceOf(ModelResponseException.class)
        .hasMessageContaining("TaskDraft");
  }
}
