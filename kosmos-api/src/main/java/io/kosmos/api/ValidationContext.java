package io.kosmos.api;

import java.util.List;
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
 * <p>For the same reason the hypotheses the task proposed, the cells it ran and the findings made
 * in the cycle so far come beside the world model: a judge that reads the code and output behind a
 * finding, or sees that the task before it in the plan found the same thing, needs them.
 *
 * @param objective the run's research objective
 * @param world the world model as it stands, before the finding is added
 * @param taskNotes the notes the finding's task returned, not yet in {@code world}; empty when
 *     there is no such task (for example in {@link Validator#reassess}, which sees every note in
 *     the world)
 * @param taskHypotheses the hypotheses the finding's task proposed, with their run-wide ids, not
 *     yet in {@code world}
 * @param cycleFindings findings of the same cycle not yet in {@code world}: the task's own (the one
 *     judged included) and those of the tasks before it in the plan, in plan order; not yet
 *     validated, or validated against the world as the cycle started
 * @param cells the code cells the finding's task ran, in order, so that a citation's cell can be
 *     read ({@link Citation.NotebookCell#cellIndex()} is an {@link ExecutedCell#index()}); empty
 *     for a literature task
 */
public record ValidationContext(
    String objective,
    WorldModel world,
    Map<String, String> taskNotes,
    List<Hypothesis> taskHypotheses,
    List<Finding> cycleFindings,
    List<ExecutedCell> cells) {

  /** Checks the components and copies the notes and lists. */
  public ValidationContext {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(world, "world");
    taskNotes = Map.copyOf(taskNotes);
    taskHypotheses = List.copyOf(taskHypotheses);
    cycleFindings = List.copyOf(cycleFindings);
    cells = List.copyOf(cells);
  }

  /**
   * A context with the task's notes only.
   *
   * @param objective the run's research objective
   * @param world the world model
   * @param taskNotes the notes the finding's task returned
   */
  public ValidationContext(String objective, WorldModel world, Map<String, String> taskNotes) {
    this(objective, world, taskNotes, List.of(), List.of(), List.of());
  }

  /**
   * A hypothesis by id: one the task proposed, else one of the world model.
   *
   * @param id the hypothesis id
   * @return the hypothesis, if there is one
   */
  public java.util.Optional<Hypothesis> hypothesis(String id) {
    for (Hypothesis h : taskHypotheses) {
      if (h.id().equals(id)) {
        return java.util.Optional.of(h);
      }
    }
    return world.hypothesis(id);
  }

  /**
   * The cell a citation names, when it is a cell of the finding's task.
   *
   * @param citation a notebook cell citation
   * @return the cell, if this context holds it
   */
  public java.util.Optional<ExecutedCell> cell(Citation.NotebookCell citation) {
    for (ExecutedCell c : cells) {
      if (c.index() == citation.cellIndex()) {
        return java.util.Optional.of(c);
      }
    }
    return java.util.Optional.empty();
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
