package io.kosmos.examples.cli;

import java.util.Map;
import java.util.Objects;

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

  /** Which language model the command line would use, from the environment. Never prints a key. */
  static DoctorCheck languageModel(Map<String, String> env) {
    String model = env.getOrDefault("KOSMOS_MODEL", "");
    String suffix = model.isBlank() ? "" : ", model " + model;
    if (isSet(env, "ANTHROPIC_API_KEY")) {
      return new DoctorCheck(
          "Language model", Status.OK, "anthropic (ANTHROPIC_API_KEY is set" + suffix + ")", "");
    }
    if (isSet(env, "OPENAI_API_KEY") || isSet(env, "OPENAI_BASE_URL")) {
      String where = isSet(env, "OPENAI_BASE_URL") ? env.get("OPENAI_BASE_URL") : "api.openai.com";
      String key = isSet(env, "OPENAI_API_KEY") ? "OPENAI_API_KEY is set" : "no key";
      return new DoctorCheck(
          "Language model",
          Status.OK,
          "openai-compatible at " + where + " (" + key + suffix + ")",
          "");
    }
    return new DoctorCheck(
        "Language model",
        Status.NOTE,
        "none configured: runs use the offline statistical scientist",
        "optional: export ANTHROPIC_API_KEY=... or OPENAI_API_KEY=... "
            + "(or OPENAI_BASE_URL=http://localhost:11434/v1 for a local server)");
  }

  private static boolean isSet(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }
}
