package io.kosmos.api;

/**
 * Carries out a literature {@link Task}: searches the sources, reads what it finds, and returns
 * findings that cite paper passages. Must be thread-safe.
 */
@FunctionalInterface
public interface LiteratureAnalyst {

  /**
   * Searches and reads.
   *
   * @param context the task, the world model and the sources
   * @return the papers read and the findings drawn from them
   * @throws KosmosException if the task cannot be carried out; the engine records it as failed
   */
  TaskResult search(LiteratureContext context);
}
