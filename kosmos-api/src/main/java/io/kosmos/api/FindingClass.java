package io.kosmos.api;

/**
 * How a new {@link Finding} relates to what the world model already knew, as classified when it was
 * added (following the Kosmos paper). Shown in the report.
 */
public enum FindingClass {
  /** Nothing comparable was known. */
  NOVEL,
  /** It agrees with an earlier finding on the same hypothesis. */
  CONFIRMATION,
  /**
   * It disagrees with an earlier finding on the same hypothesis: opposite effect direction, or
   * significant where the other was not (or the reverse).
   */
  CONFLICT,
  /** It refutes a hypothesis, which is then closed as refuted. */
  PRUNING
}
