package io.kosmos.core.internal.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a research question as the {@link QuestionReader} sees them: tokens, each column's
 * vocabulary (its name, its description, their synonyms), the mentions (runs of words that name the
 * same column, or a level of one), the skeleton the role patterns read (each mention replaced by a
 * numbered placeholder), and the words that named nothing.
 */
final class QuestionWords {

  /** Question words that are not subject matter, for the list of words that named nothing. */
  static final Set<String> QUESTION_WORDS =
      Set.of(
          ("significant significantly strong strongly differ differs different difference"
                  + " differences vary varies compare compared controlling adjusting adjusted holding"
                  + " constant fixed through via mediated ever never whether good important positive"
                  + " negative positively negatively increase decrease higher lower rate risk odds"
                  + " chance likely likelihood role contribution account accounting net independent"
                  + " independently regardless depend depends moderated modified interaction subgroup"
                  + " subgroups those people persons participants respondents subjects individuals"
                  + " cases rows not without relation link linked correlated correlation connected"
                  + " explained taking into only among there any evidence change changes over time"
                  + " trend year years determinant determinants driver drivers cause causes causal"
                  + " correlate correlates marker reason reasons behind differently vs versus than"
                  + " whom group groups category categories total overall status")
              .split(" "));

  /** Stems that mark a mention as an outcome: results, events, endpoints. */
  static final List<String> OUTCOME_LIKE =
      List.of(
          ("outcom target respons progress endpoint surviv mortal death died dead diagnos diseas"
                  + " recurr success failur complet graduat readmiss readmitt recover relaps admiss"
                  + " pass default churn y")
              .split(" "));

  static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+");
  static final Set<String> SPAN_GLUE = Set.of("of", "the", "a");

  private QuestionWords() {}

  /** A word of the question. */
  record Token(String text, int start, int end, String stem, boolean content) {}

  /** A column and how well a mention names it. */
  record Candidate(ObjectiveMatcher.Column column, double score, double coverage, String via) {}

  /** Words of the question that name a column (or, for a level mention, a level of one). */
  record Mention(int from, int to, String phrase, List<Candidate> best, List<String> level) {

    boolean isLevel() {
      return level != null;
    }
  }

  // ---- words and mentions --------------------------------------------------------------------

