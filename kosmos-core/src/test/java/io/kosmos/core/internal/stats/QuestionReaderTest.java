package io.kosmos.core.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The question reader: roles from the question's shape, synonyms, inflections, restrictions. */
class QuestionReaderTest {

  /** Columns like those of a national longitudinal survey, with no dictionary. */
  private static final List<ObjectiveMatcher.Column> SURVEY =
      List.of(
          col("CASE ID"),
          col("SAMPLE_SEX"),
          col("FAMILY_SIZE"),
          col("FAMILY_INCOME"),
          col("SES"),
          col("ABILITY"),
          col("CLASS_PERCENTILE"),
          col("EVER_INCARCERATED"),
          col("MARITAL_STATUS"),
          col("DEGREE_COMPLETED"));

  private static final List<ObjectiveMatcher.Column> DIABETES =
      List.of(
          new ObjectiveMatcher.Column("d.csv", "age", "age in years"),
          new ObjectiveMatcher.Column("d.csv", "sex", "sex, coded 1 or 2"),
          new ObjectiveMatcher.Column("d.csv", "bmi", "body mass index"),
          new ObjectiveMatcher.Column("d.csv", "blood_pressure", "average blood pressure"),
          new ObjectiveMatcher.Column(
              "d.csv",
              "disease_progression",
              "a quantitative measure of disease progression one year after baseline"));

  private static ObjectiveMatcher.Column col(String name) {
    return new ObjectiveMatcher.Column("nls.tsv", name, "");
  }

  private static Question read(String q, List<ObjectiveMatcher.Column> columns) {
    return QuestionReader.read(q, columns, Synonyms.defaults());
  }

  private static List<String> names(List<Question.Role> roles) {
    return roles.stream().map(Question.Role::column).toList();
  }

  @Test
  void xRelatedToYMakesYTheOutcomeEvenWhenXReadsLikeOne() {
    Question q = read("How is family size related to degree completion?", SURVEY);
    assertThat(q.shape()).isEqualTo(Question.Shape.RELATION);
    assertThat(q.outcome().column()).isEqualTo("DEGREE_COMPLETED");
    assertThat(names(q.exposures())).containsExactly("FAMILY_SIZE");
    assertThat(q.asksRelation()).isTrue();
  }

  @Test
  void aSynonymFindsTheColumnAndTheReadingSaysHow() {
    Question q = read("How does gender relate to degree completion?", SURVEY);
    assertThat(names(q.exposures())).containsExactly("SAMPLE_SEX");
    assertThat(q.exposures().getFirst().via()).contains("synonym");
    assertThat(q.outcome().column()).isEqualTo("DEGREE_COMPLETED");
    assertThat(String.join(" ", q.reading()))
        .contains("Exposure: SAMPLE_SEX in nls.tsv (\"gender\", by a synonym of \"sex\")");
  }

  @Test
  void aPredictorOfPhrasingAndAMultiWordSynonym() {
    Question q =
        read("Is socioeconomic status a significant predictor of degree completion?", SURVEY);
    assertThat(names(q.exposures())).containsExactly("SES");
    assertThat(q.outcome().column()).isEqualTo("DEGREE_COMPLETED");
  }

  @Test
  void inflectionsMeet() {
    List<ObjectiveMatcher.Column> hospital =
        List.of(
            new ObjectiveMatcher.Column("h.csv", "age", ""),
            new ObjectiveMatcher.Column("h.csv", "ward", ""),
            new ObjectiveMatcher.Column("h.csv", "readmitted", ""));
    Question q = read("What drives readmission?", hospital);
    assertThat(q.shape()).isEqualTo(Question.Shape.DRIVERS);
    assertThat(q.outcome().column()).isEqualTo("readmitted");
    assertThat(q.outcome("h.csv")).isEqualTo("readmitted");
  }

