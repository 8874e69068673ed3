package io.kosmos.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What models write for an effect measure, mapped onto the closed vocabulary. */
class EffectMeasureTest {

  @Test
  void mapsWhatModelsWriteAndRefusesToGuessTheRest() {
    assertThat(EffectMeasure.parse("Cramer's V")).contains(EffectMeasure.CRAMERS_V);
    assertThat(EffectMeasure.parse("Cramér's V")).contains(EffectMeasure.CRAMERS_V);
    assertThat(EffectMeasure.parse("adjusted odds ratio")).contains(EffectMeasure.ODDS_RATIO);
    assertThat(EffectMeasure.parse("Spearman's rho")).contains(EffectMeasure.RHO);
    assertThat(EffectMeasure.parse("rho")).contains(EffectMeasure.RHO);
    assertThat(EffectMeasure.parse("R^2")).contains(EffectMeasure.R_SQUARED);
    assertThat(EffectMeasure.parse("eta squared")).contains(EffectMeasure.ETA_SQUARED);
    assertThat(EffectMeasure.parse("ROC AUC")).contains(EffectMeasure.AUC);
    assertThat(EffectMeasure.parse("none")).contains(EffectMeasure.NONE);
    assertThat(EffectMeasure.parse("Kendall tau")).isEmpty();
    assertThat(EffectMeasure.parse(null)).isEmpty();
  }

  @Test
  void noEffectLiesAtZeroForCorrelationsAndDifferencesAndAtOneForRatios() {
    assertThat(EffectMeasure.RHO.nullValue()).isZero();
    assertThat(EffectMeasure.HEDGES_G.nullValue()).isZero();
    assertThat(EffectMeasure.ODDS_RATIO.nullValue()).isEqualTo(1.0);
    assertThat(EffectMeasure.AUC.nullValue()).isEqualTo(0.5);
  }
}
