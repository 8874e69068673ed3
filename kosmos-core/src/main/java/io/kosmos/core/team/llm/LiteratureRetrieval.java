package io.kosmos.core.team.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.LiteratureContext;
import io.kosmos.api.LiteratureException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.api.Passage;
import io.kosmos.api.ToolCall;
import io.kosmos.core.internal.agents.Text;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@link LlmLiteratureAnalyst} retrieved for one task: every passage its searches and
 * reads returned, by paper, which are the only texts the model's quotes may come from; and the
 * tools the model calls to search and read more. A tool never throws: a failure is the tool's
 * answer, so the model can try something else.
 */
final class LiteratureRetrieval {

  private static final Logger LOG = LoggerFactory.getLogger(LiteratureRetrieval.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PASSAGE_CHARS = 1_500;
  private static final int MAX_RESULT_CHARS = 12_000;

  private final LiteratureContext ctx;
  private final LlmLiteratureAnalyst.Limits limits;
  final Map<String, Paper> papers = new LinkedHashMap<>();
  final Map<String, List<Passage>> texts = new LinkedHashMap<>();
  final List<Passage> shown = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final Set<String> toolCalls = new LinkedHashSet<>();
  private int calls;

  LiteratureRetrieval(LiteratureContext ctx, LlmLiteratureAnalyst.Limits limits) {
    this.ctx = ctx;
    this.limits = limits;
  }

  /** Searches every source for passages; returns those new to the task. */
  List<Passage> search(String query) {
    List<Passage> added = new ArrayList<>();
    for (LiteratureSource source : ctx.sources()) {
      try {
        for (Passage p : source.passages(query, limits.papersPerQuery())) {
          if (!papers.containsKey(p.paper().id()) && papers.size() >= limits.maxPapers()) {
            continue;
          }
          if (keep(p)) {
            added.add(p);
            shown.add(p);
          }
        }
      } catch (LiteratureException e) {
        problems.add(source.name() + " failed for \"" + query + "\": " + e.getMessage());
        LOG.info("task {}: {} failed: {}", ctx.task().id(), source.name(), e.getMessage());
      }
    }
    return added;
  }

  /** Adds a passage to its paper's texts; whether it was new. */
  private boolean keep(Passage p) {
    papers.putIfAbsent(p.paper().id(), p.paper());
    List<Passage> of = texts.computeIfAbsent(p.paper().id(), k -> new ArrayList<>());
    for (Passage q : of) {
      if (q.locator().equals(p.locator()) && q.start() == p.start() && q.text().equals(p.text())) {
        return false;
      }
    }
    of.add(p);
    return true;
  }

  /** Carries out a tool call and returns its answer for the model. */
  String run(ToolCall call) {
    calls++;
    toolCalls.add(call.name());
    JsonNode args;
    try {
      args = JSON.readTree(call.arguments().isBlank() ? "{}" : call.arguments());
    } catch (IOException e) {
      return "The arguments are not JSON (" + e.getMessage() + "); call the tool again.";
    }
    if (call.name().equals(LlmLiteratureAnalyst.SEARCH_TOOL)) {
      String query = args.path("query").asText("").strip();
      if (query.isEmpty()) {
        return "Give a query: {\"query\": \"keywords\"}.";
      }
      List<Passage> found = search(query);
      return found.isEmpty()
          ? "No new passage for \""
              + query
              + "\""
              + (problems.isEmpty() ? "." : ": " + problems.getLast())
          : clip(render(found));
    }
    if (call.name().equals(LlmLiteratureAnalyst.READ_TOOL)) {
      String id = args.path("paperId").asText("").strip();
      if (!papers.containsKey(id)) {
        return "Paper " + id + " was not found by a search of this task; search first.";
      }
      List<Passage> read = read(id);
      return read.isEmpty()
          ? "The sources hold no more text of " + id + " than the passages already shown."
          : clip(render(read));
    }
    return "There is no tool named " + call.name() + ".";
  }

  private List<Passage> read(String paperId) {
    for (LiteratureSource source : ctx.sources()) {
      try {
        List<Passage> all = source.read(paperId);
        if (!all.isEmpty()) {
          all.forEach(this::keep);
          return all;
        }
      } catch (LiteratureException e) {
        problems.add(source.name() + " could not read " + paperId + ": " + e.getMessage());
      }
    }
    return List.of();
  }

  /** What was searched and found, and what failed, for the task summary. */
  String summary(List<String> queries) {
    String s =
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
            + " paper(s) found"
            + (calls == 0
                ? ""
                : "; the model made "
                    + calls
                    + " tool call(s) ("
                    + String.join(", ", toolCalls)
                    + ")")
            + ".";
    if (!problems.isEmpty()) {
      s += "\nSearch problems:\n" + Text.bullets(problems);
    }
    return s;
  }

  /** Passages as the model reads them: by paper, each with where it is. */
  static String render(List<Passage> passages) {
    Map<String, List<Passage>> byPaper = new LinkedHashMap<>();
    for (Passage p : passages) {
      byPaper.computeIfAbsent(p.paper().id(), k -> new ArrayList<>()).add(p);
    }
    StringBuilder sb = new StringBuilder();
    for (List<Passage> ps : byPaper.values()) {
      Paper paper = ps.getFirst().paper();
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
      for (Passage p : ps) {
        sb.append("Passage (")
            .append(p.locator())
            .append("): ")
            .append(Text.clip(p.text().replaceAll("\\s+", " ").strip(), MAX_PASSAGE_CHARS))
            .append('\n');
      }
      sb.append('\n');
    }
    return sb.toString().strip();
  }

  private static String clip(String s) {
    return Text.clip(s, MAX_RESULT_CHARS);
  }
}