  @Test
  void aColumnNamedInBracketsAfterItsDescriptionIsTheOneAskedAbout() {
    // statsmodels' RAND Health Insurance Experiment data, as a user asked about it
    List<ObjectiveMatcher.Column> randhie =
        List.of(
            new ObjectiveMatcher.Column("randhie.csv", "mdvis", ""),
            new ObjectiveMatcher.Column("randhie.csv", "lncoins", ""),
            new ObjectiveMatcher.Column("randhie.csv", "idp", ""),
            new ObjectiveMatcher.Column("randhie.csv", "physlm", ""));
    Question q =
        read(
            "What drives the number of outpatient visits to a doctor (mdvis)? Does coinsurance"
                + " (lncoins) reduce visits?",
            randhie);
    assertThat(q.shape()).isEqualTo(Question.Shape.DRIVERS);
    assertThat(q.outcome().column()).isEqualTo("mdvis");
  }

  @Test
  void aColumnNamedInBracketsRightAfterTheWordForItIsTheOneAskedAbout() {
    // statsmodels' affairs data (Fair, 1978), as a user asked about it: the column's own name
    // comes in the description too ("extramarital affairs (affairs)")
    List<ObjectiveMatcher.Column> fair =
        List.of(
            new ObjectiveMatcher.Column("fair.csv", "rate_marriage", ""),
            new ObjectiveMatcher.Column("fair.csv", "age", ""),
            new ObjectiveMatcher.Column("fair.csv", "yrs_married", ""),
            new ObjectiveMatcher.Column("fair.csv", "religious", ""),
            new ObjectiveMatcher.Column("fair.csv", "affairs", ""));
    Question q =
        read(
            "What predicts the time spent in extramarital affairs (affairs)? Does a happier"
                + " marriage (rate_marriage) go with less?",
            fair);
    assertThat(q.shape()).isEqualTo(Question.Shape.DRIVERS);
    assertThat(q.outcome().column()).isEqualTo("affairs");
  }

  @Test
  void effectOfXOnYWithAdjustersAndARestriction() {
    Question q =
        read(
            "What is the effect of family income on degree completion among those ever"
                + " incarcerated, controlling for ability and class percentile?",
            SURVEY);
    assertThat(q.shape()).isEqualTo(Question.Shape.EFFECT);
    assertThat(names(q.exposures())).containsExactly("FAMILY_INCOME");
    assertThat(q.outcome().column()).isEqualTo("DEGREE_COMPLETED");
    assertThat(names(q.adjusters())).containsExactly("ABILITY", "CLASS_PERCENTILE");
    assertThat(q.restrictions()).hasSize(1);
    Question.Restriction r = q.restrictions().getFirst();
    assertThat(r.column()).isEqualTo("EVER_INCARCERATED");
    assertThat(r.op()).isEqualTo("yes");
  }

  @Test
  void moderatorsAndMediators() {
    List<ObjectiveMatcher.Column> trial =
        List.of(
            new ObjectiveMatcher.Column("t.csv", "treatment", ""),
            new ObjectiveMatcher.Column("t.csv", "type", ""),
            new ObjectiveMatcher.Column("t.csv", "adherence", ""),
            new ObjectiveMatcher.Column("t.csv", "recovery_days", ""));
    Question differ = read("Does the effect of treatment on recovery days differ by type?", trial);
    assertThat(names(differ.exposures())).containsExactly("treatment");
    assertThat(differ.outcome().column()).isEqualTo("recovery_days");
    assertThat(names(differ.moderators())).containsExactly("type");
    Question through = read("Does treatment affect recovery days through adherence?", trial);
    assertThat(names(through.mediators())).containsExactly("adherence");
    assertThat(names(through.exposures())).containsExactly("treatment");
  }

  @Test
  void aDifferenceQuestionMakesTheFirstTheOutcome() {
    Question q = read("Does family income differ by gender?", SURVEY);
    assertThat(q.shape()).isEqualTo(Question.Shape.DIFFERENCE);
    assertThat(q.outcome().column()).isEqualTo("FAMILY_INCOME");
    assertThat(names(q.exposures())).containsExactly("SAMPLE_SEX");
  }

