package io.kosmos.api;

/** What a {@link Task} does. */
public enum TaskKind {
  /** Writes and runs Python against the datasets in an {@link ExecutionSession}. */
  DATA_ANALYSIS,
  /** Searches {@link LiteratureSource}s and summarises what it read. */
  LITERATURE_SEARCH
}
