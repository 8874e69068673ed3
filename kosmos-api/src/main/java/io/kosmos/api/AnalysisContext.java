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
   * Skills selected for this task. The engine selects them when an analyst first asks, so a task
   * whose analyst never reads them records none.
   *
   * @return the skills, best first
   */
  List<Skill> skills();

  /**
   * Reads one of the further files of a skill selected for this task ({@link Skill#files()}), for
   * an analyst (or the model behind it) that asks for it.
   *
   * @param skill one of {@link #skills()}
   * @param path the file, relative to the skill's folder
   * @return the file's text
   * @throws InvalidInputException if the skill has no such file; the message lists those it has
   */
  default String readSkillFile(Skill skill, String path) {
    throw new InvalidInputException(
        "the files of skill '" + skill.name() + "' cannot be read in this context");
  }

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
