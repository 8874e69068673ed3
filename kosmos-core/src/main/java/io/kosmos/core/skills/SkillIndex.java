package io.kosmos.core.skills;

import io.kosmos.api.Skill;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Ranks skills against a text by TF-IDF cosine similarity. A skill's terms are the words of its
 * name and description (each counted twice) and of its body.
 */
public final class SkillIndex {

  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "is", "it",
          "of", "on", "or", "the", "to", "use", "when", "with", "this", "that", "what", "which");

  private final List<Skill> skills;
  private final List<Map<String, Double>> vectors = new ArrayList<>();
  private final Map<String, Double> idf = new HashMap<>();

  /**
   * Indexes skills.
   *
   * @param skills the skills
   */
  public SkillIndex(List<Skill> skills) {
    this.skills = List.copyOf(skills);
    List<Map<String, Integer>> counts = new ArrayList<>();
    Map<String, Integer> df = new HashMap<>();
    for (Skill s : this.skills) {
      Map<String, Integer> tf = new HashMap<>();
      for (int k = 0; k < 2; k++) {
        count(tf, s.name().replace('-', ' '));
        count(tf, s.description());
      }
      count(tf, s.body());
      counts.add(tf);
      tf.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
    }
    int n = this.skills.size();
    df.forEach((t, d) -> idf.put(t, Math.log((n + 1.0) / (d + 1.0)) + 1));
    for (Map<String, Integer> tf : counts) {
      vectors.add(weigh(tf));
    }
  }

  /**
   * Every skill.
   *
   * @return the skills
   */
  public List<Skill> skills() {
    return skills;
  }

  /**
   * The skills most similar to a text.
   *
   * @param text the text
   * @param limit the most to return
   * @return the skills with a positive score, best first
   */
  public List<Skill> select(String text, int limit) {
    Map<String, Integer> tf = new HashMap<>();
    count(tf, text);
    Map<String, Double> query = weigh(tf);
    record Scored(Skill skill, double score) {}
    List<Scored> scored = new ArrayList<>();
    for (int i = 0; i < skills.size(); i++) {
      double score = cosine(query, vectors.get(i));
      if (score > 0) {
        scored.add(new Scored(skills.get(i), score));
      }
    }
    scored.sort(
        Comparator.comparingDouble(Scored::score).reversed().thenComparing(s -> s.skill().name()));
    return scored.stream().limit(limit).map(Scored::skill).toList();
  }

  private Map<String, Double> weigh(Map<String, Integer> tf) {
    Map<String, Double> v = new HashMap<>();
    double norm = 0;
    for (Map.Entry<String, Integer> e : tf.entrySet()) {
      Double w = idf.get(e.getKey());
      if (w == null) {
        continue;
      }
      double x = (1 + Math.log(e.getValue())) * w;
      v.put(e.getKey(), x);
      norm += x * x;
    }
    double len = Math.sqrt(norm);
    if (len > 0) {
      v.replaceAll((k, x) -> x / len);
    }
    return v;
  }

  private static double cosine(Map<String, Double> a, Map<String, Double> b) {
    Map<String, Double> small = a.size() <= b.size() ? a : b;
    Map<String, Double> large = small == a ? b : a;
    double dot = 0;
    for (Map.Entry<String, Double> e : small.entrySet()) {
      Double other = large.get(e.getKey());
      if (other != null) {
        dot += e.getValue() * other;
      }
    }
    return dot;
  }

  private static void count(Map<String, Integer> tf, String text) {
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.length() > 2 && !STOP_WORDS.contains(w)) {
        tf.merge(stem(w), 1, Integer::sum);
      }
    }
  }

  /** A light stemmer: plural and common suffixes, so "correlations" matches "correlation". */
  static String stem(String w) {
    if (w.length() > 5 && w.endsWith("ing")) {
      return w.substring(0, w.length() - 3);
    }
    if (w.length() > 4 && w.endsWith("ies")) {
      return w.substring(0, w.length() - 3) + "y";
    }
    if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
      return w.substring(0, w.length() - 1);
    }
    return w;
  }
}
