package io.kosmos.core.internal.notebook;

import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Skill;
import io.kosmos.api.SkillLoader;
import io.kosmos.api.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * The skills of one task, selected when its analyst first asks for them: an analyst that never
 * reads skills (the offline scientist's) leaves none recorded in {@code task.json}, and a skill's
 * further files are read through the loader that found it.
 */
public final class TaskSkills {

  private final SkillLoader loader;
  private final int limit;
  private final String text;
  private final List<String> notices = new ArrayList<>();
  private List<Skill> selected;

  /**
   * The skills of a task.
   *
   * @param loader where skills come from, or {@code null} for none
   * @param limit the most skills to select
   * @param task the task, whose description and expected output select them
   */
  public TaskSkills(SkillLoader loader, int limit, Task task) {
    this.loader = loader;
    this.limit = limit;
    this.text = task.description() + " " + task.expectedOutput();
  }

  /**
   * The selected skills, selecting them on the first call.
   *
   * @return the skills, best first
   */
  public synchronized List<Skill> selected() {
    if (selected == null) {
      if (loader == null || limit == 0) {
        selected = List.of();
      } else {
        try {
          selected = List.copyOf(loader.select(text, limit));
        } catch (RuntimeException e) {
          notices.add("skills could not be loaded: " + e.getMessage());
          selected = List.of();
        }
      }
    }
    return selected;
  }

  /**
   * The names of the skills selected so far: none when the analyst never asked for skills.
   *
   * @return the names
   */
  public synchronized List<String> names() {
    return selected == null ? List.of() : selected.stream().map(Skill::name).toList();
  }

  /**
   * What went wrong while selecting, for the task's notices.
   *
   * @return the notices
   */
  public synchronized List<String> notices() {
    return List.copyOf(notices);
  }

  /**
   * Reads a further file of a selected skill.
   *
   * @param skill the skill
   * @param path the file, relative to its folder
   * @return the text
   * @throws InvalidInputException if the skill was not selected for the task, or has no such file
   */
  public String read(Skill skill, String path) {
    if (loader == null || !selected().contains(skill)) {
      throw new InvalidInputException(
          "skill '" + skill.name() + "' was not selected for this task");
    }
    return loader.readFile(skill, path);
  }
}
