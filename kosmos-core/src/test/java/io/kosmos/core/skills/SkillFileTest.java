package io.kosmos.core.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Skill;
import org.junit.jupiter.api.Test;

class SkillFileTest {

  @Test
  void parsesPlainQuotedAndFoldedValues() {
    Skill s =
        SkillFile.parse(
            """
        ---
        # comment
        name: "survival"
        description: >
          Kaplan-Meier curves
          and Cox models.
        license: 'MIT'
        ---
        # Survival

        Use lifelines.
        """,
            "mem:SKILL.md");
    assertThat(s.name()).isEqualTo("survival");
    assertThat(s.description()).isEqualTo("Kaplan-Meier curves and Cox models.");
    assertThat(s.body()).isEqualTo("# Survival\n\nUse lifelines.");
    assertThat(s.source()).isEqualTo("mem:SKILL.md");
  }

  @Test
  void malformedFrontMatterNamesTheFileAndLine() {
    assertThatThrownBy(() -> SkillFile.parse("# no front matter\n", "/skills/x/SKILL.md"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("/skills/x/SKILL.md")
        .hasMessageContaining("line 1");
    assertThatThrownBy(
            () -> SkillFile.parse("---\nname: x\nthis is not yaml\n---\n", "/s/SKILL.md"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("/s/SKILL.md is malformed at line 3");
    assertThatThrownBy(() -> SkillFile.parse("---\nname: x\ndescription: y\n", "/s/SKILL.md"))
        .hasMessageContaining("not closed");
    assertThatThrownBy(() -> SkillFile.parse("---\nname: x\n---\nbody", "/s/SKILL.md"))
        .hasMessageContaining("no 'description'");
    assertThatThrownBy(() -> SkillFile.parse("---\nname: \"x\n---\n", "/s/SKILL.md"))
        .hasMessageContaining("unterminated");
  }

  @Test
  void theFrontMatterIsYamlSoListsAndMappingsAreAllowedBesideNameAndDescription() {
    Skill s =
        SkillFile.parse(
            """
        ---
        name: plotting
        description: |-
          Figures that say one thing.
          One per finding.
        allowed-tools: [python, matplotlib]
        metadata:
          author: kosmos
        ---
        Body.
        """,
            "mem:SKILL.md");
    assertThat(s.name()).isEqualTo("plotting");
    assertThat(s.description()).isEqualTo("Figures that say one thing.\nOne per finding.");
    assertThat(s.body()).isEqualTo("Body.");

    assertThatThrownBy(
            () -> SkillFile.parse("---\nname: x\ndescription: y\nname: z\n---\n", "/s/SKILL.md"))
        .hasMessageContaining("/s/SKILL.md is malformed at line 4")
        .hasMessageContaining("twice");
    assertThatThrownBy(
            () -> SkillFile.parse("---\nname: [a, b]\ndescription: y\n---\n", "/s/SKILL.md"))
        .hasMessageContaining("/s/SKILL.md")
        .hasMessageContaining("'name' must be text");
  }
}
