package io.kosmos.core.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BenjaminiHochbergTest {

  @Test
  void adjustsAsTheStepUpProcedureDoes() {
    // p sorted: 0.005, 0.01, 0.03, 0.04 (m = 4): raw * m / rank = 0.02, 0.02, 0.04, 0.04;
    // the running minimum from the top keeps them. Same as R's p.adjust(method = "BH").
    double[] adjusted = BenjaminiHochberg.adjust(new double[] {0.01, 0.04, 0.03, 0.005});
    assertThat(adjusted[0]).isCloseTo(0.02, within(1e-12));
    assertThat(adjusted[1]).isCloseTo(0.04, within(1e-12));
    assertThat(adjusted[2]).isCloseTo(0.04, within(1e-12));
    assertThat(adjusted[3]).isCloseTo(0.02, within(1e-12));
  }

  @Test
  void theRunningMinimumMakesItMonotoneAndCappedAtOne() {
    // p.adjust(c(0.01, 0.011, 0.012, 0.9, 0.95), "BH") = 0.02 0.02 0.02 0.95 0.95
    double[] a = BenjaminiHochberg.adjust(new double[] {0.01, 0.011, 0.012, 0.9, 0.95});
    assertThat(a).containsExactly(new double[] {0.02, 0.02, 0.02, 0.95, 0.95}, within(1e-12));
    assertThat(BenjaminiHochberg.adjust(new double[] {0.6, 0.9})).containsExactly(0.9, 0.9);
  }

  @Test
  void aValueAgainstAFamilyGetsTheAdjustedValueOfAnEqualMember() {
    double[] family = {0.01, 0.04, 0.03, 0.005};
    assertThat(BenjaminiHochberg.against(family, 0.03)).isCloseTo(0.04, within(1e-12));
    assertThat(BenjaminiHochberg.against(family, 0.005)).isCloseTo(0.02, within(1e-12));
    assertThat(BenjaminiHochberg.against(family, 0.5)).isEqualTo(1.0);
  }

  @Test
  void oneMoreTestJoinsTheFamily() {
    assertThat(BenjaminiHochberg.adjustOne(new double[] {0.01, 0.04, 0.03}, 0.005))
        .isCloseTo(0.02, within(1e-12));
    assertThat(BenjaminiHochberg.adjustOne(new double[0], 0.03)).isEqualTo(0.03);
  }
}
