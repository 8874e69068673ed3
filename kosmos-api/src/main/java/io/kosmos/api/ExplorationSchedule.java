package io.kosmos.api;

/**
 * The share of a cycle's tasks that should explore new directions rather than follow up what was
 * found. The planner is asked for it in {@link io.kosmos.api.PlanningContext#explorationShare()}.
 *
 * <p>The {@linkplain #standard() standard schedule} is the Kosmos paper's: 0.7 for cycles 1 to 7,
 * 0.5 for cycles 8 to 14, 0.3 after.
 */
@FunctionalInterface
public interface ExplorationSchedule {

  /**
   * The exploration share of a cycle.
   *
   * @param cycle the cycle, from 1
   * @return a share from 0 to 1
   */
  double share(int cycle);

  /**
   * The paper's schedule: 0.7, then 0.5 from cycle 8, then 0.3 from cycle 15.
   *
   * @return the schedule
   */
  static ExplorationSchedule standard() {
    return of(0.7, 0.5, 0.3);
  }

  /**
   * A three-phase schedule: cycles 1 to 7, 8 to 14, and 15 on.
   *
   * @param early share for cycles 1 to 7
   * @param middle share for cycles 8 to 14
   * @param late share from cycle 15
   * @return the schedule
   * @throws IllegalArgumentException if a share is not between 0 and 1
   */
  static ExplorationSchedule of(double early, double middle, double late) {
    check(early, "early");
    check(middle, "middle");
    check(late, "late");
    return cycle -> cycle <= 7 ? early : cycle <= 14 ? middle : late;
  }

  /**
   * The same share for every cycle.
   *
   * @param share the share
   * @return the schedule
   * @throws IllegalArgumentException if the share is not between 0 and 1
   */
  static ExplorationSchedule constant(double share) {
    check(share, "share");
    return cycle -> share;
  }

  private static void check(double share, String name) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(
          "exploration share '" + name + "' must be between 0 and 1, was " + share);
    }
  }
}
