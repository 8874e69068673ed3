package io.kosmos.core.team.offline;

import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.LiteratureAnalyst;
import io.kosmos.api.LiteratureContext;
import io.kosmos.api.LiteratureException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.api.TaskResult;
import io.kosmos.core.internal.stats.ObjectiveMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offline team's literature analyst: searches the configured sources for the task's query and
 * keeps, for each paper, the abstract sentences that contain the most query words, quoted as they
 * are. It summarises nothing it did not read and invents nothing: a finding is an extractive
 * quotation citing its paper passage. With no source configured the planner plans no literature
 * tasks.
 */
final class OfflineLiteratureAnalyst implements LiteratureAnalyst {

  private static final int PAPERS_PER_SOURCE = 5;
  private static final int SENTENCES_PER_PAPER = 2;

  @Override
  public TaskResult search(LiteratureContext context) {
    String query = context.task().parameters().getOrDefault("query", context.objective());
    List<String> terms = ObjectiveMatcher.terms(query);
    Map<String, Paper> papers = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    for (LiteratureSource source : context.sources()) {
      try {
        for (Paper p : source.search(query, PAPERS_PER_SOURCE)) {
          papers.putIfAbsent(p.id(), p);
        }
      } catch (LiteratureException e) {
        failures.add(source.name() + ": " + e.getMessage());
      }
    }
    List<Finding> findings = new ArrayList<>();
    for (Paper p : papers.values()) {
      List<String> best = sentences(p.abstractText(), terms);
      if (best.isEmpty()) {
        continue;
      }
      String quote = String.join(" ", best);
      Finding.Builder f =
          Finding.builder(FindingKind.LITERATURE)
              .claim(
                  (p.authors().isEmpty()
                          ? ""
                          : p.authors().getFirst()
                              + (p.authors().size() > 1 ? " et al." : "")
                              + " ")
                      + (p.year() == null ? "" : "(" + p.year() + ") ")
                      + "report: \""
                      + quote
                      + "\"")
              .summary(
                  "Quoted from the abstract of \""
                      + p.title()
                      + "\" for the query \""
                      + query
                      + "\".")
              .direction(EffectDirection.UNSPECIFIED);
      for (String s : best) {
        f.citation(Citation.PaperPassage.of(p.id(), "abstract", s));
      }
      findings.add(f.build());
    }
    String summary =
        "Searched "
            + context.sources().size()
            + " source(s) for \""
            + query
            + "\": "
            + papers.size()
            + " paper(s), "
            + findings.size()
            + " with abstract sentences on the query."
            + (failures.isEmpty() ? "" : " Failed: " + String.join("; ", failures) + ".");
    return new TaskResult(
        summary, findings, List.of(), List.of(), List.copyOf(papers.values()), Map.of());
  }

  /** The sentences of a text sharing the most words with the query, in text order. */
  static List<String> sentences(String text, List<String> terms) {
    if (text == null || text.isBlank() || terms.isEmpty()) {
      return List.of();
    }
    String[] parts = text.strip().split("(?<=[.!?])\\s+");
    Set<String> wanted = new HashSet<>(terms);
    List<int[]> scored = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      Set<String> words = new HashSet<>(ObjectiveMatcher.terms(parts[i]));
      words.retainAll(wanted);
      if (!words.isEmpty()) {
        scored.add(new int[] {i, words.size()});
      }
    }
    scored.sort((a, b) -> b[1] != a[1] ? b[1] - a[1] : a[0] - b[0]);
    List<Integer> keep = new ArrayList<>();
    for (int k = 0; k < Math.min(SENTENCES_PER_PAPER, scored.size()); k++) {
      keep.add(scored.get(k)[0]);
    }
    keep.sort(Integer::compare);
    List<String> out = new ArrayList<>();
    for (int i : keep) {
      out.add(parts[i].strip());
    }
    return out;
  }
}
