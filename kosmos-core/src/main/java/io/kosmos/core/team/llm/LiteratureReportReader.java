package io.kosmos.core.team.llm;

import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.LiteratureContext;
import io.kosmos.api.Paper;
import io.kosmos.api.Passage;
import io.kosmos.api.TaskResult;
import io.kosmos.core.internal.agents.Drafts.LiteratureFindingDraft;
import io.kosmos.core.internal.agents.Drafts.LiteratureReport;
import io.kosmos.core.internal.agents.Drafts.PassageDraft;
import io.kosmos.core.internal.agents.Text;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of the {@link LlmLiteratureAnalyst}: turns the model's {@link LiteratureReport}
 * into the task's result. Every passage a finding cites must name a paper the search found and
 * quote, word for word ({@link Quotes}), its title or a passage of it the task retrieved (the
 * citation takes that passage's locator), at least {@value LlmLiteratureAnalyst#MIN_QUOTE_CHARS}
 * characters long; a passage that fails is left out, and a finding left with none is refused. The
 * summary says which and why.
 */
final class LiteratureReportReader {

  private static final Logger LOG = LoggerFactory.getLogger(LiteratureReportReader.class);

  private final LiteratureContext ctx;
  private final Map<String, Paper> papers;
  private final Map<String, List<Passage>> texts;
  private final Set<String> localHypotheses = new LinkedHashSet<>();
  private final List<String> refused = new ArrayList<>();
  private final List<String> dropped = new ArrayList<>();

  LiteratureReportReader(
      LiteratureContext ctx, Map<String, Paper> papers, Map<String, List<Passage>> texts) {
    this.ctx = ctx;
    this.papers = papers;
    this.texts = texts;
  }

  /**
   * The task's result.
   *
   * @param report what the model reported
   * @param searched what was searched and found, which the summary ends with
   * @return the result, with every paper found
   */
  TaskResult result(LiteratureReport report, String searched) {
    List<Hypothesis> hypotheses =
        DraftReading.hypotheses(report.hypotheses(), ctx.cycle(), localHypotheses);
    List<Finding> findings = new ArrayList<>();
    for (LiteratureFindingDraft d : DraftReading.list(report.findings())) {
      if (d == null) {
        continue;
      }
      Finding f = finding(d);
      if (f != null) {
        findings.add(f);
      }
    }
    StringBuilder summary = new StringBuilder();
    if (report.summary() != null && !report.summary().isBlank()) {
      summary.append(report.summary().strip()).append("\n\n");
    }
    summary.append(searched);
    if (!dropped.isEmpty()) {
      summary.append("\nPassages left out:\n").append(Text.bullets(dropped));
    }
    if (!refused.isEmpty()) {
      summary
          .append("\nRefused ")
          .append(refused.size())
          .append(" finding(s):\n")
          .append(Text.bullets(refused));
      LOG.info(
          "task {}: refused {} literature finding(s): {}",
          ctx.task().id(),
          refused.size(),
          refused);
    }
    return new TaskResult(
        summary.toString(),
        findings,
        hypotheses,
        DraftReading.nonBlank(report.openQuestions()),
        List.copyOf(papers.values()),
        Map.of());
  }

  /** One drafted finding with the passages that check out, or {@code null} when it is refused. */
  private Finding finding(LiteratureFindingDraft d) {
    String claim = d.claim() == null ? "" : d.claim().strip();
    if (claim.isEmpty()) {
      refused.add("a finding without a claim");
      return null;
    }
    Finding.Builder b =
        Finding.builder(FindingKind.LITERATURE)
            .claim(claim)
            .direction(EffectDirection.UNSPECIFIED)
            .cycle(ctx.cycle())
            .taskId(ctx.task().id());
    Set<Citation.PaperPassage> passages = new LinkedHashSet<>();
    for (PassageDraft pd : DraftReading.list(d.passages())) {
      Citation.PaperPassage passage = pd == null ? null : passage(pd);
      if (passage != null) {
        passages.add(passage);
      }
    }
    if (passages.isEmpty()) {
      refused.add(
          "\"" + Text.clip(claim, 160) + "\": no passage it cites could be found in its paper");
      return null;
    }
    passages.forEach(b::citation);
    String h = d.hypothesisId() == null ? null : d.hypothesisId().strip();
    if (h != null && (localHypotheses.contains(h) || ctx.world().hypothesis(h).isPresent())) {
      b.hypothesisId(h);
    } else if (h == null || h.isEmpty()) {
      b.hypothesisId(ctx.task().hypothesisId());
    }
    b.summary(
        "From " + String.join(", ", passages.stream().map(Citation::label).distinct().toList()));
    return b.build();
  }

  /**
   * A drafted passage in the paper's own words, or {@code null} when it names a paper the search
   * did not find, is too short, or does not occur in the paper (the reason is kept for the
   * summary).
   */
  private Citation.PaperPassage passage(PassageDraft pd) {
    Paper paper = pd.paperId() == null ? null : papers.get(pd.paperId().strip());
    if (paper == null) {
      dropped.add("paper " + pd.paperId() + " was not among the papers found");
      return null;
    }
    if (pd.quote() == null || pd.quote().strip().length() < LlmLiteratureAnalyst.MIN_QUOTE_CHARS) {
      dropped.add(
          "the quote from "
              + paper.id()
              + " is shorter than "
              + LlmLiteratureAnalyst.MIN_QUOTE_CHARS
              + " characters");
      return null;
    }
    String locator = "title";
    String found = Quotes.find(pd.quote(), paper.title());
    for (Passage p : texts.getOrDefault(paper.id(), List.of())) {
      if (found != null) {
        break;
      }
      found = Quotes.find(pd.quote(), p.text());
      locator = p.locator();
    }
    if (found == null) {
      dropped.add("\"" + Text.clip(pd.quote().strip(), 80) + "\" does not occur in " + paper.id());
      return null;
    }
    return Citation.PaperPassage.of(paper.id(), locator, found);
  }
}
