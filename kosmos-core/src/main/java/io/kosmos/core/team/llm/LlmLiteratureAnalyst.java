package io.kosmos.core.team.llm;

import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.KosmosException;
import io.kosmos.api.LiteratureAnalyst;
import io.kosmos.api.LiteratureContext;
import io.kosmos.api.LiteratureException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.api.TaskResult;
import io.kosmos.core.internal.agents.Drafts.HypothesisDraft;
import io.kosmos.core.internal.agents.Drafts.LiteratureFindingDraft;
import io.kosmos.core.internal.agents.Drafts.LiteratureReport;
import io.kosmos.core.internal.agents.Drafts.PassageDraft;
import io.kosmos.core.internal.agents.Drafts.QueryPlan;
import io.kosmos.core.internal.agents.ModelCalls;
import io.kosmos.core.internal.agents.Prompts;
import io.kosmos.core.internal.agents.Text;
import io.kosmos.core.internal.agents.WorldText;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a literature task with the model: it proposes search queries, every source of the run
 * is searched with each, and the model reads what came back (titles and abstracts, bounded) and
 * reports findings that cite {@link Citation.PaperPassage}s.
 *
 * <p>Every quote is checked against the paper it names: it must occur in the paper's title or
 * abstract, word for word (ignoring case, runs of white space and typographic quote and dash
 * forms), and be at least {@value #MIN_QUOTE_CHARS} characters long. A passage that fails is left
 * out; a finding left without a passage is refused; the task summary says which and why. The
 * citation carries the paper's own words, not the model's copy.
 */
final class LlmLiteratureAnalyst implements LiteratureAnalyst {

  static final String PURPOSE_QUERIES = "literature-queries";
  static final String PURPOSE_FINDINGS = "literature-findings";
  static final int MIN_QUOTE_CHARS = 20;

  private static final Logger LOG = LoggerFactory.getLogger(LlmLiteratureAnalyst.class);
  private static final int MAX_ABSTRACT_CHARS = 1_500;

  /**
   * The search's limits.
   *
   * @param maxQueries most queries the model may propose
   * @param papersPerQuery most papers asked of each source for each query
   * @param maxPapers most papers shown to the model
   */
  record Limits(int maxQueries, int papersPerQuery, int maxPapers) {}

  private final ModelCalls calls;
  private final Limits limits;

  LlmLiteratureAnalyst(ModelCalls calls, Limits limits) {
    this.calls = calls;
    this.limits = limits;
  }

  @Override
  public TaskResult search(LiteratureContext ctx) {
    if (ctx.sources().isEmpty()) {
      throw new KosmosException(
          "task "
              + ctx.task().id()
              + " is a literature search but the run has no literature source; add one with"
              + " WorkflowBuilder.literatureSource(...)");
    }
    Prompts p = calls.prompts();
    String system = p.text(Prompts.Name.LITERATURE_SYSTEM);
    Map<String, String> v = new HashMap<>();
    v.put("objective", ctx.objective().strip());
    v.put("description", ctx.task().description().strip());
    v.put("expectedOutput", ctx.task().expectedOutput().strip());
    v.put("parameters", ctx.task().parameters().isEmpty() ? "" : WorldText.parameters(ctx.task()));
    v.put("findings", WorldText.findings(ctx.world()));
    v.put("maxQueries", Integer.toString(limits.maxQueries()));
    QueryPlan plan =
        calls
            .ask(
                PURPOSE_QUERIES,
                system,
                p.render(Prompts.Name.LITERATURE_QUERIES, v),
                QueryPlan.class)
            .value();
    List<String> queries =
        LlmDataAnalyst.nonBlank(plan.queries()).stream()
            .distinct()
            .limit(limits.maxQueries())
            .toList();
    if (queries.isEmpty()) {
      String fallback = ctx.task().parameters().getOrDefault("query", ctx.task().description());
      queries = List.of(Text.clip(fallback.strip(), 200));
    }

    Map<String, Paper> papers = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String query : queries) {
      for (LiteratureSource source : ctx.sources()) {
        try {
          for (Paper paper : source.search(query, limits.papersPerQuery())) {
            if (papers.size() >= limits.maxPapers()) {
              break;
            }
            papers.putIfAbsent(paper.id(), paper);
          }
        } catch (LiteratureException e) {
          problems.add(source.name() + " failed for \"" + query + "\": " + e.getMessage());
          LOG.info("task {}: {} failed: {}", ctx.task().id(), source.name(), e.getMessage());
        }
      }
    }
    String searched =
        "Searched "
            + String.join(", ", ctx.sources().stream().map(LiteratureSource::name).toList())
            + " for "
            + queries.size()
            + " quer"
            + (queries.size() == 1 ? "y" : "ies")
            + " ("
            + String.join("; ", queries.stream().map(q -> "\"" + q + "\"").toList())
            + "); "
            + papers.size()
            + " paper(s) found.";
    if (!problems.isEmpty()) {
      searched += "\nSearch problems:\n" + Text.bullets(problems);
    }
    if (papers.isEmpty()) {
      return new TaskResult(searched, List.of(), List.of(), List.of(), List.of(), Map.of());
    }

    Map<String, String> fv = new HashMap<>();
    fv.put("objective", ctx.objective().strip());
    fv.put("description", ctx.task().description().strip());
    fv.put("expectedOutput", ctx.task().expectedOutput().strip());
    fv.put("papers", papers(papers.values()));
    fv.put("hypotheses", WorldText.openHypotheses(ctx.world()));
    LiteratureReport report =
        calls
            .ask(
                PURPOSE_FINDINGS,
                system,
                p.render(Prompts.Name.LITERATURE_FINDINGS, fv),
                LiteratureReport.class)
            .value();
    return result(ctx, report, papers, searched);
  }

  private static String papers(Iterable<Paper> papers) {
    StringBuilder sb = new StringBuilder();
    for (Paper paper : papers) {
      sb.append("## ").append(paper.id()).append('\n');
      sb.append("Title: ").append(paper.title().strip()).append('\n');
      if (!paper.authors().isEmpty()) {
        List<String> authors = paper.authors().subList(0, Math.min(3, paper.authors().size()));
        sb.append("Authors: ")
            .append(String.join(", ", authors))
            .append(paper.authors().size() > 3 ? " et al." : "")
            .append('\n');
      }
      if (paper.year() != null) {
        sb.append("Year: ").append(paper.year()).append('\n');
      }
      sb.append("Abstract: ")
          .append(
              paper.abstractText().isBlank()
                  ? "(none)"
                  : Text.clip(paper.abstractText().strip(), MAX_ABSTRACT_CHARS))
          .append("\n\n");
    }
    return sb.toString().strip();
  }

  private static TaskResult result(
      LiteratureContext ctx, LiteratureReport report, Map<String, Paper> papers, String searched) {
    Set<String> local = new LinkedHashSet<>();
    List<Hypothesis> hypotheses = new ArrayList<>();
    for (HypothesisDraft h : LlmDataAnalyst.list(report.hypotheses())) {
      if (h == null || Text.blank(h.statement())) {
        continue;
      }
      String id = Text.blank(h.id()) ? "" : h.id().strip();
      if (!id.isEmpty()) {
        local.add(id);
      }
      hypotheses.add(
          Hypothesis.open(
              id, h.statement().strip(), ctx.cycle(), LlmDataAnalyst.nonBlank(h.variables())));
    }
    List<Finding> findings = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (LiteratureFindingDraft d : LlmDataAnalyst.list(report.findings())) {
      if (d == null) {
        continue;
      }
      String claim = d.claim() == null ? "" : d.claim().strip();
      if (claim.isEmpty()) {
        refused.add("a finding without a claim");
        continue;
      }
      Finding.Builder b =
          Finding.builder(FindingKind.LITERATURE)
              .claim(claim)
              .direction(EffectDirection.UNSPECIFIED)
              .cycle(ctx.cycle())
              .taskId(ctx.task().id());
      Set<Citation.PaperPassage> passages = new LinkedHashSet<>();
      for (PassageDraft pd : LlmDataAnalyst.list(d.passages())) {
        if (pd == null) {
          continue;
        }
        String problem = null;
        Paper paper = pd.paperId() == null ? null : papers.get(pd.paperId().strip());
        String found = null;
        if (paper == null) {
          problem = "paper " + pd.paperId() + " was not among the papers found";
        } else if (pd.quote() == null || pd.quote().strip().length() < MIN_QUOTE_CHARS) {
          problem =
              "the quote from "
                  + paper.id()
                  + " is shorter than "
                  + MIN_QUOTE_CHARS
                  + " characters";
        } else {
          found = Quotes.find(pd.quote(), paper.title());
          if (found == null) {
            found = Quotes.find(pd.quote(), paper.abstractText());
          }
          if (found == null) {
            problem =
                "\"" + Text.clip(pd.quote().strip(), 80) + "\" does not occur in " + paper.id();
          }
        }
        if (problem != null) {
          dropped.add(problem);
          continue;
        }
        passages.add(new Citation.PaperPassage(paper.id(), found));
      }
      if (passages.isEmpty()) {
        refused.add(
            "\"" + Text.clip(claim, 160) + "\": no passage it cites could be found in its paper");
        continue;
      }
      passages.forEach(b::citation);
      String h = d.hypothesisId() == null ? null : d.hypothesisId().strip();
      if (h != null && (local.contains(h) || ctx.world().hypothesis(h).isPresent())) {
        b.hypothesisId(h);
      } else if (h == null || h.isEmpty()) {
        b.hypothesisId(ctx.task().hypothesisId());
      }
      b.summary(
          "From " + String.join(", ", passages.stream().map(Citation::label).distinct().toList()));
      findings.add(b.build());
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
        LlmDataAnalyst.nonBlank(report.openQuestions()),
        List.copyOf(papers.values()),
        Map.of());
  }

  /** Finds a quote in a text, forgiving only case, white space and typographic forms. */
  static final class Quotes {
    private Quotes() {}

    /**
     * The passage of a text a quote matches.
     *
     * @param quote the model's quote
     * @param text the paper's title or abstract
     * @return the text's own words for it, or {@code null} if it does not occur
     */
    static @Nullable String find(String quote, String text) {
      if (text == null || text.isBlank()) {
        return null;
      }
      String q = normalize(stripQuotes(quote.strip()));
      if (q.isEmpty()) {
        return null;
      }
      // normalize the text character by character, remembering where each came from
      StringBuilder norm = new StringBuilder();
      List<Integer> origin = new ArrayList<>();
      String t = Normalizer.normalize(text, Normalizer.Form.NFKC);
      boolean space = false;
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        if (Character.isWhitespace(c)) {
          if (!space && !norm.isEmpty()) {
            norm.append(' ');
            origin.add(i);
          }
          space = true;
          continue;
        }
        space = false;
        norm.append(fold(c));
        origin.add(i);
      }
      int at = norm.indexOf(q);
      if (at < 0) {
        return null;
      }
      int start = origin.get(at);
      int end = origin.get(at + q.length() - 1) + 1;
      return t.substring(start, end);
    }

    private static String stripQuotes(String s) {
      String out = s;
      while (out.length() >= 2 && isQuote(out.charAt(0)) && isQuote(out.charAt(out.length() - 1))) {
        out = out.substring(1, out.length() - 1).strip();
      }
      if (out.endsWith("...") || out.endsWith("…")) {
        out = out.substring(0, out.length() - (out.endsWith("…") ? 1 : 3)).strip();
      }
      return out;
    }

    private static boolean isQuote(char c) {
      return c == '"' || c == '\'' || c == '“' || c == '”' || c == '‘' || c == '’';
    }

    static String normalize(String s) {
      String t = Normalizer.normalize(s, Normalizer.Form.NFKC);
      StringBuilder sb = new StringBuilder();
      boolean space = false;
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        if (Character.isWhitespace(c)) {
          if (!space && !sb.isEmpty()) {
            sb.append(' ');
          }
          space = true;
          continue;
        }
        space = false;
        sb.append(fold(c));
      }
      return sb.toString().strip();
    }

    private static char fold(char c) {
      return switch (c) {
        case '“', '”', '„', '″' -> '"';
        case '‘', '’', '‚', '′' -> '\'';
        case '‐', '‑', '‒', '–', '—', '−' -> '-';
        default -> Character.toLowerCase(c);
      };
    }
  }
}
