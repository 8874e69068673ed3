package io.kosmos.core.internal.compression;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumbersTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "0.5, 0.5",
    "0.0342, 0.0342",
    "0.03425, 0.0343",
    "3.4216e-5, 3.42e-05",
    "12.345, 12.3",
    "442, 442",
    "1234.5, 1230",
    "-0.28175, -0.282",
    "2.5e7, 2.50e+07",
    "0.001, 0.001",
    "0.00099949, 9.99e-04",
    "1, 1"
  })
  void printsThreeSignificantDigits(double value, String expected) {
    assertThat(Numbers.format(value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0.123456789", "-7.77777e-9", "98765.4321", "3.14159", "0.000123456"})
  void printedValueIsWithinHalfAUnitOfTheThirdDigit(double value) {
    double printed = Double.parseDouble(Numbers.format(value));
    assertThat(Math.abs(printed - value)).isLessThanOrEqualTo(Math.abs(value) * 0.005);
  }
}
