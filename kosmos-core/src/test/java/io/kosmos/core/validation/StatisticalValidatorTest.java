package io.kosmos.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Statistics;
import io.kosmos.api.ValidationContext;
import io.kosmos.api.ValidationResult;
import io.kosmos.core.fixtures.FakeWorld;
import io.kosmos.core.internal.stats.Effects;
import io.kosmos.core.internal.stats.Ledger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatisticalValidatorTest {

  static final String OBJECTIVE = "What drives disease progression?";

  static Finding finding(
      String id,
      double p,
      double r,
      double lo,
      double hi,
      int n,
      EffectDirection dir,
      String x,
      String y) {
    String task = id.substring(2, id.lastIndexOf('-'));
    return Finding.builder(FindingKind.DATA_ANALYSIS)
        .id(id)
        .taskId(task)
        .claim(x + " is correlated with " + y)
        .statistics(
            new Statistics(
                "Pearson correlation",
                5.0,
                p,
                null,
                r,
                "r",
                lo,
                hi,
                n,
                Map.of("perm_p", p < 0.05 ? 0.001 : 0.5, "assumptions_met", 1.0)))
        .direction(dir)
        .variable(x)
        .variable(y)
        .citation(new Citation.NotebookCell(task, "nb", 3, "0".repeat(64)))
        .build();
  }

  static Ledger.TestEntry test(
      String task, String kind, String x, String y, double p, int finding) {
    return new Ledger.TestEntry(
        task, kind, "d.csv", x, y, "t", p, 0.3, "r", 0.3, "positive", finding, null);
  }

  static FakeWorld world(List<Ledger.TestEntry> tests, List<Ledger.CheckEntry> checks) {
    FakeWorld w = new FakeWorld();
    Map<String, List<Ledger.TestEntry>> byTask = new java.util.LinkedHashMap<>();
    for (Ledger.TestEntry t : tests) {
      byTask.computeIfAbsent(t.task(), k -> new ArrayList<>()).add(t);
    }
    byTask.forEach((task, ts) -> w.notes.putAll(Ledger.notes(task, ts, List.of())));
    Map<String, List<Ledger.CheckEntry>> checksByTask = new java.util.LinkedHashMap<>();
    for (Ledger.CheckEntry c : checks) {
      checksByTask.computeIfAbsent(c.task(), k -> new ArrayList<>()).add(c);
    }
    checksByTask.forEach((task, cs) -> w.notes.putAll(Ledger.notes(task, List.of(), cs)));
    return w;
  }

  static List<Ledger.TestEntry> noise(int count, double p) {
    List<Ledger.TestEntry> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(test("c1-t09", "screen", "n" + i, "m" + i, p, 0));
    }
    return out;
  }

  @Test
  void aStrongFindingPassesWithItsReasons() {
    Finding f =
        finding(
            "F-c1-t02-1",
            1e-20,
            0.45,
            0.37,
            0.52,
            442,
            EffectDirection.POSITIVE,
            "bmi",
            "disease_progression");
    List<Ledger.TestEntry> tests = new ArrayList<>(noise(20, 0.5));
    tests.add(test("c1-t02", "screen", "bmi", "disease_progression", 1e-20, 1));
    ValidationResult v =
        StatisticalValidator.create()
            .validate(f, new ValidationContext(OBJECTIVE, world(tests, List.of())));
    assertThat(v.passed()).isTrue();
    assertThat(v.validator()).isEqualTo("statistical");
    assertThat(v.score()).isGreaterThan(0.75);
    assertThat(v.dimensions())
        .containsKeys(
            "rigor",
            "impact",
            "novelty",
            "reproducibility",
            "clarity",
            "coherence",
            "limitations",
            "ethics");
    assertThat(v.dimensions().get("novelty")).isEqualTo(0.5);
    assertThat(v.reasons()).anyMatch(r -> r.contains("adjusted p") && r.contains("21 tests"));
  }

  @Test
  void theTestsOfTheFindingsOwnTaskComeWithTheContextWhileItCommits() {
    // The engine validates against the world as the cycle started; the task's own ledger notes
    // are not in it yet and come as the context's task notes. Its 30 null tests count in the
    // family exactly as they would from the world.
    Finding f =
        finding(
            "F-c1-t02-1",
            0.004,
            0.14,
            0.05,
            0.23,
            442,
            EffectDirection.POSITIVE,
            "bp",
            "disease_progression");
    List<Ledger.TestEntry> own = new ArrayList<>();
    own.add(test("c1-t02", "screen", "bp", "disease_progression", 0.004, 1));
    for (int i = 0; i < 30; i++) {
      own.add(test("c1-t02", "screen", "n" + i, "m" + i, 0.6, 0));
    }
    FakeWorld before = world(noise(5, 0.5), List.of());
    ValidationResult committing =
        StatisticalValidator.create()
            .validate(
                f,
                new ValidationContext(OBJECTIVE, before, Ledger.notes("c1-t02", own, List.of())));
    List<Ledger.TestEntry> all = new ArrayList<>(noise(5, 0.5));
    all.addAll(own);
    ValidationResult committed =
        StatisticalValidator.create()
            .validate(f, new ValidationContext(OBJECTIVE, world(all, List.of())));
    assertThat(committing).isEqualTo(committed);
    // 36 tests: 0.004 * 36 = 0.144 > 0.05
    assertThat(committing.passed()).isFalse();
    assertThat(committing.reasons().getFirst()).contains("36 tests");
    // Without its task's notes the finding is outside the ledger: it joins the world's 5 tests
    // with its own p (0.004 * 6 = 0.024) and passes.
    ValidationResult outside =
        StatisticalValidator.create().validate(f, new ValidationContext(OBJECTIVE, before));
    assertThat(outside.passed()).isTrue();
    assertThat(outside.reasons()).anyMatch(r -> r.contains("adjusted p = 0.0240"));
  }

  @Test
  void aFindingThatDoesNotSurviveTheFalseDiscoveryRateFailsAndSaysSo() {
    // raw p = 0.01 is below alpha, but among 50 tests with p = 0.5 BH gives min(0.01 * 51, 0.5)
    Finding f =
        finding(
            "F-c1-t02-1",
            0.01,
            0.12,
            0.03,
            0.21,
            442,
            EffectDirection.POSITIVE,
            "bmi",
            "disease_progression");
    List<Ledger.TestEntry> tests = new ArrayList<>(noise(50, 0.5));
    tests.add(test("c1-t02", "screen", "bmi", "disease_progression", 0.01, 1));
    ValidationResult v =
        StatisticalValidator.create()
            .validate(f, new ValidationContext(OBJECTIVE, world(tests, List.of())));
    assertThat(v.passed()).isFalse();
    assertThat(v.reasons().getFirst())
        .contains("does not survive the false discovery rate")
        .contains("adjusted p = 0.500")
        .contains("raw p = 0.0100");
  }

  @Test
  void aFindingExplainedByAConfounderFailsNamingIt() {
    Finding f =
        finding(
            "F-c1-t02-1", 1e-12, 0.24, 0.18, 0.3, 1000, EffectDirection.POSITIVE, "a", "outcome");
    List<Ledger.TestEntry> tests = List.of(test("c1-t02", "screen", "a", "outcome", 1e-12, 1));
    List<Ledger.CheckEntry> checks =
        List.of(
            new Ledger.CheckEntry(
                "c2-t03",
                "confounding",
                "d.csv",
                "a",
                "outcome",
                "explained",
                "z",
                "The association of a with outcome is accounted for by z",
                "F-c2-t03-1"));
    ValidationResult v =
        StatisticalValidator.create()
            .validate(f, new ValidationContext("What drives the outcome?", world(tests, checks)));
    assertThat(v.passed()).isFalse();
    assertThat(v.reasons().getFirst())
        .startsWith("confounded:")
        .contains("z")
        .contains("F-c2-t03-1");
    assertThat(v.dimensions().get("coherence")).isLessThan(0.2);
  }

  @Test
  void whatRemainsAfterAdjustmentMustSurviveTheFalseDiscoveryRateOfTheRun() {
    // The sandbox said "attenuated": the adjusted effect shrank by more than half and kept raw
    // p = 0.02 < alpha. Among 100 tests of the run that p does not survive BH, so nothing
    // significant remains: the association is explained away by z.
    Finding f =
        finding(
            "F-c1-t02-1", 1e-20, 0.3, 0.24, 0.36, 1000, EffectDirection.POSITIVE, "a", "outcome");
    List<Ledger.TestEntry> tests = new ArrayList<>(noise(98, 0.5));
    tests.add(test("c1-t02", "screen", "a", "outcome", 1e-20, 1));
    tests.add(test("c2-t03", "confounding", "a", "outcome", 0.02, 1));
    Ledger.CheckEntry attenuated =
        new Ledger.CheckEntry(
            "c2-t03",
            "confounding",
            "d.csv",
            "a",
            "outcome",
            "attenuated",
            "z",
            "The association of a with outcome weakens but remains after adjusting for z",
            "F-c2-t03-1");
    ValidationContext ctx =
        new ValidationContext("What drives the outcome?", world(tests, List.of(attenuated)));
    ValidationResult v = StatisticalValidator.create().validate(f, ctx);
    assertThat(v.passed()).isFalse();
    assertThat(v.reasons().getFirst())
        .startsWith("confounded: what remains after adjusting for z does not survive the false")
        .contains("adjusted p = 0.500 > q = 0.05")
        .contains("F-c2-t03-1");
    assertThat(Ledger.verdict(attenuated, 1.0, 0.05)).isEqualTo("explained");

    // In a small run the same p survives, and the verdict stands.
    List<Ledger.TestEntry> few =
        List.of(
            test("c1-t02", "screen", "a", "outcome", 1e-20, 1),
            test("c2-t03", "confounding", "a", "outcome", 0.02, 1));
    ValidationResult kept =
        StatisticalValidator.create()
            .validate(
                f,
                new ValidationContext("What drives the outcome?", world(few, List.of(attenuated))));
    assertThat(kept.passed()).isTrue();
    assertThat(kept.reasons()).anyMatch(r -> r.startsWith("attenuated by adjustment"));
    assertThat(Ledger.verdict(attenuated, 0.02, 0.05)).isEqualTo("attenuated");
    assertThat(Ledger.verdict(attenuated, null, 0.05)).isEqualTo("attenuated");
  }

  @Test
  void reversedAndFragileFindingsFail() {
    Finding f =
        finding(
            "F-c1-t02-1", 1e-12, 0.24, 0.18, 0.3, 1000, EffectDirection.POSITIVE, "a", "outcome");
    List<Ledger.TestEntry> tests = List.of(test("c1-t02", "screen", "a", "outcome", 1e-12, 1));
    ValidationResult reversed =
        StatisticalValidator.create()
            .validate(
                f,
                new ValidationContext(
                    OBJECTIVE,
                    world(
                        tests,
                        List.of(
                            new Ledger.CheckEntry(
                                "c2-t01",
                                "confounding",
                                "d.csv",
                                "outcome",
                                "a",
                                "reversed",
                                "z",
                                "it reverses",
                                "F-c2-t01-1")))));
    assertThat(reversed.passed()).isFalse();
    assertThat(reversed.reasons().getFirst()).contains("not coherent after adjustment");
    ValidationResult fragile =
        StatisticalValidator.create()
            .validate(
                f,
                new ValidationContext(
                    OBJECTIVE,
                    world(
                        tests,
                        List.of(
                            new Ledger.CheckEntry(
                                "c2-t02",
                                "robustness",
                                "d.csv",
                                "a",
                                "outcome",
                                "fragile",
                                null,
                                "without 4 influential points p = 0.2",
                                "F-c2-t02-1")))));
    assertThat(fragile.passed()).isFalse();
    assertThat(fragile.reasons().getFirst()).startsWith("fragile:");
  }

  @Test
  void aClaimOfNoEffectPassesOnlyWhenItsIntervalRulesOutANonNegligibleEffect() {
    Finding tight =
        finding(
            "F-c1-t02-1",
            0.6,
            0.01,
            -0.05,
            0.07,
            1000,
            EffectDirection.NONE,
            "n1",
            "disease_progression");
    Finding wide =
        finding(
            "F-c1-t02-2",
            0.4,
            0.04,
            -0.05,
            0.13,
            442,
            EffectDirection.NONE,
            "sex",
            "disease_progression");
    List<Ledger.TestEntry> tests =
        List.of(
            test("c1-t02", "screen", "n1", "disease_progression", 0.6, 1),
            test("c1-t02", "screen", "sex", "disease_progression", 0.4, 2));
    ValidationContext ctx = new ValidationContext(OBJECTIVE, world(tests, List.of()));
    ValidationResult t = StatisticalValidator.create().validate(tight, ctx);
    ValidationResult w = StatisticalValidator.create().validate(wide, ctx);
    assertThat(t.passed()).isTrue();
    assertThat(t.reasons()).anyMatch(r -> r.contains("within the negligible band"));
    assertThat(w.passed()).isFalse();
    assertThat(w.reasons().getFirst()).contains("absence of evidence is not evidence of absence");
  }

  @Test
  void tooFewObservationsFail() {
    Finding f =
        finding(
            "F-c1-t02-1",
            1e-6,
            0.8,
            0.5,
            0.9,
            12,
            EffectDirection.POSITIVE,
            "bmi",
            "disease_progression");
    ValidationResult v =
        StatisticalValidator.create()
            .validate(
                f,
                new ValidationContext(
                    OBJECTIVE,
                    world(
                        List.of(test("c1-t02", "screen", "bmi", "disease_progression", 1e-6, 1)),
                        List.of())));
    assertThat(v.passed()).isFalse();
    assertThat(v.reasons().getFirst()).contains("n = 12 is below the minimum of 20");
  }

  @Test
  void findingsWithoutATestAreNotJudgedStatistically() {
    StatisticalValidator v = StatisticalValidator.create();
    ValidationContext ctx = new ValidationContext(OBJECTIVE, new FakeWorld());
    Finding literature =
        Finding.builder(FindingKind.LITERATURE)
            .claim("BMI predicts progression")
            .citation(Citation.PaperPassage.of("doi:1", "abstract", "BMI predicts progression."))
            .build();
    assertThat(v.validate(literature, ctx).passed()).isTrue();
    Finding profile =
        Finding.builder(FindingKind.DATA_ANALYSIS)
            .claim("d.csv has 442 rows")
            .statistics(
                new Statistics(
                    "data profile", null, null, null, null, null, null, null, 442, Map.of()))
            .citation(new Citation.NotebookCell("c1-t01", "nb", 2, "0".repeat(64)))
            .build();
    assertThat(v.validate(profile, ctx).reasons().getFirst()).startsWith("descriptive");
  }

  @Test
  void aFindingOutsideTheLedgerJoinsTheFamilyWithItsOwnP() {
    Finding f = finding("F-c1-t05-1", 0.01, 0.2, 0.1, 0.3, 200, EffectDirection.POSITIVE, "x", "y");
    FakeWorld w = world(noise(9, 0.5), List.of());
    ValidationResult v =
        StatisticalValidator.create().validate(f, new ValidationContext(OBJECTIVE, w));
    // 10 tests: 0.01 * 10 / 1 = 0.1 > 0.05
    assertThat(v.passed()).isFalse();
    assertThat(v.reasons().getFirst()).contains("adjusted p = 0.100");
  }

  @Test
  void reassessRecomputesAdjustedPOverTheWholeRunAndRevisesWhatChanged() {
    Finding strong =
        finding(
            "F-c1-t02-1",
            1e-10,
            0.5,
            0.4,
            0.6,
            442,
            EffectDirection.POSITIVE,
            "bmi",
            "disease_progression");
    Finding weak =
        finding(
            "F-c1-t02-2",
            0.004,
            0.14,
            0.05,
            0.23,
            442,
            EffectDirection.POSITIVE,
            "bp",
            "disease_progression");
    StatisticalValidator validator = StatisticalValidator.create();
    List<Ledger.TestEntry> early =
        List.of(
            test("c1-t02", "screen", "bmi", "disease_progression", 1e-10, 1),
            test("c1-t02", "screen", "bp", "disease_progression", 0.004, 2));
    ValidationContext first = new ValidationContext(OBJECTIVE, world(early, List.of()));
    Finding s1 = strong.withValidation(validator.validate(strong, first));
    Finding w1 = weak.withValidation(validator.validate(weak, first));
    assertThat(w1.isValidated()).isTrue();
    // Later cycles add 40 null tests: the weak finding's adjusted p rises above q.
    List<Ledger.TestEntry> later = new ArrayList<>(early);
    later.addAll(noise(40, 0.7));
    List<Finding> revised =
        validator.reassess(
            List.of(s1, w1), new ValidationContext(OBJECTIVE, world(later, List.of())));
    Finding w2 = revised.stream().filter(f -> f.id().equals(weak.id())).findFirst().orElseThrow();
    assertThat(w2.statistics().adjustedP()).isCloseTo(0.004 * 42 / 2, within(1e-12));
    assertThat(w2.isValidated()).isFalse();
    assertThat(w2.statistics().pValue()).isEqualTo(0.004);
    // Reassessing again with nothing new changes nothing.
    List<Finding> now =
        List.of(
            revised.stream().filter(f -> f.id().equals(strong.id())).findFirst().orElse(s1), w2);
    assertThat(validator.reassess(now, new ValidationContext(OBJECTIVE, world(later, List.of()))))
        .isEmpty();
  }

  @Test
  void theBuilderRefusesBadValuesAndSecondSettings() {
    assertThatThrownBy(() -> StatisticalValidator.builder().fdr(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatisticalValidator.builder().minN(2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatisticalValidator.builder().fdr(0.1).fdr(0.2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fdr was already set");
    StatisticalValidator lenient = StatisticalValidator.builder().fdr(0.2).build();
    Finding f =
        finding(
            "F-c1-t02-1",
            0.01,
            0.12,
            0.03,
            0.21,
            442,
            EffectDirection.POSITIVE,
            "bmi",
            "disease_progression");
    List<Ledger.TestEntry> tests = new ArrayList<>(noise(5, 0.5));
    tests.add(test("c1-t02", "screen", "bmi", "disease_progression", 0.01, 1));
    assertThat(
            lenient.validate(f, new ValidationContext(OBJECTIVE, world(tests, List.of()))).passed())
        .isTrue();
  }

  @Test
  void theBuilderNamesTheOptionAndTheValue() {
    StatisticalValidator.Builder b = StatisticalValidator.builder();
    assertThatThrownBy(() -> b.negligible(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("negligible must be above 0 and below 1, was 1.0");
    assertThatThrownBy(() -> b.passAt(0.8, 1.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("passAt rigor must be above 0 and at most 1, was 1.2");
    assertThatThrownBy(() -> b.minN(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minN must be 3 or more, was 1");
    // A refused value does not count as set; a second setting does.
    b.negligible(0.2).passAt(0.8, 0.7).minN(30);
    assertThatThrownBy(() -> b.passAt(0.7, 0.6))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("passAt was already set; set each option once");
    assertThatThrownBy(() -> b.alpha(0.01).alpha(0.02))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("alpha was already set; set each option once");
  }

  @Test
  void effectsCompareAsCorrelations() {
    assertThat(Effects.rEquivalent(0.5, "r")).isEqualTo(0.5);
    assertThat(Effects.rEquivalent(-0.5, "Hedges' g"))
        .isCloseTo(0.5 / Math.sqrt(4.25), within(1e-12));
    assertThat(Effects.rEquivalent(0.09, "eta squared")).isCloseTo(0.3, within(1e-12));
    assertThat(Effects.rEquivalent(1.0, "odds ratio")).isEqualTo(0.0);
    assertThat(Effects.rEquivalentSigned(0.5, "odds ratio (per SD)")).isNegative();
    assertThat(Effects.signed("Cramér's V")).isFalse();
    assertThat(Effects.nullValue("odds ratio")).isEqualTo(1.0);
    assertThat(Effects.rEquivalent(1.0, "unknown")).isNull();
  }
}
