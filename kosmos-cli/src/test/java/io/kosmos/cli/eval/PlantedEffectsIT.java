package io.kosmos.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.sandbox.DockerSandboxExecutor;
import io.kosmos.sandbox.Sandbox;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline scientist end to end in the real sandbox on data generated here with effects of known
 * size (r = 0.2 to 0.6 at n = 1,000), a planted confounder and noise columns.
 *
 * <p>Tolerance: the false discovery rate is controlled at q = 0.05 in expectation, not in every
 * run; with about 25 discoveries per run, a proportion above 0.2 (five false discoveries) would be
 * far outside what Benjamini–Hochberg allows, so that is the bound for one seed. {@code kosmos eval
 * planted} measures the proportion over many seeds against 0.1.
 */
class PlantedEffectsIT {

  @TempDir Path tmp;

  @Test
  void recoversThePlantedEffectsFlagsTheConfounderAndKeepsFalseDiscoveriesRare() {
    PlantedEvaluation.SeedResult r;
    try (DockerSandboxExecutor executor = Sandbox.open()) {
      r = PlantedEvaluation.run(tmp, 11, 1000, 3, 10, executor, null);
    }
    System.out.println(PlantedEvaluation.line(r));
    r.missed().forEach(m -> System.out.println("  missed: " + m));
    r.falseClaims().forEach(m -> System.out.println("  false: " + m));
    assertThat(r.missed()).as("planted effects not recovered").isEmpty();
    assertThat(r.recall()).isEqualTo(1.0);
    assertThat(r.confoundedFlagged())
        .as("the confounded pair a ~ outcome is not validated and the reason names z")
        .isTrue();
    assertThat(r.discoveries()).isGreaterThanOrEqualTo(r.recovered());
    assertThat(r.fdp()).as("false discovery proportion").isLessThanOrEqualTo(0.2);
  }

  /**
   * A smoke of the question datasets: the wide panel (a preamble, years as columns, an identifier
   * code column) is read, reshaped, the asked relation answered from a fixed-effects model, and no
   * identifier is tested. {@code kosmos eval planted} runs every scenario over many seeds.
   */
  @Test
  void answersTheQuestionAskedOfAWidePanel() {
    PlantedQuestions.Scenario panel =
        PlantedQuestions.SCENARIOS.stream()
            .filter(s -> s.name().equals("panel"))
            .findFirst()
            .orElseThrow();
    QuestionEvaluation.Result r;
    try (DockerSandboxExecutor executor = Sandbox.open()) {
      r = QuestionEvaluation.run(panel, tmp, 3, 600, 1, 6, executor);
    }
    System.out.println(QuestionEvaluation.line(r));
    System.out.println("  answer: " + r.answer());
    assertThat(r.answered()).as(r.why()).isTrue();
    assertThat(r.answer()).contains("fixed effects");
    assertThat(r.identifiersTested()).isEmpty();
    assertThat(r.falseClaims()).isEmpty();
  }
}
