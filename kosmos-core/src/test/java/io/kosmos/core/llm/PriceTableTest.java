package io.kosmos.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kosmos.api.InvalidInputException;
import io.kosmos.api.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {

  @Test
  void defaultsLoadAndSayWhenTheyWereCompiled() {
    PriceTable table = PriceTable.defaults();
    assertThat(table.asOf()).isPresent();
    assertThat(table.prices()).containsKeys("claude-sonnet-4-5", "gpt-4.1", "gpt-4o-mini");
    assertThat(table.price("claude-sonnet-4-5")).isPresent();
  }

  @Test
  void datedModelNamesMatchTheLongestPrefix() {
    PriceTable table =
        PriceTable.empty().withPrice("gpt-4o", 2.5, 10).withPrice("gpt-4o-mini", 0.15, 0.6);
    assertThat(table.price("gpt-4o-mini-2024-07-18").orElseThrow().inputPerMillion())
        .isEqualTo(0.15);
    assertThat(table.price("gpt-4o-2024-08-06").orElseThrow().inputPerMillion()).isEqualTo(2.5);
    assertThat(table.price("GPT-4O").orElseThrow().inputPerMillion()).isEqualTo(2.5);
    assertThat(table.price("gpt-4")).isEmpty();
    assertThat(table.price("gpt-4omni")).isEmpty();
  }

  @Test
  void costIsPerMillionTokens() {
    PriceTable table = PriceTable.empty().withPrice("m", 3, 15);
    assertThat(table.cost("m", new TokenUsage(1_000_000, 100_000))).isCloseTo(4.5, within(1e-12));
  }

  @Test
  void unknownModelCostsNothing() {
    assertThat(PriceTable.empty().cost("llama3.1:8b", new TokenUsage(1000, 1000))).isZero();
    assertThat(PriceTable.empty().cost("llama3.1:8b", new TokenUsage(1000, 1000))).isZero();
  }

  @Test
  void fileNamedInTheEnvironmentOverridesTheDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prices.json");
    Files.writeString(
        file,
        """
        {"asOf": "2030-01", "models": {"claude-sonnet-4-5": {"input": 1, "output": 2},
                                       "my-local": {"input": 0, "output": 0}}}
        """);
    PriceTable table = PriceTable.fromEnvironment(Map.of("KOSMOS_PRICE_TABLE", file.toString()));
    assertThat(table.price("claude-sonnet-4-5").orElseThrow().outputPerMillion()).isEqualTo(2);
    assertThat(table.price("my-local")).isPresent();
    assertThat(table.price("gpt-4.1")).isPresent();
    assertThat(table.asOf()).contains("2030-01");
  }

  @Test
  void badFilesAreClearErrors(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> PriceTable.load(dir.resolve("missing.json")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("KOSMOS_PRICE_TABLE");
    assertThatThrownBy(() -> PriceTable.parse("{\"models\": {\"x\": {\"input\": \"a\"}}}", "t"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'x'");
    assertThatThrownBy(() -> PriceTable.parse("{}", "t"))
        .hasMessageContaining("no \"models\" object");
    assertThatThrownBy(() -> PriceTable.parse("{", "t")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(
            () -> PriceTable.parse("{\"models\": {\"x\": {\"input\": -1, \"output\": 1}}}", "t"))
        .hasMessageContaining("0 or more");
  }
}
