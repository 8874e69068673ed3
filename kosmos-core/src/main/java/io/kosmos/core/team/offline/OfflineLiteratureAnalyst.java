package io.kosmos.core.team.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.LiteratureAnalyst;
import io.kosmos.api.LiteratureContext;
import io.kosmos.api.LiteratureException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.api.Passage;
import io.kosmos.api.Task;
import io.kosmos.api.TaskResult;
import io.kosmos.core.internal.stats.ObjectiveMatcher;
import io.kosmos.core.internal.stats.ResultLine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offline team's literature analyst. It reads and quotes; it summarises nothing it did not read
 * and invents nothing.
 *
 * <p>For a task of prior evidence ({@code kind=evidence}) it searches, for each validated
 * association of the task, for passages that name both variables (by the phrases the planner gave
 * in {@code terms}: dictionary descriptions, column names, synonyms), keeps the sentences that name
 * both, at most one per paper and {@value #PAPERS_PER_PAIR} papers per association, and reads each
 * for the direction it states ({@link EvidenceReading}). Each becomes a literature finding quoting
 * the sentence, with the association's variables and the direction the paper states, so that the
 * world model sets it beside the data's finding. What was searched, and what was found or not, is
 * kept as a note ({@value #EVIDENCE_NOTE}{@code <dataset>|<x>|<y>}) from which the report says
 * plainly when nothing was found, or when the search failed.
 *
 * <p>For a background search ({@code kind=literature}, about the objective) it keeps, for each
 * passage found, the sentences that share the most words with the query, quoted as they are; when
 * any of them states a relation, only those that do.
 */
final class OfflineLiteratureAnalyst implements LiteratureAnalyst {

  /** The prefix of the notes that record a search for prior evidence. */
  static final String EVIDENCE_NOTE = "literature.evidence:";

  static final int PASSAGES_PER_SEARCH = 10;
  static final int PAPERS_PER_PAIR = 3;
  private static final int BACKGROUND_PASSAGES = 5;
  private static final int SENTENCES_PER_PASSAGE = 2;

  /**
   * What a search for prior evidence on one association found, as its note records it.
   *
   * @param dataset the dataset
   * @param x the first variable
   * @param y the second variable
   * @param finding the data's finding, or empty
   * @param query the query
   * @param searched the sources, in the order asked
   * @param answeredBy the sources of the passages found
   * @param passages how many passages came back
   * @param quoted how many sentences naming both variables were quoted
   * @param failed why the search failed, or empty
   */
  record EvidenceNote(
      String dataset,
      String x,
      String y,
      String finding,
      String query,
      String searched,
      List<String> answeredBy,
      int passages,
      int quoted,
      String failed) {

    /** The note as JSON (written by hand: the offline team's package is not open to Jackson). */
    String toJson() {
      com.fasterxml.jackson.databind.node.ObjectNode o = ResultLine.JSON.createObjectNode();
      o.put("dataset", dataset).put("x", x).put("y", y).put("finding", finding);
      o.put("query", query).put("searched", searched);
      answeredBy.forEach(o.putArray("answeredBy")::add);
      o.put("passages", passages).put("quoted", quoted).put("failed", failed);
      return o.toString();
    }

    /** A note read back, or {@code null} if it is not one. */
    static EvidenceNote parse(String json) {
      try {
        com.fasterxml.jackson.databind.JsonNode n = ResultLine.JSON.readTree(json);
        List<String> from = new ArrayList<>();
        n.path("answeredBy").forEach(a -> from.add(a.asText()));
        return new EvidenceNote(
            n.path("dataset").asText(),
            n.path("x").asText(),
            n.path("y").asText(),
            n.path("finding").asText(),
            n.path("query").asText(),
            n.path("searched").asText(),
            List.copyOf(from),
            n.path("passages").asInt(),
            n.path("quoted").asInt(),
            n.path("failed").asText());
      } catch (JsonProcessingException | RuntimeException e) {
        return null;
      }
    }
  }

  @Override
  public TaskResult search(LiteratureContext context) {
    Work work = Work.of(context.task().parameters().get("kind"));
    return work == Work.EVIDENCE ? evidence(context) : background(context);
  }

  // ---- prior evidence on validated associations --------------------------------------------

  private TaskResult evidence(LiteratureContext ctx) {
    Task task = ctx.task();
    String ds = task.parameters().getOrDefault("dataset", "");
    Map<String, List<String>> terms = terms(task);
    List<String> derived = List.of(task.parameters().getOrDefault("derivedFrom", "").split(","));
    List<List<String>> pairs = WorkState.pairs(task);
    List<Finding> findings = new ArrayList<>();
    Map<String, Paper> papers = new LinkedHashMap<>();
    Map<String, String> notes = new LinkedHashMap<>();
    int found = 0;
    for (int i = 0; i < pairs.size(); i++) {
      String x = pairs.get(i).get(0);
      String y = pairs.get(i).get(1);
      String findingId = i < derived.size() ? derived.get(i).strip() : "";
      EffectDirection data =
          ctx.world()
              .finding(findingId)
              .map(Finding::direction)
              .orElse(EffectDirection.UNSPECIFIED);
      List<String> xs = phrasesOf(x, terms);
      List<String> ys = phrasesOf(y, terms);
      String query = xs.getFirst() + " " + ys.getFirst();
      Searched s = searchPassages(ctx, query, PASSAGES_PER_SEARCH);
      List<Finding> quoted = new ArrayList<>();
      if (s.failure() == null) {
        quoted = quotes(s.passages(), x, y, xs, ys, findingId, data, papers);
      }
      findings.addAll(quoted);
      found += quoted.isEmpty() ? 0 : 1;
      notes.put(
          EVIDENCE_NOTE + ds + "|" + x + "|" + y,
          new EvidenceNote(
                  ds,
                  x,
                  y,
                  findingId,
                  query,
                  s.searched(),
                  s.answeredBy(),
                  s.passages().size(),
                  quoted.size(),
                  s.failure() == null ? "" : s.failure())
              .toJson());
    }
    String summary =
        "Searched "
            + searchedNames(ctx)
            + " for prior evidence on "
            + pairs.size()
            + " association(s): "
            + found
            + " with passages naming both variables ("
            + findings.size()
            + " quoted), "
            + (pairs.size() - found)
            + " with none.";
    return new TaskResult(
        summary, findings, List.of(), List.of(), List.copyOf(papers.values()), notes);
  }

  /** The sentences of the passages that name both variables, one per paper, as findings. */
  private static List<Finding> quotes(
      List<Passage> passages,
      String x,
      String y,
      List<String> xs,
      List<String> ys,
      String findingId,
      EffectDirection data,
      Map<String, Paper> papers) {
    List<Finding> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Passage p : passages) {
      if (out.size() >= PAPERS_PER_PAIR || seen.contains(p.paper().id())) {
        continue;
      }
      for (String sentence : sentences(p.text())) {
        if (!VariableTerms.namesBoth(sentence, xs, ys)) {
          continue;
        }
        seen.add(p.paper().id());
        papers.putIfAbsent(p.paper().id(), p.paper());
        EffectDirection stated = EvidenceReading.direction(sentence);
        EvidenceReading.Relation relation = EvidenceReading.relation(data, stated);
        out.add(
            Finding.builder(FindingKind.LITERATURE)
                .claim(
                    "Prior evidence "
                        + relation.words
                        + " "
                        + x
                        + " ~ "
                        + y
                        + (findingId.isEmpty() ? "" : " (" + findingId + ")")
                        + ": "
                        + byline(p.paper())
                        + " write \""
                        + sentence.replaceAll("\\s+", " ")
                        + "\"")
                .summary(
                    "A sentence of "
                        + p.paper().id()
                        + " ("
                        + p.locator()
                        + ") that names both variables; it reads as "
                        + (stated == EffectDirection.UNSPECIFIED
                            ? "stating no direction"
                            : "a " + stated.name().toLowerCase(java.util.Locale.ROOT) + " relation")
                        + ".")
                .direction(stated)
                .variable(x)
                .variable(y)
                .citation(p.citation(sentence))
                .build());
        break;
      }
    }
    return out;
  }

  // ---- background for the objective -------------------------------------------------------

  private TaskResult background(LiteratureContext ctx) {
    String query = ctx.task().parameters().getOrDefault("query", ctx.objective());
    List<String> terms = ObjectiveMatcher.terms(query);
    Searched s = searchPassages(ctx, query, BACKGROUND_PASSAGES);
    List<Finding> findings = new ArrayList<>();
    Map<String, Paper> papers = new LinkedHashMap<>();
    Map<Passage, List<String>> quotes = backgroundQuotes(s.passages(), terms);
    for (Map.Entry<Passage, List<String>> e : quotes.entrySet()) {
      Passage p = e.getKey();
      List<String> best = e.getValue();
      papers.putIfAbsent(p.paper().id(), p.paper());
      Finding.Builder f =
          Finding.builder(FindingKind.LITERATURE)
              .claim(
                  byline(p.paper())
                      + " write: \""
                      + String.join(" ", best).replaceAll("\\s+", " ")
                      + "\"")
              .summary(
                  "Quoted from "
                      + p.locator()
                      + " of \""
                      + p.paper().title()
                      + "\" for the query \""
                      + query
                      + "\".")
              .direction(EffectDirection.UNSPECIFIED);
      for (String sentence : best) {
        f.citation(p.citation(sentence));
      }
      findings.add(f.build());
    }
    String summary =
        "Searched "
            + searchedNames(ctx)
            + " for \""
            + query
            + "\": "
            + s.passages().size()
            + " passage(s)"
            + (s.answeredBy().isEmpty() ? "" : " from " + String.join(", ", s.answeredBy()))
            + ", "
            + findings.size()
            + " with sentences on the query."
            + (s.failure() == null ? "" : " Failed: " + s.failure());
    return new TaskResult(
        summary, findings, List.of(), List.of(), List.copyOf(papers.values()), Map.of());
  }

  /**
   * The sentences to quote from each passage: those sharing the most words with the query, and of
   * them only the ones stating a relation when any passage states one, since a methods sentence
   * that merely names the outcome ("progression was graded yearly") says nothing about what drives
   * it.
   */
  private static Map<Passage, List<String>> backgroundQuotes(
      List<Passage> passages, List<String> terms) {
    Map<Passage, List<String>> best = new LinkedHashMap<>();
    Map<Passage, List<String>> stating = new LinkedHashMap<>();
    for (Passage p : passages) {
      List<String> sentences = bestSentences(p.text(), terms);
      if (sentences.isEmpty()) {
        continue;
      }
      best.put(p, sentences);
      List<String> relations =
          sentences.stream()
              .filter(t -> EvidenceReading.direction(t) != EffectDirection.UNSPECIFIED)
              .toList();
      if (!relations.isEmpty()) {
        stating.put(p, relations);
      }
    }
    return stating.isEmpty() ? best : stating;
  }

  // ---- searching and reading --------------------------------------------------------------

  /**
   * What one search returned.
   *
   * @param passages the passages
   * @param searched the sources asked, as named
   * @param answeredBy the sources of the passages
   * @param failure why every source failed, or {@code null}
   */
  private record Searched(
      List<Passage> passages, String searched, List<String> answeredBy, String failure) {}

  /** Asks the sources in turn until one returns passages. */
  private static Searched searchPassages(LiteratureContext ctx, String query, int limit) {
    List<String> failures = new ArrayList<>();
    for (LiteratureSource source : ctx.sources()) {
      try {
        List<Passage> passages = source.passages(query, limit);
        if (!passages.isEmpty()) {
          Set<String> from = new LinkedHashSet<>();
          passages.forEach(p -> from.add(p.paper().source()));
          return new Searched(passages, searchedNames(ctx), List.copyOf(from), null);
        }
      } catch (LiteratureException e) {
        failures.add(e.getMessage());
      }
    }
    boolean allFailed = !ctx.sources().isEmpty() && failures.size() == ctx.sources().size();
    return new Searched(
        List.of(), searchedNames(ctx), List.of(), allFailed ? String.join("; ", failures) : null);
  }

  private static String searchedNames(LiteratureContext ctx) {
    return String.join(", ", ctx.sources().stream().map(LiteratureSource::name).toList());
  }

  /** "Jane Smith et al. (2019)", or the paper's id when it names no author. */
  static String byline(Paper p) {
    String who =
        p.authors().isEmpty()
            ? p.id()
            : p.authors().getFirst() + (p.authors().size() > 1 ? " et al." : "");
    return who + (p.year() == null ? "" : " (" + p.year() + ")");
  }

  /** The sentences of a text, each exactly as it is in the text. */
  static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String part : text.strip().split("(?<=[.!?])\\s+")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  /** The sentences of a text sharing the most words with the query, in text order. */
  static List<String> bestSentences(String text, List<String> terms) {
    List<String> parts = sentences(text);
    if (parts.isEmpty() || terms.isEmpty()) {
      return List.of();
    }
    Set<String> wanted = new HashSet<>(terms);
    List<int[]> scored = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      Set<String> words = new HashSet<>(ObjectiveMatcher.terms(parts.get(i)));
      words.retainAll(wanted);
      if (!words.isEmpty()) {
        scored.add(new int[] {i, words.size()});
      }
    }
    scored.sort((a, b) -> b[1] != a[1] ? b[1] - a[1] : a[0] - b[0]);
    List<Integer> keep = new ArrayList<>();
    for (int k = 0; k < Math.min(SENTENCES_PER_PASSAGE, scored.size()); k++) {
      keep.add(scored.get(k)[0]);
    }
    keep.sort(Integer::compare);
    return keep.stream().map(parts::get).toList();
  }

  /** The phrases for a variable: the planner's, else its name's, else the name itself. */
  private static List<String> phrasesOf(String variable, Map<String, List<String>> terms) {
    List<String> given = terms.get(variable);
    if (given != null && !given.isEmpty()) {
      return given;
    }
    List<String> own = VariableTerms.phrases(variable, "");
    return own.isEmpty() ? List.of(variable.toLowerCase(java.util.Locale.ROOT)) : own;
  }

  private static Map<String, List<String>> terms(Task task) {
    String json = task.parameters().get("terms");
    if (json == null) {
      return Map.of();
    }
    try {
      return ResultLine.JSON.readValue(json, new TypeReference<Map<String, List<String>>>() {});
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
