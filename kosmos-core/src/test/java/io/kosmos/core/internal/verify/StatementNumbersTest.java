package io.kosmos.core.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.core.internal.numbers.PrintedNumbers;
import io.kosmos.core.internal.numbers.StatementNumbers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the verifier reads a statement's numbers and compares them with what cells printed. */
class StatementNumbersTest {

  private static List<String> kinds(String text) {
    return StatementNumbers.of(text).stream()
        .map(t -> t.printed().text() + ":" + t.kind())
        .toList();
  }

  @Test
  void aStatementsNumbersAreDataAdjustedPCountsOrSettings() {
    assertThat(
            kinds(
                "bmi is positively correlated with disease_progression (r = 0.586, 95% CI 0.522"
                    + " to 0.644, adjusted p = 3.02e-41, n = 442); it ran 168 statistical tests at"
                    + " q = 0.05 (Holm p < 0.05)."))
        .containsExactly(
            "0.586:DATA",
            "95:SETTING",
            "0.522:DATA",
            "0.644:DATA",
            "3.02e-41:ADJUSTED_P",
            "442:DATA",
            "168:TEST_COUNT",
            "0.05:SETTING",
            "0.05:SETTING");
  }

  @Test
  void digitsInsideNamesAreNotNumbers() {
    assertThat(kinds("x1 ~ log_s5 in c1-t02 (F-c2-t02-1): r = -0.0693."))
        .containsExactly("-0.0693:DATA");
    assertThat(kinds("(p = 0.0395, adjusted p = 0.0534); p_adj=3.02e-41"))
        .containsExactly("0.0395:DATA", "0.0534:ADJUSTED_P", "3.02e-41:ADJUSTED_P");
  }

  @Test
  void aPrintedNumberStandsForTheValuesThatRoundToIt() {
    PrintedNumbers.Printed r = PrintedNumbers.scan("r = 0.586").getFirst();
    assertThat(r.matchesExact(0.58641)).isTrue();
    assertThat(r.matchesExact(0.5855)).isTrue();
    assertThat(r.matchesExact(0.5866)).isFalse();
    PrintedNumbers.Printed p = PrintedNumbers.scan("p = 3.02e-41").getFirst();
    assertThat(p.matchesExact(3.0249e-41)).isTrue();
    assertThat(p.matchesExact(3.04e-41)).isFalse();
    PrintedNumbers.Printed share = PrintedNumbers.scan("41.6% mediated").getFirst();
    assertThat(share.percent()).isTrue();
    assertThat(share.matchesExact(0.41632)).isTrue();
    PrintedNumbers.Printed tiny = PrintedNumbers.scan("p = < 1e-300").getFirst();
    assertThat(tiny.below()).isTrue();
    assertThat(tiny.matchesExact(0.0)).isTrue();
    PrintedNumbers.Printed n = PrintedNumbers.scan("n = 442.").getFirst();
    assertThat(n.text()).isEqualTo("442");
    assertThat(n.matchesPrinted(PrintedNumbers.scan("442 rows").getFirst())).isTrue();
    assertThat(n.matchesExact(443)).isFalse();
    // a large round number may be a value rounded to three digits (as report statistics print it)
    assertThat(PrintedNumbers.scan("statistic=204000").getFirst().matchesExact(203977.5)).isTrue();
    assertThat(PrintedNumbers.scan("statistic=204000").getFirst().matchesExact(204600)).isFalse();
  }

  @Test
  void aCellReproducesWhenItPrintsTheSameAgain() {
    String saved =
        "x ~ y (n = 150): Pearson\n  r = 0.512; p = 1.2e-11\nKOSMOS_RESULT {\"p\": 1.2e-11}\n";
    assertThat(OutputComparison.differs(saved, saved)).isNull();
    assertThat(OutputComparison.differs(saved, saved.replace("n = 150", "n = 151")))
        .contains("it printed 151 where it printed 150");
    assertThat(
            OutputComparison.differs(saved, saved.replace("{\"p\": 1.2e-11}", "{\"p\": 1.3e-11}")))
        .contains("its result line differs at /p");
    assertThat(OutputComparison.differs(saved, saved.replace("Pearson", "Spearman")))
        .contains("its printed text differs");
  }
}
