package io.kosmos.api;

/**
 * Carries out a data-analysis {@link Task}: writes Python, runs it cell by cell through the {@link
 * AnalysisContext}, reads the outputs, and ends with findings that cite the cells they rest on.
 *
 * <p>Implementations: the offline statistical analyst and the language model analyst, in
 * kosmos-core. Tasks run in parallel, so an analyst must be thread-safe.
 */
@FunctionalInterface
public interface DataAnalyst {

  /**
   * Analyses.
   *
   * @param context the task, data, world model and notebook
   * @return the findings and what else the task learned
   * @throws KosmosException if the task cannot be carried out; the engine records it as failed and
   *     the cycle goes on
   */
  TaskResult analyze(AnalysisContext context);
}
