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
  void cacheReadsCostATenthAndWritesAQuarterMoreThanInput() {
    PriceTable table = PriceTable.empty().withPrice("m", 3, 15);
    TokenUsage usage = new TokenUsage(1_000_000, 0, 600_000, 200_000);
    // 200k uncached at $3/M + 600k read at $0.30/M + 200k written at $3.75/M.
    assertThat(table.cost("m", usage)).isCloseTo(0.6 + 0.18 + 0.75, within(1e-12));
    // Without caching the same input would have cost $3.00.
    assertThat(table.cacheSaving("m", usage)).isCloseTo(3.0 - 1.53, within(1e-12));
    assertThat(table.cacheSaving("m", new TokenUsage(1000, 0, 0, 1000)))
        .isCloseTo(-0.00075, within(1e-12));
    assertThat(table.cacheSaving("unknown", usage)).isZero();
  }

  @Test
  void costStaysFiniteAtSaturatedCounts() {
    PriceTable.Price price = new PriceTable.Price(3, 15);
    TokenUsage huge =
        new TokenUsage(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE / 2, Long.MAX_VALUE / 2);
    assertThat(price.cost(huge)).isFinite().isPositive();
    assertThat(price.cacheSaving(huge)).isFinite();
  }

  @Test
  void aFileMayPriceCacheTokensItself(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.json");
    Files.writeString(
        file,
        """
        {"asOf": "2026-12-07", "models": {
          "gpt-4.1": {"input": 2, "output": 8, "cacheRead": 0.5, "cacheWrite": 2}}}
        """);
    PriceTable.Price price = PriceTable.load(file).price("gpt-4.1").orElseThrow();
    assertThat(price.cacheReadPerMillion()).isEqualTo(0.5);
    assertThat(price.cacheWritePerMillion()).isEqualTo(2);
    Files.writeString(
        file, "{\"models\": {\"m\": {\"input\": 2, \"output\": 8, \"cacheRead\": \"x\"}}}");
    assertThatThrownBy(() -> PriceTable.load(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'m'")
        .hasMessageContaining("cacheRead");
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
