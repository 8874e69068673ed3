package io.kosmos.api;

import java.util.List;

/**
 * Finds {@link Skill}s and picks the few that fit a task. The implementation in kosmos-core reads
 * skill folders from the file system and the class path.
 */
public interface SkillLoader {

  /**
   * Every skill found, in a stable order.
   *
   * @return the skills
   * @throws KosmosException if a skill file exists but cannot be read or parsed; the message names
   *     the file
   */
  List<Skill> skills();

  /**
   * The skills most relevant to a text (a task description, an objective), best first.
   *
   * @param text what the skills should help with
   * @param limit the most to return
   * @return at most {@code limit} skills; empty if none is relevant
   */
  List<Skill> select(String text, int limit);
}
