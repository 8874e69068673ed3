package io.kosmos.core.internal.stats;

import io.kosmos.core.internal.stats.QuestionWords.Candidate;
import io.kosmos.core.internal.stats.QuestionWords.Mention;
import io.kosmos.core.internal.stats.QuestionWords.Vocabulary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assigns roles to the mentions of a question from its shape: years and levels that restrict the
 * rows, adjusters, mediators and moderators named by their clauses, then the main relation (outcome
 * and exposures), and what is left. One instance per reading; see {@link QuestionReader}.
 */
final class QuestionRoles {

  private static final String M = "⟨(\\d+)⟩";
  private static final String LIST = "(⟨\\d+⟩(?:(?:,|,? and|,? or)\\s+⟨\\d+⟩)*)";
  private static final String YEAR = "(1[89]\\d\\d|20\\d\\d)";

  private final List<Mention> mentions;
  private final List<ObjectiveMatcher.Column> columns;
  private final Synonyms synonyms;
  private final Set<Integer> bracketed; // mentions written in brackets: "(mdvis)"
  private final Set<Integer> placed = new LinkedHashSet<>();
  Question.Shape shape = Question.Shape.EXPLORE;
  Question.Role outcome;
  final List<Question.Role> exposures = new ArrayList<>();
  final List<Question.Role> adjusters = new ArrayList<>();
  final List<Question.Role> moderators = new ArrayList<>();
  final List<Question.Role> mediators = new ArrayList<>();
  final List<Question.Role> others = new ArrayList<>();
  final List<Question.Restriction> restrictions = new ArrayList<>();

  QuestionRoles(
      List<Mention> mentions,
      List<ObjectiveMatcher.Column> columns,
      Synonyms synonyms,
      Set<Integer> bracketed) {
    this.mentions = mentions;
    this.columns = columns;
    this.synonyms = synonyms;
    this.bracketed = Set.copyOf(bracketed);
  }

  void assign(String skeleton) {
    String s = years(skeleton);
    s = levelRestrictions(s);
    s = clauses(s);
    main(s);
    for (int k = 0; k < mentions.size(); k++) {
      if (!placed.contains(k) && !mentions.get(k).isLevel()) {
        List<Question.Role> r = roles(k);
        if (outcome == null && shape == Question.Shape.EXPLORE) {
          continue;
        }
        others.addAll(r);
        placed.add(k);
      }
    }
    fallback();
  }

  /** "in 1985", "between 1990 and 2000", "since 2000": rows of the time column. */
  private String years(String s) {
    String time = timeColumn();
    String ds = timeDataset();
    String out = s;
    Matcher m =
        Pattern.compile("\\b(?:between|from) " + YEAR + " (?:and|to|until) " + YEAR).matcher(out);
    if (m.find()) {
      restrictions.add(
          new Question.Restriction(
              ds, time, m.group(), "between", List.of(m.group(1), m.group(2))));
      out = out.substring(0, m.start()) + "∅" + out.substring(m.end());
    }
    m = Pattern.compile("\\b(?:since|after|from) " + YEAR).matcher(out);
    if (m.find()) {
      restrictions.add(new Question.Restriction(ds, time, m.group(), "ge", List.of(m.group(1))));
      out = out.substring(0, m.start()) + "∅" + out.substring(m.end());
    }
    m = Pattern.compile("\\b(?:before|until|up to) " + YEAR).matcher(out);
    if (m.find()) {
      restrictions.add(new Question.Restriction(ds, time, m.group(), "le", List.of(m.group(1))));
      out = out.substring(0, m.start()) + "∅" + out.substring(m.end());
    }
    m =
        Pattern.compile("\\b(?:in|during|for|of|at) (?:the )?(?:year )?" + YEAR + "\\b")
            .matcher(out);
    if (m.find()) {
      restrictions.add(new Question.Restriction(ds, time, m.group(), "eq", List.of(m.group(1))));
      out = out.substring(0, m.start()) + "∅" + out.substring(m.end());
    }
    return out;
  }

  /** A column named like a time axis (year, date, period, wave), or empty. */
  private String timeColumn() {
    for (ObjectiveMatcher.Column c : columns) {
      if (c.column().toLowerCase(Locale.ROOT).matches("(year|yr|date|time|period|wave)s?")) {
        return c.column();
      }
    }
    return "";
  }

