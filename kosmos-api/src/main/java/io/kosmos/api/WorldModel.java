package io.kosmos.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a run knows: findings, hypotheses, papers, open questions, datasets, the relations
 * between them, and the tasks already tried. This is the read side that planners, analysts and
 * validators see; the engine alone writes to it.
 *
 * <p>Every method returns an immutable snapshot and is safe to call from any thread. Queries stay
 * fast (well under 10 ms at 100,000 findings).
 */
public interface WorldModel {

  /**
   * Every finding, in the order it was added.
   *
   * @return the findings
   */
  List<Finding> findings();

  /**
   * A finding by id.
   *
   * @param id the id
   * @return the finding, if there is one
   */
  Optional<Finding> finding(String id);

  /**
   * The most recent findings, newest first.
   *
   * @param limit the most to return
   * @return the findings
   */
  List<Finding> recentFindings(int limit);

  /**
   * Validated findings, best first (by validation score, then by adjusted p).
   *
   * @param limit the most to return
   * @return the findings
   */
  List<Finding> validatedFindings(int limit);

  /**
   * Every hypothesis, in the order it was proposed.
   *
   * @return the hypotheses
   */
  List<Hypothesis> hypotheses();

  /**
   * A hypothesis by id.
   *
   * @param id the id
   * @return the hypothesis, if there is one
   */
  Optional<Hypothesis> hypothesis(String id);

  /**
   * Hypotheses still open.
   *
   * @return the hypotheses
   */
  List<Hypothesis> openHypotheses();

  /**
   * Pairs of findings that conflict.
   *
   * @return relations of type {@link Relation.Type#CONFLICTS_WITH}
   */
  List<Relation> conflicts();

  /**
   * Every relation.
   *
   * @return the relations, in the order they were added
   */
  List<Relation> relations();

  /**
   * Questions raised and not yet answered.
   *
   * @return the questions
   */
  List<String> openQuestions();

  /**
   * Every paper read.
   *
   * @return the papers
   */
  List<Paper> papers();

  /**
   * A paper by id.
   *
   * @param id the id
   * @return the paper, if read
   */
  Optional<Paper> paper(String id);

  /**
   * Every task already run, failed ones included, oldest first. Planners use it to avoid repeating
   * work.
   *
   * @return the tasks
   */
  List<Task> triedTasks();

  /**
   * The run's datasets.
   *
   * @return the datasets
   */
  List<Dataset> datasets();

  /**
   * Notes tasks left for later cycles (a data profile, a list of tested pairs, ...), by key.
   *
   * @return every note
   */
  Map<String, String> notes();

  /**
   * A note by key.
   *
   * @param key the key, for example {@code profile:diabetes.csv}
   * @return the note, if there is one
   */
  default Optional<String> note(String key) {
    return Optional.ofNullable(notes().get(key));
  }
}
