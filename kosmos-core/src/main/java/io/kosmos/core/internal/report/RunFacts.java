package io.kosmos.core.internal.report;

import io.kosmos.core.internal.compression.Numbers;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The "Run facts" table of a report as label and value, so that the Markdown and the HTML report
 * say the same thing in the same words.
 */
final class RunFacts {

  /**
   * One row of the table.
   *
   * @param fact what is counted
   * @param value the figure, as text
   */
  record Row(String fact, String value) {}

  private RunFacts() {}

  /**
   * The rows of a report's facts table, in order.
   *
   * @param m the report
   * @return the rows
   */
  static List<Row> rows(ReportModel m) {
    ReportModel.Facts f = m.facts();
    return List.of(
        new Row("cycles", f.cyclesCompleted() + " of " + f.cyclesRequested()),
        new Row("tasks", f.tasksCompleted() + " completed, " + f.tasksFailed() + " failed"),
        new Row("code cells executed", Long.toString(f.cellsExecuted())),
        new Row("lines of code executed", Long.toString(f.linesOfCode())),
        new Row("papers read", Integer.toString(f.papersRead())),
        new Row(
            "findings",
            f.findings()
                + " ("
                + f.validatedFindings()
                + " validated, "
                + f.rejectedFindings()
                + " refused)"),
        new Row(
            "compression (raw : summary)",
            Numbers.ratio(f.compressionRatio())
                + ":1 (text only, images left out: "
                + Numbers.ratio(f.textCompressionRatio())
                + ":1)"),
        new Row("time", duration(f.elapsed())),
        new Row(
            "language model",
            f.inputTokens()
                + " input + "
                + f.outputTokens()
                + " output tokens, "
                + String.format(Locale.ROOT, "$%.2f", f.costUsd())
                + cache(f)),
        new Row("stopped because", m.stopReason().isBlank() ? "-" : m.stopReason()));
  }

  /** What the prompt cache did, when it did anything. */
  private static String cache(ReportModel.Facts f) {
    if (f.cacheReadTokens() == 0 && f.cacheSavingUsd() == 0) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "; %d input tokens read from the prompt cache, %s %s",
        f.cacheReadTokens(),
        f.cacheSavingUsd() >= 0 ? "saving" : "costing",
        // cents hide what caching saved on a short run
        String.format(
            Locale.ROOT,
            Math.abs(f.cacheSavingUsd()) < 0.01 ? "$%.4f" : "$%.2f",
            Math.abs(f.cacheSavingUsd())));
  }

  /**
   * A duration as hours, minutes and seconds.
   *
   * @param d the duration
   * @return for example {@code 1h 02m 03s}
   */
  static String duration(Duration d) {
    long s = d.toSeconds();
    return String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, (s % 3600) / 60, s % 60);
  }
}
