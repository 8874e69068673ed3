package io.kosmos.core.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FmtTest {

  @Test
  void threeSignificantDigits() {
    assertThat(Fmt.num(0.58645)).isEqualTo("0.586");
    assertThat(Fmt.num(0.5)).isEqualTo("0.500");
    assertThat(Fmt.num(0.01)).isEqualTo("0.0100");
    assertThat(Fmt.num(15.2345)).isEqualTo("15.2");
    assertThat(Fmt.num(442.0)).isEqualTo("442");
    assertThat(Fmt.num(3.4671e-42)).isEqualTo("3.47e-42");
    assertThat(Fmt.num(123456.0)).isEqualTo("1.23e+5");
    assertThat(Fmt.num(-0.0693)).isEqualTo("-0.0693");
    assertThat(Fmt.num(null)).isEqualTo("n/a");
    assertThat(Fmt.p(0.0)).isEqualTo("< 1e-300");
    assertThat(Fmt.plain(0.05)).isEqualTo("0.05");
    assertThat(Fmt.ci(0.1, 0.2)).isEqualTo("0.100 to 0.200");
  }
}
