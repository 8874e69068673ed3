package io.kosmos.api;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link DataAnalyst} works with for one task: the task, the objective, the datasets, the
 * world model, the relevant skills, and a notebook whose cells run in the task's own {@link
 * ExecutionSession}. Every cell run through it is saved in the task notebook, with its outputs, so
 * that findings can cite it.
 */
public interface AnalysisContext {

  /**
   * The research objective.
   *
   * @return the objective
   */
  String objective();

  /**
   * The current cycle.
   *
   * @return the cycle, from 1
   */
  int cycle();

  /**
   * The task.
   *
   * @return the task
   */
  Task task();

  /**
   * The datasets, each visible read-only at its {@link Dataset#mountPath()}.
   *
   * @return the datasets
   */
  List<Dataset> datasets();

  /**
   * The world model as it stood when the cycle started.
   *
   * @return the world model
   */
  WorldModel world();

  /**
   * Skills selected for this task.
   *
   * @return the skills, best first
   */
  List<Skill> skills();

  /**
   * Runs a code cell in the task's session with the task's cell time limit, and records it.
   *
   * @param code Python source
   * @return the recorded cell, with its result
   * @throws SandboxUnavailableException if the session is gone and cannot be brought back
   */
  ExecutedCell run(String code);

  /**
   * Runs a code cell with a given time limit, and records it.
   *
   * @param code Python source
   * @param timeout how long it may run
   * @return the recorded cell, with its result
   * @throws SandboxUnavailableException if the session is gone and cannot be brought back
   */
  ExecutedCell run(String code, Duration timeout);

  /**
   * Adds a markdown cell to the notebook.
   *
   * @param text the markdown
   */
  void markdown(String text);

  /**
   * A citation of a recorded cell, for a finding to carry.
   *
   * @param cell a cell this context ran
   * @return the citation
   */
  Citation.NotebookCell cite(ExecutedCell cell);

  /**
   * The cells run so far, in order.
   *
   * @return the cells
   */
  List<ExecutedCell> cells();

  /**
   * Time left before the task's time limit.
   *
   * @return the remaining time, never negative
   */
  Duration remaining();
}
