package io.kosmos.core.validation;

import io.kosmos.api.Finding;
import io.kosmos.api.ValidationContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The findings a judge should see beside one finding: the other findings of its task, those of the
 * tasks before it in the same cycle (a parallel task may have found the same thing), and earlier
 * findings of the run on the same topic.
 *
 * <p>The topic is the variables, weighted by how rare they are among the run's findings (inverse
 * document frequency), with the claim's words and a shared hypothesis adding to it. A variable that
 * nearly every finding has (the outcome of the objective) then counts for almost nothing, so
 * sharing only the outcome does not make findings related; sharing the exposure does.
 */
final class RelatedFindings {

  /** The least topic score that makes an earlier finding related. */
  static final double MIN_SCORE = 0.2;

  private static final Set<String> STOP_WORDS =
      Set.of(
          "the",
          "and",
          "with",
          "for",
          "was",
          "were",
          "that",
          "this",
          "from",
          "than",
          "not",
          "are",
          "has",
          "had",
          "have",
          "its",
          "per",
          "after",
          "into",
          "between",
          "across",
          "higher",
          "lower",
          "associated",
          "association",
          "effect",
          "significant",
          "p",
          "n",
          "ci",
          "95");

  private final Finding finding;
  private final List<Finding> cycle;
  private final List<Finding> world;
  private final Map<String, Double> idf = new HashMap<>();

  RelatedFindings(Finding finding, ValidationContext context) {
    this.finding = finding;
    this.cycle = context.cycleFindings();
    Set<String> inCycle = new HashSet<>();
    cycle.forEach(f -> inCycle.add(f.id()));
    this.world = new ArrayList<>();
    for (Finding f : context.world().findings()) {
      if (!inCycle.contains(f.id()) && !f.id().equals(finding.id())) {
        world.add(f);
      }
    }
    Map<String, Integer> df = new HashMap<>();
    int n = 0;
    for (List<Finding> pool : List.of(world, cycle)) {
      for (Finding f : pool) {
        n++;
        for (String v : variables(f)) {
          df.merge(v, 1, Integer::sum);
        }
      }
    }
    int total = Math.max(n, 1);
    df.forEach((v, d) -> idf.put(v, Math.log((total + 1.0) / (d + 0.5))));
  }

  /** The other findings of the same task, in order. */
  List<Finding> sameTask(int limit) {
    return cycle.stream()
        .filter(f -> f.taskId().equals(finding.taskId()) && !f.id().equals(finding.id()))
        .limit(limit)
        .toList();
  }

  /** Findings of the tasks before this one in the cycle, on the same topic first. */
  List<Finding> sameCycle(int limit) {
    List<Finding> others =
        cycle.stream()
            .filter(f -> !f.taskId().equals(finding.taskId()) && !f.id().equals(finding.id()))
            .toList();
    return ranked(others, 0, limit);
  }

  /** Earlier findings of the run on the same topic, the closest first. */
  List<Finding> earlier(int limit) {
    return ranked(world, MIN_SCORE, limit);
  }

  private List<Finding> ranked(List<Finding> pool, double min, int limit) {
    record Scored(Finding f, double score, int order) {}
    List<Scored> scored = new ArrayList<>();
    for (int i = 0; i < pool.size(); i++) {
      double s = score(pool.get(i));
      if (s > min) {
        scored.add(new Scored(pool.get(i), s, i));
      }
    }
    scored.sort(
        Comparator.comparingDouble(Scored::score)
            .reversed()
            .thenComparing(Comparator.comparingInt(Scored::order).reversed()));
    return scored.stream().limit(limit).map(Scored::f).toList();
  }

  /** How close another finding's topic is: weighted shared variables, words, hypothesis. */
  double score(Finding other) {
    Set<String> a = variables(finding);
    Set<String> b = variables(other);
    double shared = 0;
    double all = 0;
    Set<String> union = new HashSet<>(a);
    union.addAll(b);
    for (String v : union) {
      double w = idf.getOrDefault(v, 1.0);
      all += w;
      if (a.contains(v) && b.contains(v)) {
        shared += w;
      }
    }
    double variableScore = all == 0 ? 0 : shared / all;
    double wordScore = jaccard(words(finding.claim()), words(other.claim()));
    boolean sameHypothesis =
        finding.hypothesisId() != null && finding.hypothesisId().equals(other.hypothesisId());
    return variableScore + 0.3 * wordScore + (sameHypothesis ? 0.5 : 0);
  }

  private static Set<String> variables(Finding f) {
    Set<String> out = new HashSet<>();
    for (String v : f.variables()) {
      out.add(v.strip().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_]+")) {
      if (w.length() > 2 && !STOP_WORDS.contains(w) && !w.chars().allMatch(Character::isDigit)) {
        out.add(w);
      }
    }
    return out;
  }

  private static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    Set<String> inter = new HashSet<>(a);
    inter.retainAll(b);
    Set<String> union = new HashSet<>(a);
    union.addAll(b);
    return inter.size() / (double) union.size();
  }
}
