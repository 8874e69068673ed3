package io.kosmos.core.internal.artifacts;

import java.nio.file.Path;

/**
 * Where each file of a run lives in its artifacts directory (see {@code
 * docs/world-model-schema.md}). Paths stored inside artifacts are relative to the artifacts
 * directory and use {@code /}.
 *
 * @param root the artifacts directory
 */
public record Layout(Path root) {

  /** Creates a layout on an absolute, normalized root. */
  public Layout {
    root = root.toAbsolutePath().normalize();
  }

  /**
   * The run record.
   *
   * @return {@code run.json}
   */
  public Path runJson() {
    return root.resolve("run.json");
  }

  /**
   * The lock of the environment the run's code executes in.
   *
   * @return {@code environment.lock}
   */
  public Path environmentLock() {
    return root.resolve("environment.lock");
  }

  /**
   * What the run's language model calls have used, saved after every call so that a run killed
   * between two {@code run.json} writes keeps it.
   *
   * @return {@code usage.json}
   */
  public Path usageJson() {
    return root.resolve("usage.json");
  }

  /**
   * The world model folder.
   *
   * @return {@code world/}
   */
  public Path worldDir() {
    return root.resolve("world");
  }

  /**
   * A cycle's folder.
   *
   * @param cycle the cycle
   * @return {@code cycles/<n>/}
   */
  public Path cycleDir(int cycle) {
    return root.resolve("cycles").resolve(Integer.toString(cycle));
  }

  /**
   * A cycle's plan.
   *
   * @param cycle the cycle
   * @return {@code cycles/<n>/plan.json}
   */
  public Path planJson(int cycle) {
    return cycleDir(cycle).resolve("plan.json");
  }

  /**
   * A cycle's compressed summary.
   *
   * @param cycle the cycle
   * @return {@code cycles/<n>/summary.md}
   */
  public Path summaryMd(int cycle) {
    return cycleDir(cycle).resolve("summary.md");
  }

  /**
   * A cycle's compression figures.
   *
   * @param cycle the cycle
   * @return {@code cycles/<n>/compression.json}
   */
  public Path compressionJson(int cycle) {
    return cycleDir(cycle).resolve("compression.json");
  }

  /**
   * A cycle's run-wide reassessment of findings.
   *
   * @param cycle the cycle
   * @return {@code cycles/<n>/reassessment.json}
   */
  public Path reassessmentJson(int cycle) {
    return cycleDir(cycle).resolve("reassessment.json");
  }

  /**
   * A task's folder.
   *
   * @param cycle the cycle
   * @param taskId the task
   * @return {@code cycles/<n>/tasks/<id>/}
   */
  public Path taskDir(int cycle, String taskId) {
    return cycleDir(cycle).resolve("tasks").resolve(taskId);
  }

  /**
   * A task's description.
   *
   * @param cycle the cycle
   * @param taskId the task
   * @return {@code cycles/<n>/tasks/<id>/task.json}
   */
  public Path taskJson(int cycle, String taskId) {
    return taskDir(cycle, taskId).resolve("task.json");
  }

  /**
   * A task's committed outcome.
   *
   * @param cycle the cycle
   * @param taskId the task
   * @return {@code cycles/<n>/tasks/<id>/result.json}
   */
  public Path resultJson(int cycle, String taskId) {
    return taskDir(cycle, taskId).resolve("result.json");
  }

  /**
   * A task's executed notebook.
   *
   * @param cycle the cycle
   * @param taskId the task
   * @return {@code cycles/<n>/tasks/<id>/notebook.ipynb}
   */
  public Path notebook(int cycle, String taskId) {
    return taskDir(cycle, taskId).resolve("notebook.ipynb");
  }

  /**
   * The report folder.
   *
   * @return {@code report/}
   */
  public Path reportDir() {
    return root.resolve("report");
  }

  /**
   * A path relative to the artifacts directory, with {@code /} separators.
   *
   * @param path a path under the root
   * @return the relative path
   */
  public String relative(Path path) {
    return root.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  /**
   * Resolves a path stored in an artifact.
   *
   * @param relative a path relative to the root, with {@code /}
   * @return the absolute path
   */
  public Path resolve(String relative) {
    return root.resolve(relative).normalize();
  }
}
