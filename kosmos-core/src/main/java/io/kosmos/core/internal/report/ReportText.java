package io.kosmos.core.internal.report;

import java.util.Locale;

/** Sentences the Markdown and the HTML report share, so that both say the same thing. */
final class ReportText {

  private ReportText() {}

  /** The report's line about its last verification. */
  static String verification(ReportModel.Verification v) {
    if (v == null) {
      return "not verified yet: kosmos verify DIR re-executes every cited cell in a fresh sandbox"
          + " and checks every number of this report.";
    }
    String result =
        String.format(
            Locale.ROOT,
            "%d of %d numbers reproduced (%.1f%%), %d of %d cited cells re-executed with the same"
                + " output, in a fresh sandbox (%s) on %s",
            v.numbersReproduced(),
            v.numbers(),
            v.numbers() == 0 ? 100.0 : 100.0 * v.numbersReproduced() / v.numbers(),
            v.cellsReproduced(),
            v.cells(),
            v.executor(),
            v.verifiedAt());
    if (!v.current()) {
      return "the last verification ("
          + result
          + ") checked an earlier version of this report; run kosmos verify again.";
    }
    return (v.passed() ? "passed: " : "FAILED: ")
        + result
        + (v.passed() ? "." : "; report/verification.json lists what was not reproduced.");
  }

  /** What the Answer section says when the report writer gave no answer. */
  static String noAnswer(ReportModel m) {
    if (m.synthesisNote() != null) {
      return "No answer was written: " + m.synthesisNote() + ".";
    }
    return "The report writer gave no direct answer; the synthesis and the key findings below say"
        + " what the run found.";
  }
}
