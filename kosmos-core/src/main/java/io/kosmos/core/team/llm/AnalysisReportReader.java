package io.kosmos.core.team.llm;

import io.kosmos.api.AnalysisContext;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Estimate;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.FindingScope;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.Statistics;
import io.kosmos.api.TaskResult;
import io.kosmos.core.internal.agents.CellText;
import io.kosmos.core.internal.agents.Drafts.AnalysisReport;
import io.kosmos.core.internal.agents.Drafts.EstimateDraft;
import io.kosmos.core.internal.agents.Drafts.FindingDraft;
import io.kosmos.core.internal.agents.Drafts.Measure;
import io.kosmos.core.internal.agents.Drafts.ProfileDraft;
import io.kosmos.core.internal.agents.Drafts.StatisticsDraft;
import io.kosmos.core.internal.agents.ReportedNumbers;
import io.kosmos.core.internal.agents.Text;
import io.kosmos.core.internal.agents.WorldText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of the {@link LlmDataAnalyst}: turns the model's {@link AnalysisReport} into the
 * task's result, trusting nothing it cannot check against the notebook. A finding that has no
 * claim, cites no cell, cites a cell that does not exist or ended in an error, or whose statistics
 * are invalid is refused; numbers no cited cell printed are marked in the finding's summary. A data
 * profile is kept as a {@code profile:<dataset>} note only for a dataset that had none and only if
 * a cell ran. The summary says what was refused and marked, and why the analysis stopped.
 */
final class AnalysisReportReader {

  private static final Logger LOG = LoggerFactory.getLogger(AnalysisReportReader.class);
  private static final int MAX_PROFILE_NOTE = 4_000;

  private final AnalysisContext ctx;
  private final Map<Integer, ExecutedCell> cells = new LinkedHashMap<>();
  private final Set<String> localHypotheses = new LinkedHashSet<>();
  private final List<String> refused = new ArrayList<>();
  private final List<String> marked = new ArrayList<>();

  AnalysisReportReader(AnalysisContext ctx) {
    this.ctx = ctx;
    for (ExecutedCell c : ctx.cells()) {
      cells.put(c.index(), c);
    }
  }

  /**
   * The task's result.
   *
   * @param report what the model reported
   * @param cellsRun how many cells the analysis ran
   * @param stopReason why the analysis stopped
   * @param unprofiled the datasets that had no profile note when the task started
   * @return the result
   */
  TaskResult result(
      AnalysisReport report, int cellsRun, String stopReason, List<String> unprofiled) {
    List<Hypothesis> hypotheses =
        DraftReading.hypotheses(report.hypotheses(), ctx.cycle(), localHypotheses);
    List<Finding> findings = new ArrayList<>();
    int n = 0;
    for (FindingDraft d : DraftReading.list(report.findings())) {
      if (d == null) {
        continue;
      }
      n++;
      Finding f = finding(d, n);
      if (f != null) {
        findings.add(f);
      }
    }
    Map<String, String> notes = profileNotes(report, cellsRun, unprofiled);
    if (!refused.isEmpty()) {
      LOG.info("task {}: refused {} finding(s): {}", ctx.task().id(), refused.size(), refused);
    }
    return new TaskResult(
        summary(report, cellsRun, stopReason),
        findings,
        hypotheses,
        DraftReading.nonBlank(report.openQuestions()),
        List.of(),
        notes);
  }