  @Test
  void aYearAndALevelRestrictTheRows() {
    List<ObjectiveMatcher.Column> panel =
        List.of(
            new ObjectiveMatcher.Column("p.csv", "country", ""),
            new ObjectiveMatcher.Column("p.csv", "year", ""),
            new ObjectiveMatcher.Column("p.csv", "gdp", ""),
            new ObjectiveMatcher.Column("p.csv", "life_expectancy", ""),
            new ObjectiveMatcher.Column("p.csv", "sex", ""));
    Question q = read("In 1985, was GDP related to life expectancy among women?", panel);
    assertThat(q.outcome().column()).isEqualTo("life_expectancy");
    assertThat(names(q.exposures())).containsExactly("gdp");
    assertThat(q.restrictions())
        .extracting(Question.Restriction::column, Question.Restriction::op)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("year", "eq"),
            org.assertj.core.groups.Tuple.tuple("sex", "level"));
    assertThat(q.restrictions().stream().filter(r -> r.op().equals("level")).findFirst())
        .get()
        .satisfies(r -> assertThat(r.values()).contains("female", "women"));
  }

  @Test
  void theDiabetesObjectiveAsksWhatDrivesTheOutcome() {
    Question q = read("What drives disease progression in this cohort?", DIABETES);
    assertThat(q.shape()).isEqualTo(Question.Shape.DRIVERS);
    assertThat(q.outcome().column()).isEqualTo("disease_progression");
    assertThat(q.exposures()).isEmpty();
    assertThat(q.restrictions()).isEmpty();
    assertThat(q.relevant("d.csv", "bmi")).isFalse();
  }

  @Test
  void wordsThatNameNothingAreReported() {
    Question q = read("Does zodiac sign predict disease progression?", DIABETES);
    assertThat(q.outcome().column()).isEqualTo("disease_progression");
    assertThat(q.unmatched()).containsExactly("zodiac sign");
    assertThat(String.join(" ", q.reading())).contains("\"zodiac sign\"");
  }

  @Test
  void usersExtendTheSynonyms() {
    List<ObjectiveMatcher.Column> shop =
        List.of(
            new ObjectiveMatcher.Column("s.csv", "turnover", ""),
            new ObjectiveMatcher.Column("s.csv", "staff", ""));
    Question plain = read("Is staff related to revenue?", shop);
    assertThat(plain.unmatched()).containsExactly("revenue");
    assertThat(plain.outcome().column()).isEqualTo("staff");
    Question q =
        QuestionReader.read(
            "Is staff related to revenue?",
            shop,
            Synonyms.withExtra(Map.of("turnover", List.of("revenue", "sales"))));
    assertThat(q.outcome().column()).isEqualTo("turnover");
  }

  @Test
  void nothingMatchedExploresEverything() {
    Question q = read("Which galaxies merge most often?", DIABETES);
    assertThat(q.matchedNothing()).isTrue();
    assertThat(q.outcome("d.csv")).isNull();
    assertThat(q.reading().getFirst()).contains("matched no column");
  }

  @Test
  void aNamedPredictorAndTheOutcome() {
    Question q = read("Does body mass affect disease progression?", DIABETES);
    assertThat(q.outcome().column()).isEqualTo("disease_progression");
    assertThat(names(q.exposures())).containsExactly("bmi");
    assertThat(q.score("d.csv", "disease_progression")).isGreaterThan(q.score("d.csv", "bmi"));
  }

  @Test
  void forAfterAVerbIsPartOfTheRelationNotARestriction() {
    List<ObjectiveMatcher.Column> anes =
        List.of(
            new ObjectiveMatcher.Column("anes96.tsv", "income", ""),
            new ObjectiveMatcher.Column("anes96.tsv", "DoleLR", ""),
            new ObjectiveMatcher.Column("anes96.tsv", "vote", ""));
    Question q = read("Does income predict voting for Dole?", anes);
    assertThat(q.outcome().column()).isEqualTo("vote");
    assertThat(names(q.exposures())).containsExactly("income");
    assertThat(q.restrictions()).isEmpty();
    Question among = read("Does income predict voting among those with DoleLR?", anes);
    assertThat(among.restrictions())
        .extracting(Question.Restriction::column)
        .containsExactly("DoleLR");
  }
}
