package io.kosmos.core.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.KosmosException;
import io.kosmos.api.Output;
import io.kosmos.api.Statistics;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultLineTest {

  private static ExecutedCell cell(String stdout) {
    return new ExecutedCell(
        3,
        "R = test_pair(...)",
        ExecutionResult.builder().output(new Output.Stream("stdout", stdout)).build(),
        List.of());
  }

  @Test
  void readsTheLastResultLineAndKeepsNumbersExact() {
    String out =
        "bmi ~ y (n = 442): Pearson correlation\n"
            + "KOSMOS_RESULT {\"p\": 0.1}\n"
            + "  r = 0.586\n"
            + "KOSMOS_RESULT {\"p\": 3.4671e-42, \"effect\": 0.30000000000000004, \"n\": 442}\n";
    JsonNode r = ResultLine.parse(out).orElseThrow();
    assertThat(r.get("p").asDouble()).isEqualTo(3.4671e-42);
    assertThat(r.get("effect").asDouble()).isEqualTo(0.1 + 0.2);
    assertThat(r.get("n").asInt()).isEqualTo(442);
  }

  @Test
  void ignoresTheMarkerInsideALine() {
    assertThat(ResultLine.parse("print('KOSMOS_RESULT {}')\n")).isEmpty();
    assertThat(ResultLine.parse("nothing here")).isEmpty();
  }

  @Test
  void badJsonIsAnErrorThatSaysSo() {
    assertThatThrownBy(() -> ResultLine.parse("KOSMOS_RESULT {nope\n"))
        .isInstanceOf(KosmosException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void aFailedCellOrAnErrorFieldIsAFailureWithItsReason() {
    ExecutedCell failed =
        new ExecutedCell(
            4,
            "x",
            ExecutionResult.builder()
                .status(ExecutionResult.Status.ERROR)
                .output(new Output.Error("KeyError", "'bmi'", List.of()))
                .build(),
            List.of());
    assertThat(ResultLine.of(failed).failure()).contains("cell 4 failed").contains("KeyError");
    assertThat(ResultLine.of(cell("no line\n")).failure()).contains("printed no result line");
    assertThat(
            ResultLine.of(cell("KOSMOS_RESULT {\"error\": \"only 3 complete rows\"}\n")).failure())
        .contains("only 3 complete rows");
  }

  @Test
  void aPairResultBecomesStatistics() {
    JsonNode r =
        ResultLine.parse(
                "KOSMOS_RESULT {\"test\": \"Pearson correlation\", \"statistic\": 15.2, \"p\":"
                    + " 3.47e-42, \"effect\": 0.586, \"measure\": \"r\", \"ci\": [0.522, 0.644],"
                    + " \"n\": 442, \"assumptions_met\": true, \"r_equivalent\": 0.586,"
                    + " \"dropped_missing\": 0, \"extra\": {\"perm_p\": 0.000999, \"df\": 440,"
                    + " \"note\": \"text is not kept\"}}\n")
            .orElseThrow();
    Statistics s = ResultLine.statistics(r);
    assertThat(s.test()).isEqualTo("Pearson correlation");
    assertThat(s.pValue()).isEqualTo(3.47e-42);
    assertThat(s.adjustedP()).isNull();
    assertThat(s.effectSize()).isEqualTo(0.586);
    assertThat(s.ciLow()).isEqualTo(0.522);
    assertThat(s.ciHigh()).isEqualTo(0.644);
    assertThat(s.n()).isEqualTo(442);
    assertThat(s.extra())
        .containsEntry("perm_p", 0.000999)
        .containsEntry("df", 440.0)
        .containsEntry("assumptions_met", 1.0)
        .doesNotContainKey("note");
    assertThat(ResultLine.numbers(r, true))
        .isEqualTo("Pearson correlation, r = 0.586, 95% CI 0.522 to 0.644, p = 3.47e-42, n = 442");
  }
}
