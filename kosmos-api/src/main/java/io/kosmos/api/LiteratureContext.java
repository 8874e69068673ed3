package io.kosmos.api;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link LiteratureAnalyst} works with for one task.
 *
 * @param objective the research objective
 * @param cycle the current cycle
 * @param task the task
 * @param world the world model as it stood when the cycle started
 * @param sources the literature sources to search
 */
public record LiteratureContext(
    String objective, int cycle, Task task, WorldModel world, List<LiteratureSource> sources) {

  /** Checks the components and copies the list. */
  public LiteratureContext {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(world, "world");
    sources = List.copyOf(sources);
  }
}
