package io.kosmos.core.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectiveMatcherTest {

  private static final List<ObjectiveMatcher.Column> DIABETES =
      List.of(
          new ObjectiveMatcher.Column("d.csv", "age", "age in years"),
          new ObjectiveMatcher.Column("d.csv", "sex", "sex, coded 1 or 2"),
          new ObjectiveMatcher.Column("d.csv", "bmi", "body mass index"),
          new ObjectiveMatcher.Column("d.csv", "blood_pressure", "average blood pressure"),
          new ObjectiveMatcher.Column("d.csv", "log_triglycerides", "ltg: serum triglycerides"),
          new ObjectiveMatcher.Column(
              "d.csv",
              "disease_progression",
              "a quantitative measure of disease progression one year after baseline"));

  @Test
  void stemsLetInflectionsMeet() {
    assertThat(ObjectiveMatcher.stem("progression")).isEqualTo(ObjectiveMatcher.stem("progress"));
    assertThat(ObjectiveMatcher.stem("levels")).isEqualTo(ObjectiveMatcher.stem("level"));
    assertThat(ObjectiveMatcher.stem("smoking")).isEqualTo(ObjectiveMatcher.stem("smoke"));
    assertThat(ObjectiveMatcher.stem("outcomes")).isEqualTo(ObjectiveMatcher.stem("outcome"));
  }

  @Test
  void termsDropCommonWordsAndNumbers() {
    assertThat(ObjectiveMatcher.terms("What drives disease progression in this cohort in 2020?"))
        .containsExactly("diseas", "progress");
  }

  @Test
  void namesSplitAtUnderscoresCaseAndDigits() {
    assertThat(ObjectiveMatcher.splitName("diseaseProgression_1y"))
        .isEqualTo("disease Progression 1 y");
    assertThat(ObjectiveMatcher.splitName("blood-pressure.mean")).isEqualTo("blood pressure mean");
  }

  @Test
  void theObjectiveWordsPickTheOutcome() {
    ObjectiveMatcher.Match m =
        ObjectiveMatcher.match("What drives disease progression in this cohort?", DIABETES);
    assertThat(m.matchedNothing()).isFalse();
    assertThat(m.outcome("d.csv")).isEqualTo("disease_progression");
    assertThat(m.matchedWords().get("d.csv|disease_progression"))
        .containsExactly("diseas", "progress");
    assertThat(m.relevant("d.csv", "bmi")).isFalse();
  }

  @Test
  void aDictionaryDescriptionCanNameTheOutcome() {
    List<ObjectiveMatcher.Column> columns =
        List.of(
            new ObjectiveMatcher.Column("d.csv", "bmi", "body mass index"),
            new ObjectiveMatcher.Column("d.csv", "target", "disease progression after one year"));
    ObjectiveMatcher.Match m = ObjectiveMatcher.match("What drives disease progression?", columns);
    assertThat(m.outcome("d.csv")).isEqualTo("target");
  }

  @Test
  void aNamedPredictorRanksAfterTheOutcome() {
    ObjectiveMatcher.Match m =
        ObjectiveMatcher.match("Does body mass affect disease progression?", DIABETES);
    assertThat(m.outcome("d.csv")).isEqualTo("disease_progression");
    assertThat(m.relevant("d.csv", "bmi")).isTrue();
    assertThat(m.score("d.csv", "disease_progression")).isGreaterThan(m.score("d.csv", "bmi"));
  }

  @Test
  void anObjectiveThatMatchesNothingSaysSo() {
    ObjectiveMatcher.Match m = ObjectiveMatcher.match("Which galaxies merge most often?", DIABETES);
    assertThat(m.matchedNothing()).isTrue();
    assertThat(m.outcomes()).isEmpty();
  }
}
