package io.kosmos.core.internal.compression;

import io.kosmos.api.Citation;
import io.kosmos.api.Finding;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.Paper;
import io.kosmos.api.Statistics;
import io.kosmos.api.TaskKind;
import io.kosmos.core.internal.artifacts.CompressionRecord;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.TaskRecord;
import io.kosmos.core.internal.world.WorldState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Deterministic compression, no language model: a task's notebook and result become a few lines
 * that keep every statistic of every finding; a cycle's tasks become a bounded summary that feeds
 * the next plan; papers read become a short list.
 *
 * <p>A finding line has a fixed shape, so that a reader (or a test) can check every number in it
 * against the finding:
 *
 * <pre>
 * - F-c1-t03-1 [validated 0.82, CONFIRMATION] claim | test: Spearman correlation; statistic=8.91;
 *   p=3.42e-05; p_adj=1.2e-04; effect=0.412 (r); ci=[0.301, 0.512]; n=442; df=440 | cites c1-t03#4
 * </pre>
 *
 * (on one line; a {@code |} in the claim is printed as {@code /}). Numbers are printed by {@link
 * Numbers#format(double)}; {@code ci} is the 95% confidence interval of the effect size; keys after
 * {@code n} are the finding's extra statistics.
 */
public final class Compressor {

  /** Most finding lines in a cycle summary; the rest are counted. */
  static final int MAX_FINDING_LINES = 40;

  private static final int MAX_TEXT = 200;

  private Compressor() {}

  /**
   * One finding as a summary line.
   *
   * @param finding the finding
   * @return the line, starting with {@code "- "}
   */
  public static String findingLine(Finding finding) {
    StringBuilder sb = new StringBuilder("- ").append(finding.id()).append(" [");
    if (finding.validation() == null) {
      sb.append("not validated");
    } else {
      sb.append(finding.validation().passed() ? "validated " : "failed validation ")
          .append(Numbers.format(finding.validation().score()));
    }
    if (finding.classification() != null) {
      sb.append(", ").append(finding.classification());
    }
    if (finding.scope().kind() != io.kosmos.api.FindingScope.Kind.WHOLE_SAMPLE) {
      sb.append(", ").append(clean(finding.scope().toString()));
    }
    sb.append("] ").append(oneLine(finding.claim()).replace('|', '/'));
    sb.append(" | ").append(statistics(finding.statistics()));
    sb.append(" | cites ")
        .append(
            finding.citations().stream().map(Citation::label).collect(Collectors.joining(", ")));
    return sb.toString();
  }

  /**
   * Statistics as {@code key=value} pairs separated by {@code "; "}.
   *
   * @param s the statistics, or {@code null}
   * @return the text
   */
  public static String statistics(Statistics s) {
    if (s == null) {
      return "no statistics";
    }
    List<String> parts = new ArrayList<>();
    parts.add("test: " + clean(s.test()));
    if (s.statistic() != null) {
      parts.add("statistic=" + Numbers.format(s.statistic()));
    }
    if (s.pValue() != null) {
      parts.add((s.pValueIsBound() ? "p<" : "p=") + Numbers.format(s.pValue()));
    }
    if (s.adjustedP() != null) {
      parts.add("p_adj=" + Numbers.format(s.adjustedP()));
    }
    if (s.effectSize() != null) {
      String measure = s.effectMeasure() == null ? "" : " (" + clean(s.effectMeasure()) + ")";
      parts.add("effect=" + Numbers.format(s.effectSize()) + measure);
    }
    if (s.ciLow() != null || s.ciHigh() != null) {
      parts.add("ci=[" + Numbers.format(s.ciLow()) + ", " + Numbers.format(s.ciHigh()) + "]");
    }
    if (s.n() != null) {
      parts.add("n=" + s.n());
    }
    for (Map.Entry<String, Double> e : new TreeMap<>(s.extra()).entrySet()) {
      if (e.getKey().equals(Statistics.P_BELOW)) {
        continue;
      }
      parts.add(clean(e.getKey()).replace('=', '_') + "=" + Numbers.format(e.getValue()));
    }
    for (io.kosmos.api.Estimate e : s.estimates()) {
      parts.add(estimate(e));
    }
    return String.join("; ", parts);
  }

  /** A further estimate as {@code est[label]: effect=… (measure) ci=[…] p=… n=…}. */
  private static String estimate(io.kosmos.api.Estimate e) {
    List<String> parts = new ArrayList<>();
    if (e.effectSize() != null) {
      String measure = e.effectMeasure() == null ? "" : " (" + clean(e.effectMeasure()) + ")";
      parts.add("effect=" + Numbers.format(e.effectSize()) + measure);
    }
    if (e.ciLow() != null || e.ciHigh() != null) {
      parts.add("ci=[" + Numbers.format(e.ciLow()) + ", " + Numbers.format(e.ciHigh()) + "]");
    }
    if (e.pValue() != null) {
      parts.add("p=" + Numbers.format(e.pValue()));
    }
    if (e.n() != null) {
      parts.add("n=" + e.n());
    }
    return "est["
        + clean(e.label()).replace('[', '(').replace(']', ')')
        + "]: "
        + (parts.isEmpty() ? "no numbers" : String.join(" ", parts));
  }

  /**
   * A task's compressed summary: what it was, how it ended, and a line per finding.
   *
   * @param record the task's result (its findings not yet classified)
   * @return the summary
   */
  public static String taskSummary(TaskRecord record) {
    StringBuilder sb = new StringBuilder();
    sb.append("### ")
        .append(record.task().id())
        .append(" · ")
        .append(record.task().kind() == TaskKind.DATA_ANALYSIS ? "data analysis" : "literature")
        .append(" · ")
        .append(record.task().goal().name().toLowerCase(Locale.ROOT))
        .append(" · ")
        .append(record.succeeded() ? "succeeded" : "failed: " + truncate(record.failure()))
        .append('\n');
    sb.append("Task: ").append(truncate(record.task().description())).append('\n');
    for (Finding f : record.findings()) {
      sb.append(findingLine(f)).append('\n');
    }
    if (!record.papers().isEmpty()) {
      sb.append(literature(record.papers(), 5));
    }
    if (!record.rejected().isEmpty()) {
      sb.append("Rejected findings: ").append(record.rejected().size()).append('\n');
    }
    return sb.toString();
  }

  /**
   * Papers read, as a short list.
   *
   * @param papers the papers
   * @param limit the most to list
   * @return the list, one line per paper, with a count of the rest
   */
  public static String literature(List<Paper> papers, int limit) {
    StringBuilder sb = new StringBuilder();
    sb.append("Papers read: ").append(papers.size()).append('\n');
    for (int i = 0; i < Math.min(limit, papers.size()); i++) {
      Paper p = papers.get(i);
      sb.append("- ")
          .append(truncate(p.title()))
          .append(p.year() == null ? "" : " (" + p.year() + ")")
          .append(" [")
          .append(p.id())
          .append("]\n");
    }
    return sb.toString();
  }

  /**
   * A cycle's summary, fed to the next plan: counts, the cycle's findings (validated first, at most
   * {@value #MAX_FINDING_LINES}), failed tasks, papers read, and the open hypotheses and questions.
   *
   * @param cycle the cycle
   * @param records the cycle's task results, in plan order
   * @param world the world model, the cycle's findings applied
   * @return the summary, in Markdown
   */
  public static String cycleSummary(int cycle, List<TaskRecord> records, WorldState world) {
    List<Finding> findings = new ArrayList<>();
    List<TaskRecord> failed = new ArrayList<>();
    List<Paper> papers = new ArrayList<>();
    int rejected = 0;
    for (TaskRecord r : records) {
      if (!r.succeeded()) {
        failed.add(r);
      }
      for (Finding f : r.findings()) {
        findings.add(world.finding(f.id()).orElse(f));
      }
      papers.addAll(r.papers());
      rejected += r.rejected().size();
    }
    findings.sort(WorldState.displayOrder());
    long validated = findings.stream().filter(Finding::isValidated).count();
    StringBuilder sb = new StringBuilder();
    sb.append("# Cycle ").append(cycle).append(" summary\n\n");
    sb.append("Tasks: ")
        .append(records.size())
        .append(" run, ")
        .append(records.size() - failed.size())
        .append(" succeeded, ")
        .append(failed.size())
        .append(" failed. Findings: ")
        .append(findings.size())
        .append(" (")
        .append(validated)
        .append(" validated")
        .append(rejected > 0 ? ", " + rejected + " rejected for bad citations" : "")
        .append(").\n\n");
    findingsSection(sb, findings);
    failedSection(sb, failed);
    if (!papers.isEmpty()) {
      sb.append("## Literature\n\n").append(literature(papers, 5)).append('\n');
    }
    openSections(sb, world);
    return sb.toString();
  }

  private static void findingsSection(StringBuilder sb, List<Finding> findings) {
    if (findings.isEmpty()) {
      return;
    }
    sb.append("## Findings\n\n");
    for (int i = 0; i < Math.min(MAX_FINDING_LINES, findings.size()); i++) {
      sb.append(findingLine(findings.get(i))).append('\n');
    }
    if (findings.size() > MAX_FINDING_LINES) {
      sb.append("- … and ")
          .append(findings.size() - MAX_FINDING_LINES)
          .append(" more, in world/findings.json\n");
    }
    sb.append('\n');
  }

  private static void failedSection(StringBuilder sb, List<TaskRecord> failed) {
    if (failed.isEmpty()) {
      return;
    }
    sb.append("## Failed tasks\n\n");
    for (int i = 0; i < Math.min(10, failed.size()); i++) {
      TaskRecord r = failed.get(i);
      sb.append("- ")
          .append(r.task().id())
          .append(": ")
          .append(truncate(r.task().description()))
          .append(" — ")
          .append(truncate(r.failure()))
          .append('\n');
    }
    sb.append('\n');
  }

  /** The last open hypotheses and questions: what the next plan may follow up. */
  private static void openSections(StringBuilder sb, WorldState world) {
    List<Hypothesis> open = world.openHypotheses();
    if (!open.isEmpty()) {
      sb.append("## Open hypotheses\n\n");
      for (int i = Math.max(0, open.size() - 10); i < open.size(); i++) {
        Hypothesis h = open.get(i);
        sb.append("- ")
            .append(h.id())
            .append(": ")
            .append(truncate(h.statement()))
            .append(" (")
            .append(h.supportingFindings().size())
            .append(" for, ")
            .append(h.refutingFindings().size())
            .append(" against)\n");
      }
      sb.append('\n');
    }
    List<String> questions = world.openQuestions();
    if (!questions.isEmpty()) {
      sb.append("## Open questions\n\n");
      for (int i = Math.max(0, questions.size() - 5); i < questions.size(); i++) {
        sb.append("- ").append(truncate(questions.get(i))).append('\n');
      }
      sb.append('\n');
    }
  }

  /**
   * Measures a cycle's compression.
   *
   * @param cycle the cycle
   * @param records the cycle's task results
   * @param summary the cycle summary
   * @return the figures
   */
  public static CompressionRecord measure(int cycle, List<TaskRecord> records, String summary) {
    long raw = 0;
    long rawText = 0;
    List<CompressionRecord.TaskSize> sizes = new ArrayList<>();
    for (TaskRecord r : records) {
      long resultBytes = Json.bytes(r).length;
      raw += r.notebookBytes() + resultBytes;
      rawText += r.notebookTextBytes() + resultBytes;
      sizes.add(
          new CompressionRecord.TaskSize(
              r.task().id(),
              r.notebookBytes(),
              r.notebookTextBytes(),
              resultBytes,
              r.compressed().getBytes(StandardCharsets.UTF_8).length));
    }
    long summaryBytes = Math.max(1, summary.getBytes(StandardCharsets.UTF_8).length);
    return new CompressionRecord(
        Json.FORMAT_VERSION,
        cycle,
        raw,
        rawText,
        summaryBytes,
        (double) raw / summaryBytes,
        (double) rawText / summaryBytes,
        sizes);
  }

  private static String clean(String text) {
    return oneLine(text).replace(";", ",").replace("|", "/");
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  static String truncate(String text) {
    if (text == null) {
      return "";
    }
    String t = oneLine(text);
    return t.length() <= MAX_TEXT ? t : t.substring(0, MAX_TEXT - 1) + "…";
  }
}
