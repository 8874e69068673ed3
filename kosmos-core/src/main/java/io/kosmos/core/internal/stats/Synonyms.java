package io.kosmos.core.internal.stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Words and phrases that name the same thing in a research question and in a table: "gender" and
 * {@code sex}, "income" and {@code earnings}, "socioeconomic status" and {@code SES}. The {@link
 * QuestionReader} widens a column's vocabulary with the groups its name or description belongs to,
 * so that "How does gender relate to degree completion?" finds {@code SAMPLE_SEX}. A small table
 * ships ({@link #defaults()}); users add groups of their own ({@code
 * OfflineScientist.builder().synonyms(...)}), and the data dictionary stays the first place to say
 * what a column means.
 *
 * <p>Level groups name values rather than columns ("women" for the level {@code female} of {@code
 * sex}): the reader turns "among women" into a restriction on the column of their concept, and the
 * sandbox finds the matching level.
 *
 * <p>Immutable.
 */
public final class Synonyms {

  private static final List<List<String>> DEFAULT_GROUPS =
      List.of(
          List.of("gender", "sex"),
          List.of("income", "wealth", "earnings", "salary", "wage", "wages", "pay"),
          List.of("socioeconomic status", "ses", "social class", "socioeconomic"),
          List.of("education", "schooling", "educational attainment", "educ"),
          List.of("age", "years old"),
          List.of("body mass index", "bmi"),
          List.of("weight", "body weight"),
          List.of("blood pressure", "bp"),
          List.of("smoking", "smoker", "tobacco", "cigarettes"),
          List.of("alcohol", "drinking"),
          List.of("mortality", "death", "died", "dead", "deceased", "fatality"),
          List.of("survival", "survived", "alive"),
          List.of("readmission", "readmitted", "rehospitalization"),
          List.of("treatment", "therapy", "intervention", "treated"),
          List.of("race", "ethnicity"),
          List.of("marital status", "married", "marriage", "spouse"),
          List.of("employment", "employed", "unemployment", "unemployed", "job"),
          List.of("country", "nation"),
          List.of("temperature", "temp"),
          List.of("gdp", "gross domestic product"),
          List.of("life expectancy", "lifespan", "longevity"),
          List.of("height", "stature"),
          List.of("depression", "depressed", "depressive"),
          List.of("length of stay", "hospital stay", "los"),
          List.of("ward", "unit", "department"),
          List.of("cholesterol", "chol"),
          List.of("glucose", "blood sugar"),
          List.of("triglycerides", "ltg"),
          List.of("incarceration", "incarcerated", "prison", "jail", "imprisoned"));

  /** Level groups: the concept (a column) and the words of each of its levels. */
  private static final Map<String, List<List<String>>> DEFAULT_LEVELS =
      Map.of(
          "sex",
          List.of(
              List.of("female", "females", "woman", "women", "girl", "girls", "f"),
              List.of("male", "males", "man", "men", "boy", "boys", "m")));

  private static final Synonyms DEFAULTS = new Synonyms(DEFAULT_GROUPS, DEFAULT_LEVELS);

  private final List<List<List<String>>> groups;
  private final List<List<String>> phrasesOf;
  private final Map<String, List<List<String>>> levels;

  private Synonyms(List<List<String>> groups, Map<String, List<List<String>>> levels) {
    List<List<List<String>>> g = new ArrayList<>();
    List<List<String>> raw = new ArrayList<>();
    for (List<String> group : groups) {
      raw.add(group.stream().map(w -> w.toLowerCase(Locale.ROOT).strip()).toList());
      List<List<String>> phrases = new ArrayList<>();
      for (String phrase : group) {
        List<String> terms = ObjectiveMatcher.terms(ObjectiveMatcher.splitName(phrase));
        if (!terms.isEmpty()) {
          phrases.add(terms);
        }
      }
      if (phrases.size() > 1) {
        g.add(List.copyOf(phrases));
      }
    }
    this.groups = List.copyOf(g);
    this.phrasesOf = List.copyOf(raw);
    this.levels = Map.copyOf(levels);
  }

