package io.kosmos.core.skills;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Skill;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The loader and the selection on a corpus of 53 skills written in the Agent Skills format (nested
 * {@code metadata}, {@code allowed-tools} lists, unknown keys, {@code references/} and {@code
 * scripts/} files) plus one malformed file.
 */
class SkillCorpusTest {

  private static Path corpus() throws URISyntaxException {
    return Path.of(SkillCorpusTest.class.getResource("/skills-corpus").toURI());
  }

  private static FileSkillLoader load() throws URISyntaxException {
    return FileSkillLoader.directoriesOnly(List.of(corpus()));
  }

  @Test
  void readsEveryWellFormedFileAndSkipsTheMalformedOneWithAWarningNamingIt() throws Exception {
    long files;
    try (Stream<Path> walk = Files.walk(corpus())) {
      files = walk.filter(p -> p.getFileName().toString().equals("SKILL.md")).count();
    }
    FileSkillLoader loader = load();
    assertThat(files).isEqualTo(54);
    assertThat(loader.skills()).hasSize(53);
    assertThat(loader.problems())
        .singleElement()
        .asString()
        .contains("broken")
        .contains("unclosed-front-matter")
        .contains("SKILL.md");
  }

  @Test
  void keepsNestedMetadataListsAndUnknownKeys() throws Exception {
    Skill skill = byName(load(), "spearman-correlation");
    assertThat(skill.frontMatter()).containsEntry("license", "Apache-2.0");
    assertThat(skill.frontMatter().get("allowed-tools")).isEqualTo(List.of("python", "read_skill"));
    Map<?, ?> metadata = (Map<?, ?>) skill.frontMatter().get("metadata");
    assertThat(metadata.get("domain")).isEqualTo("association");
    Map<?, ?> requires = (Map<?, ?>) metadata.get("requires");
    assertThat(requires.get("packages")).isEqualTo(List.of("scipy", "numpy"));
    assertThat(requires.get("python")).isEqualTo(">=3.10");
    assertThat(((Map<?, ?>) skill.frontMatter().get("x-review")).get("reviewed")).isEqualTo(true);
    assertThat(skill.files()).containsExactly("references/REPORTING.md", "scripts/template.py");
  }

  @Test
  void opensAFileOnlyWhenAskedAndOnlyItsOwn() throws Exception {
    FileSkillLoader loader = load();
    Skill skill = byName(loader, "spearman-correlation");
    assertThat(skill.body()).doesNotContain("Template for");
    assertThat(loader.readFile(skill, "scripts/template.py")).contains("Template for spearman");
    assertThat(loader.readFile(skill, "references/REPORTING.md")).contains("p < 1e-16");
  }

  @Test
  void selectsTheSkillATaskDescriptionCallsFor() throws Exception {
    FileSkillLoader loader = load();
    assertThat(first(loader, "Kaplan-Meier survival curves by treatment with a log-rank test"))
        .isEqualTo("survival-kaplan-meier");
    assertThat(first(loader, "hazard ratio for death from a Cox model adjusted for age"))
        .isEqualTo("cox-proportional-hazards");
    assertThat(
            first(loader, "association between smoking and sex in a contingency table, Cramér's V"))
        .isEqualTo("chi-square-independence");
    assertThat(
            first(loader, "does the effect of BMI differ between men and women: interaction term"))
        .isIn("interaction-test", "effect-modification");
    assertThat(first(loader, "discrimination of diabetes by glucose: ROC AUC with bootstrap CI"))
        .isEqualTo("roc-auc");
    assertThat(first(loader, "correct the p-values of many tests with Holm or Benjamini-Hochberg"))
        .isEqualTo("multiple-testing");
    assertThat(first(loader, "Spearman rank correlation of two skewed variables"))
        .isEqualTo("spearman-correlation");
    assertThat(loader.select("quantum chromodynamics lattice", 3)).isEmpty();
  }

  private static String first(FileSkillLoader loader, String task) {
    List<Skill> chosen = loader.select(task, 3);
    assertThat(chosen).as(task).isNotEmpty();
    return chosen.getFirst().name();
  }

  private static Skill byName(FileSkillLoader loader, String name) {
    return loader.skills().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
