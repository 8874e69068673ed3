package io.kosmos.core.internal.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides what the objective is about: its words, lower-cased, stemmed and stripped of common
 * words, are matched against each column's name (split at underscores, dashes, digits and
 * camelCase) and its data-dictionary description. A word of the name counts 2, a word of the
 * description 1, and a column that is named or described like an outcome (progression, outcome,
 * target, response ...) gets 1.5 more when the objective asks about an outcome. Per dataset, the
 * best-scoring column is the outcome of interest; the other matched columns are tested first. When
 * nothing matches, the run says so and explores every pair.
 */
public final class ObjectiveMatcher {

  /** Words that carry no subject matter in an objective. */
  public static final Set<String> STOP_WORDS =
      Set.of(
          "a",
          "about",
          "across",
          "after",
          "all",
          "among",
          "an",
          "and",
          "any",
          "are",
          "as",
          "at",
          "be",
          "been",
          "between",
          "by",
          "can",
          "cause",
          "causes",
          "cohort",
          "data",
          "dataset",
          "determine",
          "determines",
          "do",
          "does",
          "drive",
          "drives",
          "driving",
          "effect",
          "effects",
          "explain",
          "explains",
          "factor",
          "factors",
          "find",
          "for",
          "from",
          "has",
          "have",
          "how",
          "in",
          "influence",
          "influences",
          "into",
          "is",
          "it",
          "its",
          "of",
          "on",
          "or",
          "our",
          "over",
          "patients",
          "people",
          "predict",
          "predicts",
          "predictor",
          "predictors",
          "relate",
          "related",
          "relationship",
          "sample",
          "study",
          "that",
          "the",
          "their",
          "these",
          "this",
          "those",
          "to",
          "variable",
          "variables",
          "we",
          "what",
          "when",
          "where",
          "which",
          "while",
          "who",
          "why",
          "with",
          "within",
          "affect",
          "affects",
          "associated",
          "association",
          "associations",
          "impact",
          "impacts",
          "shape",
          "shapes",
          "matter",
          "matters",
          "most",
          "more",
          "less",
          "one",
          "year",
          "years",
          "measure",
          "measures",
          "level",
          "levels",
          "quantitative",
          "value",
          "values");

  /** Words that name an outcome (after stemming). */
  public static final Set<String> OUTCOME_WORDS =
      Set.of(
          "outcom",
          "target",
          "respons",
          "progress",
          "endpoint",
          "label",
          "depend",
          "result",
          "surviv",
          "mortal",
          "death",
          "diagnos",
          "diseas",
          "recurr",
          "success",
          "failur",
          "y");

  /**
   * A column as the matcher sees it.
   *
   * @param dataset the dataset name
   * @param column the column name
   * @param description its dictionary description, or empty
   */
  public record Column(String dataset, String column, String description) {}

  /**
   * What the objective matched.
   *
   * @param terms the objective's terms (stemmed)
   * @param scores every column with a score above 0, best first
   * @param outcomes the outcome column per dataset (absent for a dataset where nothing matched)
   * @param matchedWords per column, the objective words it matched
   */
  public record Match(
      List<String> terms,
      List<Scored> scores,
      Map<String, String> outcomes,
      Map<String, List<String>> matchedWords) {

    /** Whether the objective matched no column at all. */
    public boolean matchedNothing() {
      return scores.isEmpty();
    }

    /** The score of a column, 0 when it did not match. */
    public double score(String dataset, String column) {
      for (Scored s : scores) {
        if (s.column().dataset().equals(dataset) && s.column().column().equals(column)) {
          return s.score();
        }
      }
      return 0;
    }

    /** Whether the column is the outcome of its dataset or matched the objective. */
    public boolean relevant(String dataset, String column) {
      return score(dataset, column) > 0;
    }

    /** The outcome of a dataset, or {@code null}. */
    public String outcome(String dataset) {
      return outcomes.get(dataset);
    }
  }

