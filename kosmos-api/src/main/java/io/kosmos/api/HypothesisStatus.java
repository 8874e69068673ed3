package io.kosmos.api;

/** Where a {@link Hypothesis} stands. */
public enum HypothesisStatus {
  /** Not yet decided. */
  OPEN,
  /** Validated findings support it. */
  SUPPORTED,
  /** A validated finding refutes it. */
  REFUTED
}
