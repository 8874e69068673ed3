package io.kosmos.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Statistics;
import io.kosmos.api.ValidationContext;
import io.kosmos.api.ValidationResult;
import io.kosmos.api.Validator;
import io.kosmos.core.fixtures.ScriptedModel;
import io.kosmos.core.fixtures.TestWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

  static final ValidationContext CTX =
      new ValidationContext("What drives progression?", new TestWorld());

  static String scores(double rigor, double others) {
    StringBuilder sb = new StringBuilder("{");
    for (String d : ScholarEvalValidator.DIMENSIONS) {
      double s = d.equals("rigor") ? rigor : others;
      sb.append(
          String.format(
              Locale.ROOT, "\"%s\": {\"score\": %s, \"reason\": \"%s reason\"},", d, s, d));
    }
    return sb.substring(0, sb.length() - 1) + "}";
  }

  static Finding finding(Statistics stats) {
    return Finding.builder(FindingKind.DATA_ANALYSIS)
        .id("F-c1-t01-1")
        .claim("bmi correlates with target (rho=0.56)")
        .summary("Spearman over 442 patients")
        .statistics(stats)
        .direction(EffectDirection.POSITIVE)
        .variable("bmi")
        .citation(
            new Citation.NotebookCell("c1-t01", "cycles/1/tasks/c1-t01/notebook.ipynb", 3, "h"))
        .taskId("c1-t01")
        .cycle(1)
        .build();
  }

  static final Statistics STATS =
      new Statistics(
          "Spearman correlation", 0.56, 0.001, null, 0.56, "rho", 0.49, 0.62, 442, Map.of());

  @Test
  void theDefaultWeightsAndThresholds() {
    assertThat(ScholarEvalValidator.DEFAULT_WEIGHTS)
        .containsExactly(
            Map.entry("rigor", 0.35),
            Map.entry("impact", 0.08),
            Map.entry("novelty", 0.05),
            Map.entry("reproducibility", 0.15),
            Map.entry("clarity", 0.10),
            Map.entry("coherence", 0.15),
            Map.entry("limitations", 0.10),
            Map.entry("ethics", 0.02));
    assertThat(ScholarEvalValidator.DEFAULT_WEIGHTS.values().stream().mapToDouble(d -> d).sum())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    ScholarEvalValidator v = ScholarEvalValidator.builder(new ScriptedModel()).build();
    assertThat(v.minOverall()).isEqualTo(0.75);
    assertThat(v.minRigor()).isEqualTo(0.70);
  }

  @Test
  void overallIsTheWeightedMeanAndPassingNeedsBothThresholds() {
    ScriptedModel model =
        new ScriptedModel()
            .answer(
                "scholar_eval_scores",
                scores(0.9, 0.8),
                scores(0.65, 0.9),
                scores(0.9, 0.65),
                scores(1.7, -3));
    ScholarEvalValidator v = ScholarEvalValidator.builder(model).build();

    ValidationResult pass = v.validate(finding(STATS), CTX);
    assertThat(pass.validator()).isEqualTo("scholar-eval");
    assertThat(pass.passed()).isTrue();
    assertThat(pass.score())
        .isCloseTo(0.35 * 0.9 + 0.65 * 0.8, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(pass.dimensions()).hasSize(8).containsEntry("rigor", 0.9);
    assertThat(pass.reasons()).anyMatch(r -> r.startsWith("rigor 0.90: rigor reason"));

    ValidationResult lowRigor = v.validate(finding(STATS), CTX);
    assertThat(lowRigor.score()).isGreaterThan(0.75);
    assertThat(lowRigor.passed()).isFalse();
    assertThat(lowRigor.reasons().getFirst())
        .isEqualTo("rigor 0.65 is below the 0.70 needed to pass");

    ValidationResult lowOverall = v.validate(finding(STATS), CTX);
    assertThat(lowOverall.score())
        .isCloseTo(0.35 * 0.9 + 0.65 * 0.65, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(lowOverall.passed()).isFalse();
    assertThat(lowOverall.reasons().getFirst())
        .startsWith("overall score 0.74 is below")
        .isNotNull();

    ValidationResult clamped = v.validate(finding(STATS), CTX);
    assertThat(clamped.dimensions()).containsEntry("rigor", 1.0).containsEntry("ethics", 0.0);

    String prompt = ScriptedModel.text(model.requests.getFirst());
    assertThat(prompt)
        .contains("Claim: bmi correlates with target (rho=0.56)")
        .contains("Statistics: test: Spearman correlation")
        .contains("p=0.001")
        .contains("notebook cell c1-t01#3")
        .contains("What drives progression?")
        .contains("rigor:");
    assertThat(model.requests.getFirst().purpose()).isEqualTo("validation");
  }

  @Test
  void onlyTheJudgeReadsTheCycleFindings() {
    Validator statistical = StatisticalValidator.create();
    Validator judge = ScholarEvalValidator.builder(new ScriptedModel()).build();
    assertThat(statistical.readsCycleFindings()).isFalse();
    assertThat(judge.readsCycleFindings()).isTrue();
    assertThat(CombinedValidator.of(statistical, judge).readsCycleFindings()).isTrue();
    assertThat(CombinedValidator.of(statistical, statistical).readsCycleFindings()).isFalse();
  }

  @Test
  void weightsAndThresholdsAreConfigurable() {
    ScriptedModel model = new ScriptedModel().answer("scholar_eval_scores", scores(0.5, 0.6));
    ScholarEvalValidator v =
        ScholarEvalValidator.builder(model)
            .weight("rigor", 0)
            .weight("impact", 1)
            .thresholds(0.5, 0.4)
            .build();
    ValidationResult r = v.validate(finding(STATS), CTX);
    // weights (0, 1, .15, .15, .1, .1, .03, .02) over 1.55, all 0.6 except rigor
    assertThat(r.score()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.passed()).isTrue();

    var b = ScholarEvalValidator.builder(model);
    assertThatThrownBy(() -> b.weight("style", 1))
        .hasMessageContaining("unknown ScholarEval dimension 'style'");
    b.weight("rigor", 0.5);
    assertThatThrownBy(() -> b.weight("rigor", 0.5)).hasMessageContaining("already set");
    assertThatThrownBy(() -> b.weight("ethics", -1)).hasMessageContaining("0 or more");
    assertThatThrownBy(() -> b.thresholds(1.2, 0.5)).hasMessageContaining("between 0 and 1");
    var zero = ScholarEvalValidator.builder(model);
    for (String d : ScholarEvalValidator.DIMENSIONS) {
      zero.weight(d, 0);
    }
    assertThatThrownBy(zero::build).hasMessageContaining("at least one");
  }

  /** A statistical validator for tests: passes at p below 0.05, reassesses with Bonferroni. */
  static class PValueValidator implements Validator {
    @Override
    public ValidationResult validate(Finding f, ValidationContext context) {
      double p = f.statistics().significanceP();
      boolean ok = p < 0.05;
      return new ValidationResult(
          "statistical",
          ok,
          ok ? 0.9 : 0.2,
          Map.of("p", p),
          List.of(ok ? "p below 0.05" : "p " + p + " not below 0.05"));
    }

    @Override
    public List<Finding> reassess(List<Finding> findings, ValidationContext context) {
      List<Finding> out = new ArrayList<>();
      for (Finding f : findings) {
        if (f.statistics() == null) {
          continue;
        }
        assertThat(f.validation().validator()).isEqualTo("statistical");
        Finding adjusted =
            f.withStatistics(
                f.statistics()
                    .withAdjustedP(Math.min(1, f.statistics().pValue() * findings.size() * 20)));
        out.add(adjusted.withValidation(validate(adjusted, context)));
      }
      return out;
    }
  }

  @Test
  void aScoreJustBelowItsMarkNeverReadsAsTheMarkItself() {
    assertThat(FindingJudge.below(0.748, 0.75)).isEqualTo("0.748");
    assertThat(FindingJudge.below(0.7499, 0.75)).isEqualTo("0.7499");
    assertThat(FindingJudge.below(0.70, 0.75)).isEqualTo("0.70");
  }

  @Test
  void combinedPassesOnlyWhenBothPassAndKeepsBothJudgements() {
    ScriptedModel model =
        new ScriptedModel()
            .answer("scholar_eval_scores", scores(0.9, 0.9), scores(0.5, 0.9), scores(0.9, 0.9));
    CombinedValidator combined =
        CombinedValidator.of(new PValueValidator(), ScholarEvalValidator.builder(model).build());

    ValidationResult both = combined.validate(finding(STATS), CTX);
    assertThat(both.validator()).isEqualTo("statistical+scholar-eval");
    assertThat(both.passed()).isTrue();
    assertThat(both.score()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(both.dimensions())
        .containsEntry("statistical.p", 0.001)
        .containsEntry("scholar-eval.rigor", 0.9)
        .containsEntry("statistical.passed", 1.0)
        .containsEntry("scholar-eval.passed", 1.0);
    assertThat(both.reasons())
        .contains("[statistical] p below 0.05")
        .anyMatch(r -> r.startsWith("[scholar-eval] rigor 0.90"));

    ValidationResult judgeFails = combined.validate(finding(STATS), CTX);
    assertThat(judgeFails.passed()).isFalse();
    assertThat(judgeFails.score()).isLessThan(0.9);
    assertThat(judgeFails.reasons())
        .contains("[scholar-eval] rigor 0.50 is below the 0.70 needed to pass");

    ValidationResult statsFail =
        combined.validate(
            finding(new Statistics("t", 1.0, 0.2, null, null, null, null, null, 40, Map.of())),
            CTX);
    assertThat(statsFail.passed()).isFalse();
    assertThat(statsFail.score()).isEqualTo(0.2);
    assertThat(statsFail.reasons()).contains("[statistical] p 0.2 not below 0.05");

    // round trip of each component
    ValidationResult s = CombinedValidator.component(both, true);
    ValidationResult j = CombinedValidator.component(both, false);
    assertThat(s.validator()).isEqualTo("statistical");
    assertThat(s.dimensions()).containsExactly(Map.entry("p", 0.001));
    assertThat(s.reasons()).containsExactly("p below 0.05");
    assertThat(j.validator()).isEqualTo("scholar-eval");
    assertThat(j.dimensions()).hasSize(8);
    assertThat(j.passed()).isTrue();
    assertThat(CombinedValidator.combine(s, j)).isEqualTo(both);
  }

  @Test
  void aFindingWithoutStatisticsIsJudgedByTheJudgeAlone() {
    ScriptedModel model = new ScriptedModel().answer("scholar_eval_scores", scores(0.9, 0.9));
    CombinedValidator combined =
        CombinedValidator.of(new PValueValidator(), ScholarEvalValidator.builder(model).build());
    Finding literature =
        Finding.builder(FindingKind.LITERATURE)
            .id("F-c1-t02-1")
            .claim("Papers say BMI matters")
            .citation(Citation.PaperPassage.of("doi:1", "abstract", "BMI matters a lot"))
            .taskId("c1-t02")
            .build();
    ValidationResult r = combined.validate(literature, CTX);
    assertThat(r.validator()).isEqualTo("scholar-eval");
    assertThat(CombinedValidator.component(r, true)).isNull();
    assertThat(CombinedValidator.component(r, false)).isSameAs(r);
  }

  @Test
  void reassessIsTheStatisticalValidatorsAndKeepsTheJudgesJudgement() {
    ScriptedModel model =
        new ScriptedModel().answer("scholar_eval_scores", scores(0.9, 0.9), scores(0.9, 0.9));
    CombinedValidator combined =
        CombinedValidator.of(new PValueValidator(), ScholarEvalValidator.builder(model).build());
    Finding a = finding(STATS);
    a = a.withValidation(combined.validate(a, CTX));
    Finding b =
        finding(new Statistics("t", 2.0, 0.0001, null, 0.3, "d", 0.1, 0.5, 300, Map.of()))
            .withId("F-c1-t03-1");
    b = b.withValidation(combined.validate(b, CTX));
    assertThat(a.isValidated()).isTrue();
    assertThat(b.isValidated()).isTrue();

    List<Finding> revised = combined.reassess(List.of(a, b), CTX);

    assertThat(model.requests).hasSize(2); // the judge is not asked again
    assertThat(revised).hasSize(2);
    Finding ra = revised.getFirst();
    assertThat(ra.statistics().adjustedP()).isEqualTo(0.04);
    assertThat(ra.validation().validator()).isEqualTo("statistical+scholar-eval");
    assertThat(ra.validation().passed()).isTrue();
    assertThat(ra.validation().dimensions())
        .containsEntry("statistical.p", 0.04)
        .containsEntry("scholar-eval.rigor", 0.9);
    Finding rb = revised.get(1);
    assertThat(rb.validation().passed()).isTrue();

    // a stricter reassessment fails a: the combined judgement fails, the judge's reasons stay
    Finding stricter = ra.withStatistics(ra.statistics().withAdjustedP(0.5));
    Validator failing =
        new PValueValidator() {
          @Override
          public List<Finding> reassess(List<Finding> findings, ValidationContext context) {
            return List.of(stricter.withValidation(validate(stricter, context)));
          }
        };
    List<Finding> again =
        CombinedValidator.of(failing, ScholarEvalValidator.builder(model).build())
            .reassess(List.of(ra, rb), CTX);
    assertThat(again).hasSize(1);
    assertThat(again.getFirst().validation().passed()).isFalse();
    assertThat(again.getFirst().validation().reasons())
        .contains("[statistical] p 0.5 not below 0.05")
        .anyMatch(r -> r.startsWith("[scholar-eval] overall score"));
  }
}
