package io.kosmos.api;

import java.nio.file.Path;

/**
 * A research run: an objective, datasets, an artifacts directory, and the agents, executor and
 * sources that do the work. Built with {@code Kosmos.workflow()} in kosmos-core:
 *
 * <pre>{@code
 * try (var workflow = Kosmos.workflow()
 *         .objective("What drives disease progression in this cohort?")
 *         .dataset(Path.of("diabetes.csv"))
 *         .artifactsDir(Path.of("runs/diabetes"))
 *         .executor(DockerSandboxExecutor.create())
 *         .build()) {
 *     ResearchResult result = workflow.run(5, 10);
 *     System.out.println(workflow.report().markdown());
 * }
 * }</pre>
 *
 * <p>Everything a run does is kept in its artifacts directory, so a run that stopped for any
 * reason, a {@code kill -9} included, continues from its last completed task when a workflow with
 * the same directory runs again, with no finding lost or duplicated.
 */
public interface ResearchWorkflow extends AutoCloseable {

  /**
   * Runs research cycles until {@code cycles} cycles in total are done (cycles completed by earlier
   * sessions of the same run count) or a limit stops the run. Writes the report at the end.
   *
   * @param cycles the total number of cycles the run should have
   * @param tasksPerCycle the most tasks per cycle
   * @return what the run achieved
   * @throws InvalidInputException if an argument is out of range
   * @throws ArtifactException if the artifacts directory cannot be used (the message names the
   *     file)
   * @throws SandboxUnavailableException if data-analysis tasks cannot run at all
   * @throws ModelAuthenticationException if the language model rejected its credentials; the run
   *     stops at once with status {@link RunStatus#FAILED} and its report, and the message names
   *     the provider and the environment variable to fix
   */
  ResearchResult run(int cycles, int tasksPerCycle);

  /**
   * Builds the report from the artifacts directory (again, if it exists) and returns it.
   *
   * @return the report
   * @throws ArtifactException if the run's artifacts cannot be read, or a statement would cite
   *     something that does not exist in the run
   */
  ResearchReport report();

  /**
   * Re-executes every cited cell of the finished run in fresh sandbox sessions from this workflow's
   * executor (the run's data mounted read-only as before), checks that every number of every report
   * statement is reproduced within the precision the report printed it with, saves the result with
   * the report ({@code report/verification.json}) and rebuilds the report so that it shows it.
   * Running it again replaces the last result.
   *
   * @return what was reproduced and what was not
   * @throws ArtifactException if the run has no report yet, or its artifacts cannot be read
   * @throws SandboxUnavailableException if the executor cannot open a session
   */
  Verification verify();

  /**
   * The world model as it stands.
   *
   * @return a read-only view
   */
  WorldModel world();

  /**
   * The run's identifier, recorded in {@code run.json}.
   *
   * @return the identifier
   */
  String runId();

  /**
   * The run's artifacts directory.
   *
   * @return the directory
   */
  Path artifactsDir();

  /**
   * Adds a listener for the run's events.
   *
   * @param listener the listener
   */
  void addListener(ResearchListener listener);

  /**
   * Asks a running {@link #run} to stop after the tasks under way; it then writes a report that
   * says it was cancelled. Safe to call from any thread.
   */
  void cancel();

  /** Releases what the workflow holds (threads; the executor only if the workflow created it). */
  @Override
  void close();
}
