package io.kosmos.api;

/**
 * Whether a task explores a new direction or follows up what was found. The planner balances the
 * two by cycle: mostly exploration early, mostly exploitation late.
 */
public enum TaskGoal {
  /** A direction not yet studied. */
  EXPLORATION,
  /** A follow-up of an earlier finding or hypothesis: confounders, robustness, subgroups. */
  EXPLOITATION
}