  /**
   * The phrases that name the same thing as a phrase, as written in the table ("gender" gives
   * "gender", "sex"): what the literature search also looks for in a paper. A phrase matches a
   * table entry when their stemmed terms are equal.
   *
   * @param phrase a phrase, any case
   * @return the phrases of every group it belongs to, without repeats; empty if none
   */
  public List<String> sameAs(String phrase) {
    List<String> terms = ObjectiveMatcher.terms(ObjectiveMatcher.splitName(phrase));
    if (terms.isEmpty()) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (List<String> group : phrasesOf) {
      for (String member : group) {
        if (ObjectiveMatcher.terms(ObjectiveMatcher.splitName(member)).equals(terms)) {
          out.addAll(group);
          break;
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The table that ships.
   *
   * @return the default synonyms
   */
  public static Synonyms defaults() {
    return DEFAULTS;
  }

  /**
   * The default table with more groups: each entry names a word and the words or phrases that mean
   * the same ({@code "income" -> ["revenue", "take-home pay"]}).
   *
   * @param extra the groups to add
   * @return the widened table
   */
  public static Synonyms withExtra(Map<String, ? extends Collection<String>> extra) {
    if (extra.isEmpty()) {
      return DEFAULTS;
    }
    List<List<String>> all = new ArrayList<>(DEFAULT_GROUPS);
    extra.forEach(
        (word, others) -> {
          List<String> group = new ArrayList<>();
          group.add(word.toLowerCase(Locale.ROOT));
          others.forEach(o -> group.add(o.toLowerCase(Locale.ROOT)));
          all.add(group);
        });
    return new Synonyms(all, DEFAULT_LEVELS);
  }

  /**
   * The terms a text's groups add to it: for every group one of whose phrases is among the text's
   * terms, the terms of its other phrases, each with the phrase it stands for.
   *
   * @param terms the stemmed terms of a column name or description
   * @return added term to the phrase of the text it came from ("gender" -> "sex")
   */
  public Map<String, String> widen(List<String> terms) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> have = new LinkedHashSet<>(terms);
    for (List<List<String>> group : groups) {
      List<String> present = null;
      for (List<String> phrase : group) {
        if (have.containsAll(phrase)) {
          present = phrase;
          break;
        }
      }
      if (present == null) {
        continue;
      }
      for (List<String> phrase : group) {
        if (phrase == present) {
          continue;
        }
        for (String t : phrase) {
          if (!have.contains(t)) {
            out.putIfAbsent(t, String.join(" ", present));
          }
        }
      }
    }
    return out;
  }

  /**
   * The concept a level word belongs to and the words of that level ("women" gives {@code sex} and
   * "female, females, woman, women, ..."), or {@code null}.
   *
   * @param word a word of the question, lower case
   * @return the concept first, then the level's words; or {@code null}
   */
  public List<String> level(String word) {
    for (Map.Entry<String, List<List<String>>> e : levels.entrySet()) {
      for (List<String> level : e.getValue()) {
        if (level.contains(word)) {
          List<String> out = new ArrayList<>();
          out.add(e.getKey());
          out.addAll(level);
          return out;
        }
      }
    }
    return null;
  }

  /**
   * Whether two stemmed terms name the same thing: equal; one an abbreviation of the other (the
   * shorter, at least 4 letters, starts the longer: {@code educ}, "education"); or inflections that
   * the light stemmer leaves apart ({@code readmitted}, "readmission": a shared start of at least 6
   * letters covering three quarters of the shorter).
   *
   * @param a a term
   * @param b another term
   * @return whether they match
   */
  public static boolean sameTerm(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    String s = a.length() <= b.length() ? a : b;
    String l = s == a ? b : a;
    if (s.length() >= 4 && l.startsWith(s) && !s.chars().allMatch(Character::isDigit)) {
      return true;
    }
    if (s.length() == 3 && l.startsWith(s) && l.length() - s.length() <= 1) {
      // "voting" stems to "vot", "vote" stays: a stem cut one letter short
      return true;
    }
    int common = 0;
    while (common < s.length() && s.charAt(common) == l.charAt(common)) {
      common++;
    }
    return common >= 6 && common >= 0.75 * s.length();
  }
}