  /**
   * A column and its score.
   *
   * @param column the column
   * @param score how well it matched
   */
  public record Scored(Column column, double score) {}

  private ObjectiveMatcher() {}

  /**
   * Matches an objective against columns.
   *
   * @param objective the research objective
   * @param columns the candidate columns (set-aside ones already removed)
   * @return the match
   */
  public static Match match(String objective, List<Column> columns) {
    List<String> terms = new ArrayList<>(terms(objective));
    boolean asksOutcome = terms.stream().anyMatch(ObjectiveMatcher::outcomeWord);
    List<Scored> scored = new ArrayList<>();
    Map<String, List<String>> matched = new LinkedHashMap<>();
    for (Column c : columns) {
      Set<String> name = new LinkedHashSet<>(terms(splitName(c.column())));
      Set<String> description = new LinkedHashSet<>(terms(c.description()));
      double score = 0;
      List<String> words = new ArrayList<>();
      for (String t : new LinkedHashSet<>(terms)) {
        if (name.contains(t)) {
          score += 2;
          words.add(t);
        } else if (description.contains(t)) {
          score += 1;
          words.add(t);
        }
      }
      boolean outcomeLike =
          name.stream().anyMatch(ObjectiveMatcher::outcomeWord)
              || (score > 0 && description.stream().anyMatch(ObjectiveMatcher::outcomeWord));
      if (score > 0 && outcomeLike && asksOutcome) {
        score += 1.5;
      }
      if (score > 0) {
        scored.add(new Scored(c, score));
        matched.put(c.dataset() + "|" + c.column(), words);
      }
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed());
    Map<String, String> outcomes = new LinkedHashMap<>();
    for (Scored s : scored) {
      outcomes.putIfAbsent(s.column().dataset(), s.column().column());
    }
    return new Match(List.copyOf(terms), List.copyOf(scored), outcomes, matched);
  }

  /** Whether a stemmed word names an outcome: it starts with one of {@link #OUTCOME_WORDS}. */
  public static boolean outcomeWord(String term) {
    if (term.equals("y")) {
      return true;
    }
    for (String w : OUTCOME_WORDS) {
      if (w.length() > 1 && term.startsWith(w)) {
        return true;
      }
    }
    return false;
  }

  /** A column name as words: {@code diseaseProgression_1y} becomes "disease progression 1 y". */
  public static String splitName(String name) {
    return name.replaceAll("([a-z])([A-Z])", "$1 $2")
        .replaceAll("([A-Za-z])([0-9])", "$1 $2")
        .replaceAll("([0-9])([A-Za-z])", "$1 $2")
        .replaceAll("[_\\-.]+", " ");
  }

  /** The stemmed content words of a text. */
  public static List<String> terms(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.isEmpty() || STOP_WORDS.contains(w) || (w.length() < 2 && !w.equals("y"))) {
        continue;
      }
      if (w.chars().allMatch(Character::isDigit)) {
        continue;
      }
      out.add(stem(w));
    }
    return out;
  }

  /**
   * A light suffix-stripping stemmer: enough for "progression"/"progress", "levels"/"level",
   * "smoking"/"smoke" to meet.
   */
  public static String stem(String w) {
    String s = w;
    if (s.length() > 5 && s.endsWith("ions")) {
      s = s.substring(0, s.length() - 4);
    } else if (s.length() > 4 && s.endsWith("ion")) {
      s = s.substring(0, s.length() - 3);
    } else if (s.length() > 4 && s.endsWith("ies")) {
      s = s.substring(0, s.length() - 3) + "y";
    } else if (s.length() > 5 && s.endsWith("ing")) {
      s = s.substring(0, s.length() - 3);
    } else if (s.length() > 4 && s.endsWith("ed")) {
      s = s.substring(0, s.length() - 2);
    } else if (s.length() > 3 && s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.length() > 4 && s.endsWith("e")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
