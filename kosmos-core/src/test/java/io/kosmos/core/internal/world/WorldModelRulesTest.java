package io.kosmos.core.internal.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingClass;
import io.kosmos.api.FindingKind;
import io.kosmos.api.FindingScope;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.HypothesisStatus;
import io.kosmos.api.Relation;
import io.kosmos.api.Statistics;
import io.kosmos.api.ValidationResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The world model's rules for findings of the model team (issue 17): findings about different
 * scopes are not compared, and evidence counts for a hypothesis as its predicted direction says.
 */
class WorldModelRulesTest {

  private final WorldState world = new WorldState(List.of());

  private static Finding finding(
      String id, String hypothesis, double p, EffectDirection dir, FindingScope scope) {
    return Finding.builder(FindingKind.DATA_ANALYSIS)
        .id(id)
        .claim("claim " + id)
        .statistics(new Statistics("t", 1.0, p, null, 0.3, "r", 0.1, 0.5, 100, Map.of()))
        .direction(dir)
        .hypothesisId(hypothesis)
        .variable("bmi")
        .variable("target")
        .scope(scope)
        .citation(new Citation.NotebookCell("t", "nb.ipynb", 1, "abc"))
        .validation(new ValidationResult("v", true, 0.9, Map.of(), List.of()))
        .build();
  }

  @Test
  void aNullEffectInOneSubgroupNextToAStrongOneInAnotherIsEffectModificationNotAConflict() {
    FindingScope women = FindingScope.subgroup("sex=2");
    FindingScope men = FindingScope.subgroup("sex=1");
    world.addFinding(finding("F1", null, 1e-6, EffectDirection.POSITIVE, women));

    Finding inMen = world.addFinding(finding("F2", null, 0.7, EffectDirection.NONE, men));

    assertThat(inMen.classification()).isEqualTo(FindingClass.NOVEL);
    assertThat(world.conflicts()).isEmpty();
    // The same null in the same subgroup does conflict: the scopes, not the outcomes, kept them
    // apart.
    Finding again = world.addFinding(finding("F3", null, 0.6, EffectDirection.NONE, women));
    assertThat(again.classification()).isEqualTo(FindingClass.CONFLICT);
    assertThat(world.conflicts())
        .containsExactly(new Relation("F3", Relation.Type.CONFLICTS_WITH, "F1"));
  }

  @Test
  void aNullInteractionNextToAMainEffectIsNotAConflict() {
    world.addHypothesis(Hypothesis.open("H1", "bmi raises progression", 1, List.of("bmi")));
    world.addFinding(
        finding("F1", "H1", 1e-9, EffectDirection.POSITIVE, FindingScope.WHOLE_SAMPLE));

    Finding interaction =
        world.addFinding(
            finding("F2", "H1", 0.5, EffectDirection.NONE, FindingScope.interaction("bmi:sex")));

    assertThat(interaction.classification()).isNotEqualTo(FindingClass.CONFLICT);
    assertThat(interaction.classification()).isNotEqualTo(FindingClass.PRUNING);
    assertThat(world.conflicts()).isEmpty();
    assertThat(world.hypothesis("H1").orElseThrow().status()).isEqualTo(HypothesisStatus.SUPPORTED);
  }

  @Test
  void anInteractionReassessedAsNullStopsBeingEvidence() {
    world.addHypothesis(Hypothesis.open("H1", "bmi raises progression", 1, List.of("bmi")));
    Finding f =
        world.addFinding(
            finding(
                "F1", "H1", 1e-4, EffectDirection.POSITIVE, FindingScope.interaction("bmi:sex")));
    assertThat(world.hypothesis("H1").orElseThrow().supportingFindings()).containsExactly("F1");

    world.revise(
        f.withStatistics(f.statistics().withAdjustedP(0.4))
            .withValidation(new ValidationResult("v", true, 0.9, Map.of(), List.of())));

    Hypothesis h = world.hypothesis("H1").orElseThrow();
    assertThat(h.supportingFindings()).isEmpty();
    assertThat(h.refutingFindings()).isEmpty();
    assertThat(h.status()).isEqualTo(HypothesisStatus.OPEN);
    assertThat(world.relations())
        .doesNotContain(
            new Relation("F1", Relation.Type.SUPPORTS, "H1"),
            new Relation("F1", Relation.Type.REFUTES, "H1"));
  }

  @Test
  void supportCountsFollowTheDirectionTheHypothesisPredicts() {
    world.addHypothesis(
        Hypothesis.open(
            "Hneg", "bmi lowers progression", 1, List.of("bmi"), EffectDirection.NEGATIVE));
    world.addFinding(
        finding("F1", "Hneg", 1e-6, EffectDirection.POSITIVE, FindingScope.WHOLE_SAMPLE));
    Hypothesis afterPositive = world.hypothesis("Hneg").orElseThrow();
    assertThat(afterPositive.supportingFindings()).isEmpty();
    assertThat(afterPositive.refutingFindings()).containsExactly("F1");
    assertThat(afterPositive.status()).isEqualTo(HypothesisStatus.REFUTED);
    assertThat(world.relations()).contains(new Relation("F1", Relation.Type.REFUTES, "Hneg"));

    world.addHypothesis(
        Hypothesis.open("Hnone", "sex does not matter", 1, List.of("sex"), EffectDirection.NONE));
    world.addFinding(finding("F2", "Hnone", 0.8, EffectDirection.NONE, FindingScope.WHOLE_SAMPLE));
    Hypothesis ofNoEffect = world.hypothesis("Hnone").orElseThrow();
    assertThat(ofNoEffect.supportingFindings()).containsExactly("F2");
    assertThat(ofNoEffect.status()).isEqualTo(HypothesisStatus.SUPPORTED);

    world.addHypothesis(
        Hypothesis.open(
            "Hpos", "bp raises progression", 1, List.of("bp"), EffectDirection.POSITIVE));
    world.addFinding(
        finding("F3", "Hpos", 1e-4, EffectDirection.NEGATIVE, FindingScope.WHOLE_SAMPLE));
    world.addFinding(
        finding("F4", "Hpos", 1e-5, EffectDirection.POSITIVE, FindingScope.WHOLE_SAMPLE));
    world.addFinding(
        finding("F5", "Hpos", 1e-3, EffectDirection.POSITIVE, FindingScope.WHOLE_SAMPLE));
    Hypothesis positive = world.hypothesis("Hpos").orElseThrow();
    assertThat(positive.supportingFindings()).containsExactly("F4", "F5");
    assertThat(positive.refutingFindings()).containsExactly("F3");
    assertThat(positive.confidence()).isEqualTo(0.6);
  }
}
