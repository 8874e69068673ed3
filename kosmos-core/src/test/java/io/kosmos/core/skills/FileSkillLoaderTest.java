package io.kosmos.core.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Skill;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSkillLoaderTest {

  @TempDir Path tmp;

  @Test
  void loadsTheShippedSkillsFromTheClassPath() {
    FileSkillLoader loader = FileSkillLoader.classpath();
    assertThat(loader.skills()).extracting(Skill::name).contains("tabular-statistics", "plotting");
    Skill stats =
        loader.skills().stream()
            .filter(s -> s.name().equals("tabular-statistics"))
            .findFirst()
            .orElseThrow();
    assertThat(stats.body()).contains("scipy");
    assertThat(stats.source()).contains("skills/tabular-statistics/SKILL.md");
  }

  @Test
  void selectsByRelevance() {
    FileSkillLoader loader = FileSkillLoader.classpath();
    assertThat(
            loader.select(
                "Spearman correlation between BMI and progression with a confidence interval", 1))
        .extracting(Skill::name)
        .containsExactly("tabular-statistics");
    assertThat(loader.select("make a scatter plot figure of the distribution", 1))
        .extracting(Skill::name)
        .containsExactly("plotting");
    assertThat(loader.select("zzz qqq", 3)).isEmpty();
    assertThat(loader.select("plot", 0)).isEmpty();
  }

  @Test
  void fileSystemSkillsComeFirstAndOverrideTheClassPath() throws Exception {
    write(tmp.resolve("a/plotting/SKILL.md"), "plotting", "My own plotting rules with plotnine.");
    write(tmp.resolve("a/survival/SKILL.md"), "survival", "Kaplan-Meier survival curves.");
    FileSkillLoader loader = FileSkillLoader.of(List.of(tmp.resolve("a")));
    assertThat(loader.skills())
        .extracting(Skill::name)
        .containsExactly("plotting", "survival", "tabular-statistics");
    assertThat(loader.skills().getFirst().description()).contains("plotnine");
    assertThat(loader.select("survival curves", 2))
        .extracting(Skill::name)
        .first()
        .isEqualTo("survival");
    assertThat(FileSkillLoader.directoriesOnly(List.of(tmp.resolve("a"))).skills()).hasSize(2);
  }

  @Test
  void aMalformedSkillFileIsSkippedWithAProblemThatNamesItAndTheOthersLoad() throws Exception {
    Path bad = tmp.resolve("b/broken/SKILL.md");
    Files.createDirectories(bad.getParent());
    Files.writeString(bad, "---\nname broken\n---\n");
    Path good = tmp.resolve("b/good/SKILL.md");
    Files.createDirectories(good.getParent());
    Files.writeString(good, "---\nname: good\ndescription: Works.\n---\nBody.\n");
    FileSkillLoader loader = FileSkillLoader.directoriesOnly(List.of(tmp.resolve("b")));
    assertThat(loader.skills()).extracting(Skill::name).containsExactly("good");
    assertThat(loader.problems())
        .singleElement()
        .asString()
        .contains(bad.toAbsolutePath().toString())
        .contains("line 2");
  }

  @Test
  void aMissingDirectoryIsReported() {
    assertThatThrownBy(() -> FileSkillLoader.of(List.of(tmp.resolve("nope"))).skills())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does not exist");
  }

  private static void write(Path file, String name, String description) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "---\nname: " + name + "\ndescription: " + description + "\n---\nBody of " + name + ".\n");
  }
}
