package io.kosmos.core.team.llm;

import io.kosmos.api.Citation;
import io.kosmos.api.KosmosException;
import io.kosmos.api.LiteratureAnalyst;
import io.kosmos.api.LiteratureContext;
import io.kosmos.api.LiteratureException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.api.TaskResult;
import io.kosmos.core.internal.agents.Drafts.LiteratureReport;
import io.kosmos.core.internal.agents.Drafts.QueryPlan;
import io.kosmos.core.internal.agents.ModelCalls;
import io.kosmos.core.internal.agents.Prompts;
import io.kosmos.core.internal.agents.Text;
import io.kosmos.core.internal.agents.WorldText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * citation carries the paper's own words, not the model's copy ({@link Quotes}); {@link
 * LiteratureReportReader} checks the model's report.
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
    String system = calls.prompts().text(Prompts.Name.LITERATURE_SYSTEM);
    List<String> queries = queries(ctx, system);
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
    String searched = searched(ctx, queries, papers.size(), problems);
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
                calls.prompts().render(Prompts.Name.LITERATURE_FINDINGS, fv),
                LiteratureReport.class)
            .value();
    return new LiteratureReportReader(ctx, papers).result(report, searched);
  }

  /**
   * The queries the model proposes (at most the limit), or the task's own when it proposes none.
   */
  private List<String> queries(LiteratureContext ctx, String system) {
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
                calls.prompts().render(Prompts.Name.LITERATURE_QUERIES, v),
                QueryPlan.class)
            .value();
    List<String> queries =
        DraftReading.nonBlank(plan.queries()).stream()
            .distinct()
            .limit(limits.maxQueries())
            .toList();
    if (queries.isEmpty()) {
      String fallback = ctx.task().parameters().getOrDefault("query", ctx.task().description());
      queries = List.of(Text.clip(fallback.strip(), 200));
    }
    return queries;
  }

  /** What was searched and found, and what failed, for the task summary. */
  private static String searched(
      LiteratureContext ctx, List<String> queries, int found, List<String> problems) {
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
            + found
            + " paper(s) found.";
    if (!problems.isEmpty()) {
      searched += "\nSearch problems:\n" + Text.bullets(problems);
    }
    return searched;
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
}