  private String timeDataset() {
    for (ObjectiveMatcher.Column c : columns) {
      if (c.column().toLowerCase(Locale.ROOT).matches("(year|yr|date|time|period|wave)s?")) {
        return c.dataset();
      }
    }
    return "";
  }

  /** "among women", "in men": a level of the column of the word's concept. */
  private String levelRestrictions(String s) {
    Matcher m = Pattern.compile("\\b(?:among|in|for|within) (?:the )?⟦(\\d+)⟧").matcher(s);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      Mention level = mentions.get(Integer.parseInt(m.group(1)));
      ObjectiveMatcher.Column concept = conceptColumn(level.level().getFirst());
      if (concept != null) {
        restrictions.add(
            new Question.Restriction(
                concept.dataset(),
                concept.column(),
                m.group().replaceAll("⟦\\d+⟧", level.phrase()),
                "level",
                level.level().subList(1, level.level().size())));
        out.append(s, last, m.start()).append('∅');
        last = m.end();
      }
    }
    return out.append(s.substring(last)).toString();
  }

  private ObjectiveMatcher.Column conceptColumn(String concept) {
    Vocabulary best = null;
    double bestScore = 0;
    for (ObjectiveMatcher.Column c : columns) {
      Vocabulary v = Vocabulary.of(c, synonyms);
      Candidate cand = v.match(ObjectiveMatcher.stem(concept));
      if (cand != null && cand.score() > bestScore) {
        best = v;
        bestScore = cand.score();
      }
    }
    return best == null ? null : best.column();
  }

  /** Adjusters, mediators, moderators and rows named by a column ("among those ever X"). */
  private String clauses(String s) {
    String out = s;
    out =
        take(
            out,
            "(?:controlling|adjusting|adjusted|correcting|corrected|accounting) for "
                + LIST
                + "|holding "
                + LIST
                + " (?:constant|fixed)"
                + "|(?:net of|independently of|independent of|taking into account|regardless of)"
                + " "
                + LIST,
            adjusters);
    out = take(out, "(?:through|via|mediated by|by way of|by means of) " + LIST, mediators);
    if (out.matches(".*⟨\\d+⟩.*⟨\\d+⟩.*(?:differ|vary|depend|change|moderat|modif|interact).*")
        || out.matches(".*(?:effect|impact|influence|relation|association).*")) {
      out =
          take(
              out,
              "(?:differ|differs|vary|varies|depend|depends|change|changes)"
                  + " (?:by|across|between|with|on|according to|among) (?:levels of )?"
                  + LIST
                  + "|(?:moderated|modified) by "
                  + LIST
                  + "|interacts? with "
                  + LIST
                  + "|interactions? (?:with|between \\S+ and) "
                  + LIST
                  + "|(?:in|within|across) (?:subgroups|levels|categories|groups) of "
                  + LIST,
              moderators);
    }
    Matcher m =
        Pattern.compile(
                "\\b(among|for|in|within|only) ((?:those|people|patients|persons|participants"
                    + "|respondents|subjects|individuals|cases|rows|children|adults) )?"
                    + "(?:(?:who|that) (?:were|are|was|is|have been|had|have|has) )?"
                    + "(?:(ever|never|not|non|without|with|no) )?"
                    + M)
            .matcher(out);
    StringBuilder sb = new StringBuilder();
    int last = 0;
    while (m.find()) {
      int k = Integer.parseInt(m.group(4));
      // "for X" and "in X" name rows only with a population word or a qualifier ("for those
      // with X", "in patients ever X"); bare, they are part of the relation ("voting for Dole")
      boolean bare = m.group(2) == null && m.group(3) == null;
      if ((bare && (m.group(1).equals("in") || m.group(1).equals("for"))) || placed.contains(k)) {
        continue;
      }
      String neg = m.group(3);
      boolean no = neg != null && !neg.equals("ever") && !neg.equals("with");
      Mention mention = mentions.get(k);
      for (Candidate c : perDataset(mention.best())) {
        restrictions.add(
            new Question.Restriction(
                c.column().dataset(),
                c.column().column(),
                m.group().replaceAll("⟨\\d+⟩", mention.phrase()),
                no ? "no" : "yes",
                List.of()));
      }
      placed.add(k);
      sb.append(out, last, m.start()).append('∅');
      last = m.end();
    }
    return sb.append(out.substring(last)).toString();
  }

  private String take(String s, String regex, List<Question.Role> into) {
    Matcher m = Pattern.compile(regex).matcher(s);
    StringBuilder sb = new StringBuilder();
    int last = 0;
    while (m.find()) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.group(g) != null) {
          for (int k : indexes(m.group(g))) {
            if (placed.add(k)) {
              into.addAll(roles(k));
            }
          }
        }
      }
      sb.append(s, last, m.start()).append('∅');
      last = m.end();
    }
    return sb.append(s.substring(last)).toString();
  }

  /** The main relation's patterns: regex, shape, whether the outcome comes first. */
  private static final List<Object[]> PATTERNS =
      List.of(
          new Object[] {
            "(?:effects?|impacts?|influences?|role|contribution|consequences?) of "
                + LIST
                + " (?:on|upon|for) (?:the )?"
                + M,
            Question.Shape.EFFECT,
            false
          },
          new Object[] {
            "(?:relation|relationship|association|correlation|link|connection|dependence)s?"
                + " (?:between|of) "
                + M
                + " (?:and|with|to) "
                + M,
            Question.Shape.RELATION,
            false
          },
          new Object[] {
            LIST
                + " (?:is |are |was |were )?(?:\\w+ )?(?:related|associated|linked|correlated"
                + "|connected|tied) (?:to|with) (?:the )?"
                + M,
            Question.Shape.RELATION,
            false
          },
          new Object[] {
            LIST + " (?:relates?|correlates?|associates?|connects?) (?:to|with) (?:the )?" + M,
            Question.Shape.RELATION,
            false
          },
          new Object[] {
            LIST
                + " (?:a |an |the )?(?:\\w+ )?"
                + "(?:predictors?|determinants?|drivers?|causes?|risk factors?"
                + "|correlates?|markers?|factors?) (?:of|for) (?:the )?"
                + M,
            Question.Shape.RELATION,
            false
          },
          new Object[] {
            LIST
                + " (?:\\w+ )?(?:affects?|influences?|predicts?|drives?|causes?|determines?"
                + "|explains?|increases?|decreases?|reduces?|raises?|lowers?|improves?"
                + "|worsens?|changes?|shapes?|impacts?|modifies?|alters?) (?:the )?"
                + M,
            Question.Shape.RELATION,
            false
          },
          new Object[] {
            M
                + " (?:\\w+ )?(?:differ|differs|vary|varies|different|higher|lower|change|changes)"
                + " (?:by|between|across|among|with|for|according to|in) (?:the )?"
                + LIST,
            Question.Shape.DIFFERENCE,
            true
          },
          new Object[] {
            "differences? in " + M + " (?:between|by|across|among) " + LIST,
            Question.Shape.DIFFERENCE,
            true
          });

  /** Outcome and exposures from the main relation the question asks about. */
  private void main(String s) {
    for (Object[] p : PATTERNS) {
      Matcher m = Pattern.compile((String) p[0]).matcher(s);
      if (m.find()) {
        boolean outcomeFirst = (Boolean) p[2];
        List<Integer> left = indexes(m.group(1));
        List<Integer> right = indexes(m.group(m.groupCount()));
        List<Integer> ex = outcomeFirst ? right : left;
        int out = outcomeFirst ? left.getFirst() : right.getLast();
        if (!outcomeFirst && ex.size() == 1 && swap(ex.getFirst(), out)) {
          int t = ex.getFirst();
          ex = List.of(out);
          out = t;
        }
        relation((Question.Shape) p[1], out, ex);
        return;
      }
    }
    drivers(s);
  }

  /** "X related to Y" reads Y as the outcome, unless only X reads like one ("mortality"). */
  private boolean swap(int exposure, int outcomeIndex) {
    Mention e = mentions.get(exposure);
    Mention o = mentions.get(outcomeIndex);
    return QuestionWords.outcomeLike(e.phrase(), column(e))
        && !QuestionWords.outcomeLike(o.phrase(), column(o));
  }

  private static String column(Mention m) {
    return m.best().isEmpty() ? "" : m.best().getFirst().column().column();
  }

  private void drivers(String s) {
    Matcher m =
        Pattern.compile(
                "(?:drives?|driving|predicts?|explains?|determines?|affects?|influences?|causes?"
                    + "|shapes?|matters? for|associated with|relates? to|related to"
                    + "|contributes? to|leads? to|impacts?) (?:the )?(?:\\w+ )?"
                    + M
                    + "|(?:drivers|predictors|determinants|causes|risk factors|correlates"
                    + "|factors|reasons|variables) (?:of|for|behind|associated with|related to)"
                    + " (?:the )?(?:\\w+ )?"
                    + M)
            .matcher(s);
    if (m.find()) {
      int k = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
      setOutcome(k);
      shape = Question.Shape.DRIVERS;
      return;
    }
    // "what drives the number of visits to a doctor (mdvis)": the column the user named in
    // brackets after the words that describe it, the first mention after the verb
    Matcher described = DESCRIBED.matcher(s);
    if (described.find() && bracketed.contains(Integer.parseInt(described.group(1)))) {
      setOutcome(Integer.parseInt(described.group(1)));
      shape = Question.Shape.DRIVERS;
    }
  }

  private static final Pattern DESCRIBED =
      Pattern.compile(
          "(?:drives?|driving|predicts?|explains?|determines?|affects?|influences?|causes?)"
              + " (?:the )?(?:[\\w'-]+ ){1,10}"
              + M);

  private void relation(Question.Shape s, int outcomeIndex, List<Integer> exposureIndexes) {
    setOutcome(outcomeIndex);
    for (int k : exposureIndexes) {
      if (k != outcomeIndex && placed.add(k)) {
        exposures.addAll(sameDataset(roles(k)));
      }
    }
    shape = exposures.isEmpty() ? Question.Shape.DRIVERS : s;
  }

  /** Exposures in the outcome's dataset when it has them (else every dataset's, for a join). */
  private List<Question.Role> sameDataset(List<Question.Role> rs) {
    if (outcome == null) {
      return rs;
    }
    List<Question.Role> same =
        rs.stream().filter(r -> r.dataset().equals(outcome.dataset())).toList();
    return same.isEmpty() ? rs.subList(0, Math.min(1, rs.size())) : same;
  }

  private void setOutcome(int k) {
    List<Question.Role> rs = roles(k);
    if (!rs.isEmpty()) {
      outcome = rs.getFirst();
      placed.add(k);
    }
  }

  /** When no pattern placed an outcome: the most outcome-like mention asks what drives it. */
  private void fallback() {
    if (outcome != null) {
      return;
    }
    int bestIndex = -1;
    double best = -1;
    for (int k = 0; k < mentions.size(); k++) {
      Mention m = mentions.get(k);
      if (placed.contains(k) || m.isLevel() || m.best().isEmpty()) {
        continue;
      }
      double score =
          m.best().getFirst().score()
              + (QuestionWords.outcomeLike(m.phrase(), column(m)) ? 10 : 0)
              + k * 1e-3;
      if (score > best) {
        best = score;
        bestIndex = k;
      }
    }
    if (bestIndex < 0) {
      return;
    }
    setOutcome(bestIndex);
    shape = Question.Shape.DRIVERS;
    for (int k = 0; k < mentions.size(); k++) {
      if (!placed.contains(k) && !mentions.get(k).isLevel()) {
        others.addAll(roles(k));
        placed.add(k);
      }
    }
  }

  /** The roles of a mention: its best column in each dataset that has one. */
  private List<Question.Role> roles(int k) {
    Mention m = mentions.get(k);
    List<Question.Role> out = new ArrayList<>();
    for (Candidate c : perDataset(m.best())) {
      out.add(new Question.Role(c.column().dataset(), c.column().column(), m.phrase(), c.via()));
    }
    return out;
  }

  private static List<Candidate> perDataset(List<Candidate> best) {
    Map<String, Candidate> byDataset = new LinkedHashMap<>();
    if (best.isEmpty()) {
      return List.of();
    }
    Candidate top = best.getFirst();
    for (Candidate c : best) {
      if (c.score() == top.score() && c.coverage() == top.coverage()) {
        byDataset.putIfAbsent(c.column().dataset(), c);
      }
    }
    return List.copyOf(byDataset.values());
  }

  private static List<Integer> indexes(String list) {
    List<Integer> out = new ArrayList<>();
    if (list.matches("\\d+")) {
      return List.of(Integer.parseInt(list));
    }
    Matcher m = Pattern.compile(M).matcher(list);
    while (m.find()) {
      out.add(Integer.parseInt(m.group(1)));
    }
    return out;
  }
}
