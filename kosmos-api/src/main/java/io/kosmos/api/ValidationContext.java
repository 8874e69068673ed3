package io.kosmos.api;

import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Validator} may consult besides the finding itself.
 *
 * <p>While a task commits, the engine validates its findings against the world model as the cycle
 * started: the task's own notes ({@link TaskResult#notes()}) are not in it yet, since they enter
 * the world model together with its findings. They come as {@link #taskNotes()} instead, so that a
 * validator can read what the task recorded about its own tests (the offline scientist's ledger of
 * every test it ran, for example) without any channel of its own between analyst and validator.
 *
 * @param objective the run's research objective
 * @param world the world model as it stands, before the finding is added
 * @param taskNotes the notes the finding's task returned, not yet in {@code world}; empty when
 *     there is no such task (for example in {@link Validator#reassess}, which sees every note in
 *     the world)
 */
public record ValidationContext(String objective, WorldModel world, Map<String, String> taskNotes) {

  /** Checks the components and copies the notes. */
  public ValidationContext {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(world, "world");
    taskNotes = Map.copyOf(taskNotes);
  }

  /**
   * A context with no task notes: everything the validator may read is in the world model.
   *
   * @param objective the run's research objective
   * @param world the world model
   */
  public ValidationContext(String objective, WorldModel world) {
    this(objective, world, Map.of());
  }
}
