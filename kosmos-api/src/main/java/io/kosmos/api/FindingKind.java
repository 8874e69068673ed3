package io.kosmos.api;

/** Where a {@link Finding} comes from. */
public enum FindingKind {
  /** From code run on the datasets; cites notebook cells. */
  DATA_ANALYSIS,
  /** From papers; cites paper passages. */
  LITERATURE
}
