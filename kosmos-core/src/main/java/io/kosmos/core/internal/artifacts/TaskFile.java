package io.kosmos.core.internal.artifacts;

import io.kosmos.api.Task;
import java.time.Instant;
import java.util.List;

/**
 * The content of {@code cycles/<n>/tasks/<id>/task.json}, written when a task starts: what it is
 * and which skills it was given. A task folder with this file but no {@code result.json} belongs to
 * a task that did not finish; a resumed run starts it again from scratch.
 *
 * @param formatVersion {@link Json#FORMAT_VERSION}
 * @param cycle the cycle
 * @param task the task
 * @param attempt the attempt, from 1
 * @param startedAt when the attempt started
 * @param skills names of the skills given to the analyst
 */
public record TaskFile(
    int formatVersion, int cycle, Task task, int attempt, Instant startedAt, List<String> skills) {

  /** Copies the list. */
  public TaskFile {
    skills = skills == null ? List.of() : List.copyOf(skills);
  }
}
