package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DoctorCheckTest {

  @Test
  void jdkBelow21IsMissingWithAFix() {
    DoctorCheck check = DoctorCheck.jdk(Runtime.Version.parse("17.0.15"));
    assertThat(check.status()).isEqualTo(DoctorCheck.Status.MISSING);
    assertThat(check.render()).contains("needs 21 or newer").contains("fix: install a JDK 21+");
  }

  @Test
  void jdk21IsEnough() {
    assertThat(DoctorCheck.jdk(Runtime.Version.parse("21.0.1")).status())
        .isEqualTo(DoctorCheck.Status.OK);
  }

  @Test
  void modelKeysAreReportedButNeverPrinted() {
    String key = "sk-ant-api03-SECRET-value-that-must-not-leak";
    DoctorCheck check =
        DoctorCheck.languageModel(Map.of("ANTHROPIC_API_KEY", key, "KOSMOS_MODEL", "claude-x"));
    assertThat(check.status()).isEqualTo(DoctorCheck.Status.OK);
    assertThat(check.render()).contains("anthropic").contains("claude-x").doesNotContain(key);

    assertThat(check.render())
        .isEqualTo(
            String.format(
                "  [%-7s] %-16s %s",
                "ok",
                "Language model",
                "anthropic (model claude-x, https://api.anthropic.com, API key set in"
                    + " ANTHROPIC_API_KEY; because ANTHROPIC_API_KEY is set)"));

    String openAiKey = "sk-proj-ANOTHER-secret";
    DoctorCheck openAi =
        DoctorCheck.languageModel(
            Map.of(
                "OPENAI_API_KEY",
                openAiKey,
                "OPENAI_BASE_URL",
                "http://localhost:8000/v1",
                "KOSMOS_MODEL",
                "llama3.1:8b"));
    assertThat(openAi.render())
        .contains("openai (model llama3.1:8b, http://localhost:8000/v1")
        .doesNotContain(openAiKey);
  }

  @Test
  void anInconsistentEnvironmentIsMissingWithTheVariableToFix() {
    DoctorCheck check =
        DoctorCheck.languageModel(Map.of("OPENAI_BASE_URL", "http://localhost:11434/v1"));
    assertThat(check.status()).isEqualTo(DoctorCheck.Status.MISSING);
    assertThat(check.render()).contains("needs a model name").contains("KOSMOS_MODEL");
    assertThat(DoctorCheck.languageModel(Map.of("KOSMOS_PROVIDER", "anthropic")).render())
        .contains("ANTHROPIC_API_KEY");
  }

  @Test
  void noModelMeansTheOfflineScientist() {
    DoctorCheck check = DoctorCheck.languageModel(Map.of("ANTHROPIC_API_KEY", "  "));
    assertThat(check.status()).isEqualTo(DoctorCheck.Status.NOTE);
    assertThat(check.render()).contains("offline statistical scientist");
  }
}
