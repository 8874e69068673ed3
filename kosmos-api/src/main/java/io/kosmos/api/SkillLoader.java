package io.kosmos.api;

import java.util.List;

/**
 * Finds {@link Skill}s and picks the few that fit a task. The implementation in kosmos-core reads
 * skill folders from the file system and the class path.
 */
public interface SkillLoader {

  /**
   * Every skill found, in a stable order. A skill file that cannot be read or parsed is left out,
   * never failing the others; the implementation says which and why (kosmos-core's logs a warning
   * naming the file).
   *
   * @return the skills
   * @throws KosmosException if a place to look for skills cannot be read at all (a directory that
   *     does not exist); the message names it
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

  /**
   * Reads one of a skill's further files ({@link Skill#files()}), for an agent that asks for it.
   *
   * @param skill a skill this loader found
   * @param path the file, relative to the skill's folder, one of {@link Skill#files()}
   * @return the file's text
   * @throws InvalidInputException if the skill has no such file, or it cannot be read; the message
   *     lists the files it has
   */
  default String readFile(Skill skill, String path) {
    throw new InvalidInputException(
        "skill '" + skill.name() + "' has no file " + path + " this loader can read");
  }
}
