package io.kosmos.core.internal.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.core.team.llm.LlmAgents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptsTest {

  @TempDir Path dir;

  private static PromptTemplate parse(String body) {
    return PromptTemplate.parse("t.md", "---\nversion: 2\nname: t\n---\n" + body);
  }

  @Test
  void rendersVariablesAndSections() {
    PromptTemplate t =
        parse("Hello {{who}}.\n{{#extra}}Extra: {{extra}}{{/extra}}{{^extra}}No extra.{{/extra}}");
    assertThat(t.version()).isEqualTo(2);
    assertThat(t.frontMatter()).containsEntry("name", "t");
    assertThat(t.variables()).containsExactly("who", "extra");
    assertThat(t.render(Map.of("who", "world", "extra", "yes")))
        .isEqualTo("Hello world.\nExtra: yes");
    assertThat(t.render(Map.of("who", "world", "extra", " "))).isEqualTo("Hello world.\nNo extra.");
  }

  @Test
  void valuesAreNeverScannedAgain() {
    PromptTemplate t = parse("Output: {{output}}");
    assertThat(t.render(Map.of("output", "{{secret}} and {{#x}}")))
        .isEqualTo("Output: {{secret}} and {{#x}}");
  }

  @Test
  void collapsesBlankLinesLeftBySections() {
    PromptTemplate t = parse("A\n\n{{#x}}\nX\n{{/x}}\n\n\nB");
    assertThat(t.render(Map.of("x", ""))).isEqualTo("A\n\nB");
  }

  @Test
  void malformedTemplatesFailWithTheFileAndTheProblem() {
    assertThatThrownBy(() -> PromptTemplate.parse("a.md", "no front matter"))
        .hasMessageContaining("a.md")
        .hasMessageContaining("front matter");
    assertThatThrownBy(() -> PromptTemplate.parse("a.md", "---\nname: x\n---\nbody"))
        .hasMessageContaining("version");
    assertThatThrownBy(() -> PromptTemplate.parse("a.md", "---\nversion: one\n---\nbody"))
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> PromptTemplate.parse("a.md", "---\nversion: 1\nname: 'x\n---\nbody"))
        .hasMessageContaining("a.md line 3")
        .hasMessageContaining("unterminated");
    assertThatThrownBy(() -> parse("{{#a}} open")).hasMessageContaining("never closed");
    assertThatThrownBy(() -> parse("{{#a}} x {{/b}}"))
        .hasMessageContaining("line 5")
        .hasMessageContaining("closes section 'a'");
    assertThatThrownBy(() -> parse("{{ not a tag!}}")).hasMessageContaining("not a valid tag");
  }

  @Test
  void aMissingValueIsAProgrammingError() {
    assertThatThrownBy(() -> parse("{{a}}").render(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("{{a}}");
  }

  @Test
  void everyShippedPromptLoadsAndRendersWithItsVariables() {
    Prompts prompts = Prompts.builtIn();
    assertThat(prompts.describe()).isEqualTo("prompts v2");
    assertThat(LlmAgents.promptSet()).isEqualTo("prompts v2");
    for (Prompts.Name name : Prompts.Name.values()) {
      Map<String, String> values = new HashMap<>();
      name.variables.forEach(v -> values.put(v, "<" + v + ">"));
      String text = prompts.render(name, values);
      assertThat(text).as(name.file).isNotBlank().doesNotContain("{{");
      assertThat(prompts.version(name)).as(name.file).isGreaterThanOrEqualTo(1);
    }
    assertThat(prompts.versions()).hasSize(Prompts.Name.values().length);
  }

  @Test
  void overridesReplaceShippedPromptsAndAreNamedInTheDescription() throws Exception {
    Files.writeString(
        dir.resolve("planner.user.md"), "---\nversion: 7\n---\nPlan for {{objective}} now.");
    Prompts prompts = Prompts.load(dir);
    assertThat(prompts.render(Prompts.Name.PLANNER_USER, Map.of("objective", "X")))
        .isEqualTo("Plan for X now.");
    assertThat(prompts.describe()).isEqualTo("prompts v2 with overrides: planner.user v7");
    assertThat(prompts.version(Prompts.Name.PLANNER_USER)).isEqualTo(7);
  }

  @Test
  void anOverrideWithAnUnknownVariableOrNameFailsAtLoad() throws Exception {
    Files.writeString(dir.resolve("planner.user.md"), "---\nversion: 1\n---\n{{objectiv}}");
    assertThatThrownBy(() -> Prompts.load(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{{objectiv}}")
        .hasMessageContaining("objective");
    Files.delete(dir.resolve("planner.user.md"));
    Files.writeString(dir.resolve("planer.user.md"), "---\nversion: 1\n---\nx");
    assertThatThrownBy(() -> Prompts.load(dir))
        .hasMessageContaining("planer.user.md")
        .hasMessageContaining("planner.user.md");
    assertThatThrownBy(() -> Prompts.load(dir.resolve("missing")))
        .hasMessageContaining("does not exist");
  }
}
