package io.kosmos.api;

/** Where a run stands, as recorded in {@code run.json} and returned in {@link ResearchResult}. */
public enum RunStatus {
  /** Running, or stopped abruptly (killed) and waiting to be resumed. */
  RUNNING,
  /**
   * Every cycle asked for ran, or the planner had nothing left to do (a plan with no tasks); the
   * reason says which.
   */
  COMPLETED,
  /** Stopped at the maximum run time; the report says so. */
  TIME_LIMIT,
  /** Stopped when the budget (money or tokens) was spent; the report says so. */
  BUDGET_SPENT,
  /** Cancelled by the application; the report says so. */
  CANCELLED,
  /** Stopped by an error that made going on pointless (the reason is recorded). */
  FAILED
}