  /**
   * One drafted finding, checked against the notebook.
   *
   * @param d the draft
   * @param n its position among the drafts, from 1, to name it when it has no claim
   * @return the finding, or {@code null} when it is refused (the refusal is kept for the summary)
   */
  private Finding finding(FindingDraft d, int n) {
    String claim = d.claim() == null ? "" : d.claim().strip();
    List<String> problems = new ArrayList<>();
    if (claim.isEmpty()) {
      problems.add("it has no claim");
    }
    List<ExecutedCell> cited = citedCells(d, problems);
    Statistics statistics = null;
    if (d.statistics() != null) {
      try {
        statistics = statistics(d.statistics());
      } catch (IllegalArgumentException | NullPointerException e) {
        problems.add("its statistics are invalid: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      String label = claim.isEmpty() ? "finding " + n : "\"" + Text.clip(claim, 160) + "\"";
      refused.add(label + ": " + String.join("; ", problems));
      return null;
    }
    String summary = d.summary() == null ? "" : d.summary().strip();
    List<String> unverified = ReportedNumbers.unverified(statistics, cited);
    if (!unverified.isEmpty()) {
      String mark =
          "[not found in the output of the cited cells: " + String.join(", ", unverified) + "]";
      summary = summary.isEmpty() ? mark : summary + " " + mark;
      marked.add("\"" + Text.clip(claim, 120) + "\" " + mark);
    }
    Finding.Builder b =
        Finding.builder(FindingKind.DATA_ANALYSIS)
            .claim(claim)
            .summary(summary)
            .statistics(statistics)
            .direction(d.direction() == null ? EffectDirection.UNSPECIFIED : d.direction())
            .scope(d.scope() == null ? FindingScope.WHOLE_SAMPLE : d.scope().toScope())
            .hypothesisId(hypothesisId(d.hypothesisId()))
            .cycle(ctx.cycle())
            .taskId(ctx.task().id());
    for (String variable : DraftReading.nonBlank(d.variables())) {
      b.variable(variable);
    }
    for (ExecutedCell c : cited) {
      b.citation(ctx.cite(c));
    }
    return b.build();
  }

  /**
   * The cells a draft cites that ran without error; what is wrong with the others goes to problems.
   */
  private List<ExecutedCell> citedCells(FindingDraft d, List<String> problems) {
    List<ExecutedCell> cited = new ArrayList<>();
    List<Integer> indices = d.cells() == null ? List.of() : d.cells();
    if (indices.isEmpty()) {
      problems.add("it cites no cell");
    }
    for (Integer index : new LinkedHashSet<>(indices)) {
      ExecutedCell c = index == null ? null : cells.get(index);
      if (c == null) {
        problems.add("it cites cell " + index + ", which does not exist");
      } else if (!c.result().isOk()) {
        problems.add("it cites cell " + index + ", which " + CellText.status(c.result()));
      } else {
        cited.add(c);
      }
    }
    return cited;
  }

  /**
   * The hypothesis a finding bears on: one the report proposes or the world has, else the task's
   * when the draft names none; a name that matches nothing links to none.
   */
  private String hypothesisId(String given) {
    if (given != null && !given.isBlank()) {
      String id = given.strip();
      if (localHypotheses.contains(id) || ctx.world().hypothesis(id).isPresent()) {
        return id;
      }
      return null;
    }
    return ctx.task().hypothesisId();
  }

  /** The profiles drafted for datasets that had none, once a cell has looked at the data. */
  private static Map<String, String> profileNotes(
      AnalysisReport report, int cellsRun, List<String> unprofiled) {
    Map<String, String> notes = new LinkedHashMap<>();
    for (ProfileDraft pd : DraftReading.list(report.dataProfiles())) {
      if (pd == null || Text.blank(pd.dataset()) || Text.blank(pd.profile())) {
        continue;
      }
      String name = pd.dataset().strip();
      if (name.startsWith("/data/")) {
        name = name.substring("/data/".length());
      }
      if (unprofiled.contains(name) && cellsRun > 0) {
        notes.put(WorldText.profileKey(name), Text.clip(pd.profile().strip(), MAX_PROFILE_NOTE));
      }
    }
    return notes;
  }

  private String summary(AnalysisReport report, int cellsRun, String stopReason) {
    StringBuilder summary = new StringBuilder();
    summary.append(report.summary() == null ? "" : report.summary().strip());
    if (!summary.isEmpty()) {
      summary.append("\n\n");
    }
    summary.append("(").append(cellsRun).append(" cell(s) run; ").append(stopReason).append(".)");
    if (!refused.isEmpty()) {
      summary.append("\nRefused ").append(refused.size()).append(" finding(s):\n");
      summary.append(Text.bullets(refused));
    }
    if (!marked.isEmpty()) {
      summary
          .append("\nNumbers not found in the cited cells' output:\n")
          .append(Text.bullets(marked));
    }
    return summary.toString();
  }

  /**
   * The statistics a finding drafted, with the effect measure named as the vocabulary writes it;
   * non-finite numbers are dropped, and a p value given as a bound keeps the bound with {@link
   * Statistics#P_BELOW}.
   */
  static Statistics statistics(StatisticsDraft s) {
    String test = Text.blank(s.test()) ? "unspecified test" : s.test().strip();
    Double p = finite(s.pValue());
    Map<String, Double> extra =
        s.pValueBelow() && p != null ? Map.of(Statistics.P_BELOW, 1.0) : Map.of();
    List<Estimate> estimates = new ArrayList<>();
    for (EstimateDraft e : DraftReading.list(s.estimates())) {
      if (e == null || Text.blank(e.label())) {
        continue;
      }
      estimates.add(
          new Estimate(
              e.label().strip(),
              finite(e.effectSize()),
              label(e.effectMeasure()),
              finite(e.ciLow()),
              finite(e.ciHigh()),
              finite(e.pValue()),
              e.n()));
    }
    return new Statistics(
        test,
        finite(s.statistic()),
        p,
        null,
        finite(s.effectSize()),
        label(s.effectMeasure()),
        finite(s.ciLow()),
        finite(s.ciHigh()),
        s.n(),
        extra,
        estimates);
  }

  private static String label(Measure m) {
    return m == null ? null : m.measure.label();
  }

  private static Double finite(Double d) {
    return d == null || d.isNaN() || d.isInfinite() ? null : d;
  }
}
