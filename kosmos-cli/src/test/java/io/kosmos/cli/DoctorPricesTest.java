package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorPricesTest {

  @Test
  void doctorDatesTheDefaultModelsAndThePriceTable() {
    DoctorCheck check = DoctorCheck.prices(Map.of());
    assertThat(check.status()).isEqualTo(DoctorCheck.Status.OK);
    assertThat(check.render())
        .contains("defaults (as of 2026-12-07): claude-sonnet-4-5, gpt-4.1")
        .contains("prices built-in")
        .contains("as of 2026-12-07");
  }

  @Test
  void anOverridingFileIsNamedWithItsDateAndABrokenOneIsMissingWithTheFix(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("prices.json");
    Files.writeString(
        file, "{\"asOf\": \"2027-01-15\", \"models\": {\"m\": {\"input\": 1, \"output\": 2}}}");
    String ok = DoctorCheck.prices(Map.of("KOSMOS_PRICE_TABLE", file.toString())).render();
    assertThat(ok).contains("overridden by " + file).contains("as of 2027-01-15");

    Files.writeString(file, "{\"models\": {\"m\": {\"input\": \"cheap\"}}}");
    DoctorCheck broken = DoctorCheck.prices(Map.of("KOSMOS_PRICE_TABLE", file.toString()));
    assertThat(broken.status()).isEqualTo(DoctorCheck.Status.MISSING);
    assertThat(broken.render()).contains("'m'").contains("fix: fix the file named in");
  }
}
