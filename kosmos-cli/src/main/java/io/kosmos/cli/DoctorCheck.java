package io.kosmos.cli;

import io.kosmos.api.InvalidInputException;
import io.kosmos.core.llm.AnthropicModel;
import io.kosmos.core.llm.ModelConfig;
import io.kosmos.core.llm.OpenAiCompatibleModel;
import io.kosmos.core.llm.PriceTable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@code kosmos doctor}: what was checked, what was found, and the fix when something
 * is missing.
 *
 * @param name what was checked
 * @param status the outcome
 * @param found what was found
 * @param fix what to do, or empty
 */
record DoctorCheck(String name, Status status, String found, String fix) {

  enum Status {
    OK("ok"),
    MISSING("MISSING"),
    NOTE("note");

    final String label;

    Status(String label) {
      this.label = label;
    }
  }

  DoctorCheck {
    Objects.requireNonNull(name);
    Objects.requireNonNull(status);
    Objects.requireNonNull(found);
    Objects.requireNonNull(fix);
  }

  String render() {
    String line = String.format("  [%-7s] %-16s %s", status.label, name, found);
    return fix.isEmpty() ? line : line + System.lineSeparator() + "            fix: " + fix;
  }

  static DoctorCheck jdk(Runtime.Version version) {
    String found = "Java " + version + " (" + System.getProperty("java.vendor", "?") + ")";
    if (version.feature() >= 21) {
      return new DoctorCheck("JDK", Status.OK, found, "");
    }
    return new DoctorCheck(
        "JDK",
        Status.MISSING,
        found + "; Kosmos needs 21 or newer",
        "install a JDK 21+ and point JAVA_HOME at it (the ./kosmos launcher finds one by itself)");
  }

  /**
   * Which language model the command line would use, from the environment, as {@link
   * ModelConfig#describe()} puts it. Never prints a key.
   */
  static DoctorCheck languageModel(Map<String, String> env) {
    Optional<ModelConfig> config;
    try {
      config = ModelConfig.fromEnvironment(env);
    } catch (InvalidInputException e) {
      return new DoctorCheck(
          "Language model",
          Status.MISSING,
          "configured, but not usable: " + e.getMessage(),
          "fix the variables named above, or unset them to use the offline statistical scientist");
    }
    if (config.isPresent()) {
      return new DoctorCheck("Language model", Status.OK, config.get().describe(), "");
    }
    return new DoctorCheck(
        "Language model",
        Status.NOTE,
        "none configured: runs use the offline statistical scientist",
        "optional: export ANTHROPIC_API_KEY=... or OPENAI_API_KEY=... "
            + "(or OPENAI_BASE_URL=http://localhost:11434/v1 and KOSMOS_MODEL=... for a local"
            + " server)");
  }

  /**
   * The default models and the price table costs are counted with, with their dates, so a user sees
   * how old they are.
   */
  static DoctorCheck prices(Map<String, String> env) {
    String defaults =
        "defaults (as of "
            + ModelConfig.DEFAULT_MODELS_AS_OF
            + "): "
            + AnthropicModel.DEFAULT_MODEL
            + ", "
            + OpenAiCompatibleModel.DEFAULT_MODEL;
    PriceTable table;
    try {
      table = PriceTable.fromEnvironment(env);
    } catch (InvalidInputException e) {
      return new DoctorCheck(
          "Models & prices",
          Status.MISSING,
          defaults + "; price table not usable: " + e.getMessage(),
          "fix the file named in " + PriceTable.ENV_PRICE_TABLE + ", or unset it");
    }
    String file = env.get(PriceTable.ENV_PRICE_TABLE);
    String source =
        file == null || file.isBlank() ? "built-in" : "built-in overridden by " + file.strip();
    return new DoctorCheck(
        "Models & prices",
        Status.OK,
        defaults
            + "; prices "
            + source
            + ", "
            + table.prices().size()
            + " models, as of "
            + table.asOf().orElse("an unknown date"),
        "");
  }
}
