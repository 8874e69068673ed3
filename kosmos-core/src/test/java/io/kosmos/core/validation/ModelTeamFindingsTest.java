package io.kosmos.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Statistics;
import io.kosmos.api.ValidationContext;
import io.kosmos.api.ValidationResult;
import io.kosmos.core.fixtures.FakeWorld;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The statistical validator on findings of the language model team (not in its test ledger), with
 * the estimates of the recorded election run: each reason must be true of the statistics.
 */
class ModelTeamFindingsTest {

  private static ValidationResult judge(
      String test,
      Double p,
      Double effect,
      String measure,
      Double lo,
      Double hi,
      EffectDirection dir) {
    Finding f =
        Finding.builder(FindingKind.DATA_ANALYSIS)
            .id("F-c1-t02-1")
            .taskId("c1-t02")
            .claim("income and vote")
            .statistics(new Statistics(test, 1.8, p, null, effect, measure, lo, hi, 944, Map.of()))
            .direction(dir)
            .variable("income")
            .variable("vote")
            .citation(new Citation.NotebookCell("c1-t02", "nb", 1, "0".repeat(64)))
            .build();
    return StatisticalValidator.create()
        .validate(f, new ValidationContext("What predicts the vote?", new FakeWorld()));
  }

  @Test
  void aNullClaimWithAnOddsRatioCiInsideTheBandPassesAndOneReachingBeyondItFailsSayingSo() {
    ValidationResult inside =
        judge("logistic regression", 0.493, 1.09, "odds ratio", 0.849, 1.41, EffectDirection.NONE);
    assertThat(inside.passed()).as(inside.reasons().toString()).isTrue();

    ValidationResult beyond =
        judge("logistic regression", 0.074, 1.27, "odds ratio", 0.977, 1.64, EffectDirection.NONE);
    assertThat(beyond.passed()).isFalse();
    assertThat(beyond.reasons())
        .anyMatch(r -> r.contains("CI 0.977 to 1.64") && r.contains("does not rule out"))
        .noneMatch(r -> r.contains("has none"));
  }

  @Test
  void aTestWithoutAnEffectSizeIsJudgedOnWhatItHas() {
    ValidationResult lr =
        judge(
            "likelihood-ratio test of the interaction",
            0.0041,
            null,
            "none",
            null,
            null,
            EffectDirection.UNSPECIFIED);
    assertThat(lr.passed()).as(lr.reasons().toString()).isTrue();
  }

  @Test
  void aSpellingWithoutTheAccentIsStillJudgedAsCramersV() {
    ValidationResult plain =
        judge("chi-square", 1e-6, 0.3, "Cramer's V", 0.2, 0.4, EffectDirection.POSITIVE);
    ValidationResult accented =
        judge("chi-square", 1e-6, 0.3, "Cramér's V", 0.2, 0.4, EffectDirection.POSITIVE);
    assertThat(plain.dimensions()).isEqualTo(accented.dimensions());
    assertThat(plain.passed()).isTrue();
  }
}