  static List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      String w = m.group();
      boolean digits = w.chars().allMatch(Character::isDigit);
      boolean content =
          !digits && !ObjectiveMatcher.STOP_WORDS.contains(w) && (w.length() >= 2 || w.equals("y"));
      out.add(new Token(w, m.start(), m.end(), ObjectiveMatcher.stem(w), content));
    }
    return out;
  }

  /** A column's words: its name's, its description's, and the synonyms of both. */
  record Vocabulary(
      ObjectiveMatcher.Column column,
      List<String> name,
      Map<String, Double> weight,
      Map<String, String> via) {

    static Vocabulary of(ObjectiveMatcher.Column c, Synonyms synonyms) {
      List<String> name = ObjectiveMatcher.terms(ObjectiveMatcher.splitName(c.column()));
      List<String> description = ObjectiveMatcher.terms(c.description());
      Map<String, Double> weight = new LinkedHashMap<>();
      Map<String, String> via = new LinkedHashMap<>();
      for (String t : description) {
        weight.put(t, 1.0);
        via.put(t, "its description");
      }
      synonyms
          .widen(description)
          .forEach(
              (t, from) -> {
                weight.putIfAbsent(t, 1.0);
                via.putIfAbsent(t, "a synonym of \"" + from + "\" in its description");
              });
      for (String t : name) {
        weight.put(t, 2.0);
        via.put(t, "its name");
      }
      synonyms
          .widen(name)
          .forEach(
              (t, from) -> {
                if (weight.getOrDefault(t, 0.0) < 2) {
                  weight.put(t, 2.0);
                  via.put(t, "a synonym of \"" + from + "\"");
                }
              });
      return new Vocabulary(c, name, weight, via);
    }

    /** The weight of a question term for this column (0 when it does not match) and how. */
    Candidate match(String term) {
      double best = 0;
      String how = "";
      double coverage = 0;
      for (Map.Entry<String, Double> e : weight.entrySet()) {
        if (e.getValue() > best && Synonyms.sameTerm(term, e.getKey())) {
          best = e.getValue();
          how = via.get(e.getKey());
          coverage = name.contains(e.getKey()) ? 1.0 / Math.max(1, name.size()) : 0;
        }
      }
      return best == 0 ? null : new Candidate(column, best, coverage, how);
    }
  }

  static List<Mention> mentions(List<Token> tokens, List<Vocabulary> vocab, Synonyms synonyms) {
    List<Mention> out = new ArrayList<>();
    int i = 0;
    while (i < tokens.size()) {
      Map<ObjectiveMatcher.Column, Candidate> span = candidates(tokens.get(i), vocab);
      if (span.isEmpty()) {
        List<String> level = synonyms.level(tokens.get(i).text());
        if (level != null) {
          Token t = tokens.get(i);
          out.add(new Mention(i, i, t.text(), List.of(), level));
        }
        i++;
        continue;
      }
      int end = i;
      int j = i + 1;
      while (j < tokens.size()) {
        Token t = tokens.get(j);
        if (!t.content() && SPAN_GLUE.contains(t.text()) && j + 1 < tokens.size()) {
          j++;
          continue;
        }
        Map<ObjectiveMatcher.Column, Candidate> next = candidates(t, vocab);
        Map<ObjectiveMatcher.Column, Candidate> both = new LinkedHashMap<>();
        for (var e : span.entrySet()) {
          Candidate n = next.get(e.getKey());
          if (n != null) {
            Candidate c = e.getValue();
            both.put(
                e.getKey(),
                new Candidate(
                    c.column(), c.score() + n.score(), c.coverage() + n.coverage(), c.via()));
          }
        }
        if (both.isEmpty()) {
          break;
        }
        span = both;
        end = j;
        j++;
      }
      String phrase = phrase(tokens, i, end);
      out.add(new Mention(i, end, phrase, best(span), null));
      i = end + 1;
    }
    return out;
  }

  private static Map<ObjectiveMatcher.Column, Candidate> candidates(
      Token t, List<Vocabulary> vocab) {
    Map<ObjectiveMatcher.Column, Candidate> out = new LinkedHashMap<>();
    if (!t.content()) {
      return out;
    }
    for (Vocabulary v : vocab) {
      Candidate c = v.match(t.stem());
      if (c != null) {
        out.put(v.column(), c);
      }
    }
    return out;
  }

  /** The candidates that name a mention best: highest score, then coverage of the name. */
  private static List<Candidate> best(Map<ObjectiveMatcher.Column, Candidate> span) {
    List<Candidate> all = new ArrayList<>(span.values());
    all.sort(
        Comparator.comparingDouble((Candidate c) -> -c.score())
            .thenComparingDouble(c -> -c.coverage())
            .thenComparingInt(c -> c.column().column().length()));
    return all;
  }

  private static String phrase(List<Token> tokens, int from, int to) {
    List<String> words = new ArrayList<>();
    for (int k = from; k <= to; k++) {
      words.add(tokens.get(k).text());
    }
    return String.join(" ", words);
  }

  /**
   * The mentions the question writes in brackets, "(mdvis)", by index; also a mention whose last
   * words are in brackets, "extramarital affairs (affairs)", where the words before them name the
   * same column and are read as one mention with it.
   */
  static Set<Integer> bracketed(String text, List<Token> tokens, List<Mention> mentions) {
    Set<Integer> out = new HashSet<>();
    for (int k = 0; k < mentions.size(); k++) {
      Mention m = mentions.get(k);
      int start = tokens.get(m.from()).start();
      int end = tokens.get(m.to()).end();
      if (end <= text.length()
          && (text.substring(0, start).stripTrailing().endsWith("(")
              || text.substring(start, end).contains("("))
          && text.substring(end).stripLeading().startsWith(")")) {
        out.add(k);
      }
    }
    return out;
  }

  /** The question with each mention replaced by ⟨k⟩ (⟦k⟧ for a level), words kept. */
  static String skeleton(List<Token> tokens, List<Mention> mentions) {
    StringBuilder sb = new StringBuilder();
    int k = 0;
    for (int i = 0; i < tokens.size(); i++) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      Mention m = k < mentions.size() ? mentions.get(k) : null;
      if (m != null && m.from() == i) {
        sb.append(m.isLevel() ? "⟦" + k + "⟧" : "⟨" + k + "⟩");
        i = m.to();
        k++;
      } else {
        sb.append(tokens.get(i).text());
      }
    }
    return sb.toString();
  }

  static List<String> unmatched(List<Token> tokens, List<Mention> mentions) {
    boolean[] used = new boolean[tokens.size()];
    for (Mention m : mentions) {
      for (int i = m.from(); i <= m.to(); i++) {
        used[i] = true;
      }
    }
    List<String> out = new ArrayList<>();
    List<String> run = new ArrayList<>();
    for (int i = 0; i <= tokens.size(); i++) {
      Token t = i < tokens.size() ? tokens.get(i) : null;
      boolean word = t != null && !used[i] && t.content() && !QUESTION_WORDS.contains(t.text());
      if (word) {
        run.add(t.text());
      } else if (!run.isEmpty()) {
        out.add(String.join(" ", run));
        run.clear();
      }
    }
    return out;
  }

  static boolean outcomeLike(String phrase, String column) {
    List<String> terms = new ArrayList<>(ObjectiveMatcher.terms(phrase));
    terms.addAll(ObjectiveMatcher.terms(ObjectiveMatcher.splitName(column)));
    for (String t : terms) {
      for (String w : OUTCOME_LIKE) {
        if (w.equals("y") ? t.equals("y") : t.startsWith(w)) {
          return true;
        }
      }
    }
    return false;
  }
}
