package io.kosmos.core.team.offline;

import io.kosmos.core.internal.stats.ObjectiveMatcher;
import io.kosmos.core.internal.stats.Synonyms;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words a paper may use for a variable of the data: its dictionary description without the
 * words that only qualify it ("log of serum triglycerides level" becomes "triglycerides"), its
 * column name as words, the run's synonym table ({@link Synonyms}: the one the question is read
 * with, users' own groups included, so "gender" and "sex" are searched for together), and a few
 * words papers use for a measure that do not name a column ({@code bmi} and "obesity", blood
 * pressure and "hypertension"). The first phrase is the one a search uses.
 */
final class VariableTerms {

  /**
   * Words papers use for a measure that must not find a column when a question is read ("obesity"
   * is no column of bmi's), so they live here and not in the run's {@link Synonyms}.
   */
  private static final List<List<String>> PAPER_WORDS =
      List.of(
          List.of("bmi", "body mass index", "obesity"),
          List.of("blood pressure", "bp", "hypertension"),
          List.of("glucose", "blood sugar", "glycaemia", "glycemia"),
          List.of("hdl", "high density lipoprotein", "hdl cholesterol"),
          List.of("ldl", "low density lipoprotein", "ldl cholesterol"),
          List.of("triglycerides", "triglyceride", "ltg"),
          List.of("cholesterol", "tc"),
          List.of("progression", "disease progression"));

  /**
   * Words that qualify a measure without naming it. "total" is not one: "total cholesterol" is a
   * measure of its own, and "cholesterol" alone would also name HDL and LDL cholesterol.
   */
  private static final Set<String> QUALIFIERS =
      Set.of(
          "possibly",
          "log",
          "logarithm",
          "of",
          "the",
          "a",
          "an",
          "serum",
          "plasma",
          "level",
          "levels",
          "measure",
          "measured",
          "quantitative",
          "average",
          "mean",
          "one",
          "year",
          "years",
          "after",
          "baseline",
          "in",
          "at",
          "coded",
          "or",
          "and",
          "value",
          "values",
          "score",
          "count",
          "number",
          "ratio",
          "per",
          "fasting");

  /** A first word after which the last word alone also names the variable. */
  private static final Set<String> MODIFIERS =
      Set.of("disease", "serum", "log", "average", "mean", "fasting", "plasma", "annual");

  private VariableTerms() {}

  /**
   * The phrases for a variable, the one to search with first.
   *
   * @param column the column's name
   * @param description its dictionary description, or empty
   * @return the phrases, lower case, without repeats
   */
  static List<String> phrases(String column, String description) {
    return phrases(column, description, Synonyms.defaults());
  }

  /**
   * The phrases for a variable, the one to search with first, with a run's synonym table.
   *
   * @param column the column's name
   * @param description its dictionary description, or empty
   * @param synonyms the run's synonyms (defaults plus the user's groups)
   * @return the phrases, lower case, without repeats
   */
  static List<String> phrases(String column, String description, Synonyms synonyms) {
    Set<String> out = new LinkedHashSet<>();
    String described = describedPhrase(description);
    if (!described.isEmpty()) {
      out.add(described);
    }
    String name = ObjectiveMatcher.splitName(column).toLowerCase(Locale.ROOT).strip();
    if (name.length() >= 2 && !name.matches("[a-z]\\s*\\d*")) {
      out.add(name);
    }
    for (String p : new ArrayList<>(out)) {
      String[] words = p.split(" ");
      if (words.length == 2 && MODIFIERS.contains(words[0])) {
        out.add(words[1]);
      }
    }
    for (String p : new ArrayList<>(out)) {
      for (List<String> group : PAPER_WORDS) {
        if (group.contains(p)) {
          out.addAll(group);
        }
      }
      out.addAll(synonyms.sameAs(p));
    }
    return List.copyOf(out);
  }

  /** A description without code prefixes ("ltg:"), brackets, and qualifying words. */
  private static String describedPhrase(String description) {
    if (description == null || description.isBlank()) {
      return "";
    }
    String d = description.toLowerCase(Locale.ROOT);
    d = d.replaceFirst("^\\s*[a-z0-9_]{1,8}\\s*:\\s*", "");
    d = d.replaceAll("\\([^)]*\\)", " ").replace('-', ' ');
    if (d.contains(",")) {
      d = d.substring(0, d.indexOf(','));
    }
    List<String> words = new ArrayList<>();
    for (String w : d.split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty() && !QUALIFIERS.contains(w) && !w.chars().allMatch(Character::isDigit)) {
        words.add(w);
      }
    }
    return words.size() > 4 ? "" : String.join(" ", words);
  }

  /**
   * Whether a text names a variable: every word of one of its phrases occurs in it as a word
   * (plurals and common endings forgiven).
   *
   * @param words the text's words, from {@link #words}
   * @param phrases the variable's phrases
   * @return the phrase found, or {@code null}
   */
  static String named(Set<String> words, List<String> phrases) {
    for (String p : phrases) {
      boolean all = true;
      for (String w : p.split(" ")) {
        if (!words.contains(ObjectiveMatcher.stem(w))) {
          all = false;
          break;
        }
      }
      if (all) {
        return p;
      }
    }
    return null;
  }

  /**
   * Whether a text names both variables with different words: "HDL cholesterol" names hdl, but it
   * does not also name the ratio of cholesterol to HDL, whose words it shares; "the cholesterol to
   * HDL ratio fell as HDL rose" names both.
   *
   * @param text the text
   * @param xs the first variable's phrases
   * @param ys the second variable's phrases
   * @return whether a phrase of each occurs, the second among the words the first left
   */
  static boolean namesBoth(String text, List<String> xs, List<String> ys) {
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        counts.merge(ObjectiveMatcher.stem(w), 1, Integer::sum);
      }
    }
    return apart(counts, xs, ys) || apart(counts, ys, xs);
  }

  private static boolean apart(
      java.util.Map<String, Integer> counts, List<String> firsts, List<String> seconds) {
    for (String first : firsts) {
      java.util.Map<String, Integer> rest = new java.util.HashMap<>(counts);
      if (!take(rest, first)) {
        continue;
      }
      for (String second : seconds) {
        if (take(new java.util.HashMap<>(rest), second)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Takes one occurrence of each word of a phrase; whether every one was there. */
  private static boolean take(java.util.Map<String, Integer> counts, String phrase) {
    for (String w : phrase.split(" ")) {
      String stem = ObjectiveMatcher.stem(w);
      int n = counts.getOrDefault(stem, 0);
      if (n == 0) {
        return false;
      }
      counts.put(stem, n - 1);
    }
    return true;
  }

  /**
   * The words of a text as {@link #named} compares them.
   *
   * @param text the text
   * @return its words, lower case and stemmed
   */
  static Set<String> words(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        out.add(ObjectiveMatcher.stem(w));
      }
    }
    return out;
  }
}
