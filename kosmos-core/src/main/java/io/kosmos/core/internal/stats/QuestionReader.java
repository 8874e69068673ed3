package io.kosmos.core.internal.stats;

import io.kosmos.core.internal.stats.QuestionWords.Candidate;
import io.kosmos.core.internal.stats.QuestionWords.Mention;
import io.kosmos.core.internal.stats.QuestionWords.Token;
import io.kosmos.core.internal.stats.QuestionWords.Vocabulary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a research question against the columns of the data: which columns it names (through their
 * names, their data-dictionary descriptions and {@link Synonyms}, with inflections and
 * abbreviations allowed), and the role of each from the question's shape. "How is family size
 * related to degree completion?" makes {@code FAMILY_SIZE} the exposure and {@code
 * DEGREE_COMPLETED} the outcome; "What is the effect of X on Y among those ever incarcerated,
 * controlling for W?" adds an adjuster and a restriction to the rows.
 *
 * <p>How: the question's words are grouped into mentions (runs of words that name the same column),
 * each mention is replaced by a placeholder, and patterns over what remains ("effect of ⟨0⟩ on
 * ⟨1⟩", "⟨0⟩ related to ⟨1⟩", "what drives ⟨0⟩", "⟨0⟩ differ by ⟨1⟩", "controlling for ⟨2⟩",
 * "through ⟨2⟩", "among ⟨2⟩", "in 1985") give the roles. What no pattern places is "also named"; a
 * question with one mention and no pattern asks what drives it. Pure functions: same question, same
 * columns, same reading.
 */
public final class QuestionReader {

  private QuestionReader() {}

  /**
   * Reads a question.
   *
   * @param objective the research question
   * @param columns the candidate columns, with their dictionary descriptions
   * @param synonyms the synonym table
   * @return the reading
   */
  public static Question read(
      String objective, List<ObjectiveMatcher.Column> columns, Synonyms synonyms) {
    List<Token> tokens = QuestionWords.tokens(objective);
    List<Vocabulary> vocab = columns.stream().map(c -> Vocabulary.of(c, synonyms)).toList();
    List<Mention> mentions = QuestionWords.mentions(tokens, vocab, synonyms);
    QuestionRoles roles =
        new QuestionRoles(
            mentions, columns, synonyms, QuestionWords.bracketed(objective, tokens, mentions));
    roles.assign(QuestionWords.skeleton(tokens, mentions));
    ObjectiveMatcher.Match match = match(tokens, mentions, vocab, roles);
    return new Question(
        objective,
        roles.shape,
        roles.outcome,
        roles.exposures,
        roles.adjusters,
        roles.moderators,
        roles.mediators,
        roles.others,
        roles.restrictions,
        QuestionWords.unmatched(tokens, mentions),
        match);
  }

  // ---- the column scores --------------------------------------------------------------------

  /**
   * The scores of every column a mention named (2 per word of its name or a synonym, 1 per word of
   * its description, 1.5 more for the outcome), in the form the planner ranks work by.
   */
  private static ObjectiveMatcher.Match match(
      List<Token> tokens, List<Mention> mentions, List<Vocabulary> vocab, QuestionRoles roles) {
    Map<String, Double> score = new LinkedHashMap<>();
    Map<String, List<String>> words = new LinkedHashMap<>();
    Map<String, ObjectiveMatcher.Column> byKey = new LinkedHashMap<>();
    for (Mention m : mentions) {
      if (m.isLevel()) {
        continue;
      }
      for (int i = m.from(); i <= m.to(); i++) {
        Token t = tokens.get(i);
        if (!t.content()) {
          continue;
        }
        for (Vocabulary v : vocab) {
          Candidate c = v.match(t.stem());
          if (c == null) {
            continue;
          }
          String key = v.column().dataset() + "|" + v.column().column();
          byKey.put(key, v.column());
          score.merge(key, c.score(), Double::sum);
          words.computeIfAbsent(key, x -> new ArrayList<>()).add(t.stem());
        }
      }
    }
    if (roles.outcome != null) {
      score.merge(roles.outcome.dataset() + "|" + roles.outcome.column(), 1.5, Double::sum);
    }
    List<ObjectiveMatcher.Scored> scored = new ArrayList<>();
    score.forEach((k, v) -> scored.add(new ObjectiveMatcher.Scored(byKey.get(k), v)));
    scored.sort(Comparator.comparingDouble(ObjectiveMatcher.Scored::score).reversed());
    Map<String, String> outcomes = new LinkedHashMap<>();
    if (roles.outcome != null) {
      outcomes.put(roles.outcome.dataset(), roles.outcome.column());
    }
    for (ObjectiveMatcher.Scored s : scored) {
      if (roles.outcome == null || !s.column().dataset().equals(roles.outcome.dataset())) {
        outcomes.putIfAbsent(s.column().dataset(), s.column().column());
      }
    }
    List<String> terms = new ArrayList<>();
    for (Token t : tokens) {
      if (t.content()) {
        terms.add(t.stem());
      }
    }
    return new ObjectiveMatcher.Match(List.copyOf(terms), List.copyOf(scored), outcomes, words);
  }
}
