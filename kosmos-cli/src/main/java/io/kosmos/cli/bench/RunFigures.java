package io.kosmos.cli.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of one finished run went, read from its own files by {@link RunAnalysis}. Every
 * figure is in milliseconds; a figure the run did not record (an older build wrote no such field)
 * is {@code -1} and prints as "n/a".
 *
 * @param dir the run directory, as given
 * @param objective the run's objective
 * @param agents who did the science (for example the offline scientist)
 * @param cycles cycles completed
 * @param tasks tasks committed
 * @param dataTasks tasks with a notebook
 * @param cells code cells executed
 * @param wallMs the run's elapsed time ({@code run.json})
 * @param taskMs the tasks' time added up ({@code result.json} elapsed)
 * @param cellMs the cells' time added up (the notebooks' {@code kosmos_elapsed_ms})
 * @param sessionOpenMs time opening sandbox sessions added up (notebook metadata {@code
 *     kosmos.sessionOpenMs}), or -1 if the run did not record it
 * @param analysisMs time the tasks' analysts held their sessions added up (notebook metadata {@code
 *     kosmos.analysisMs}; cells are part of it), or -1 if the run did not record it
 * @param intakeMs time validating and committing findings added up, which includes waiting for the
 *     tasks before it in the plan to commit theirs (notebook metadata {@code kosmos.intakeMs}), or
 *     -1 if the run did not record it
 * @param slotWaitMs time tasks waited for a slot added up: each task's start less the start of the
 *     first task of its cycle (all tasks of a cycle are ready together)
 * @param phases wall time per phase, in order: setup (run start to the first task), planning
 *     (between one cycle's last task and the next one's first), tasks (first task start to last
 *     task end of each cycle), closing (last task to the end of the run)
 * @param findings the findings the tasks committed, in id order
 */
public record RunFigures(
    String dir,
    String objective,
    String agents,
    int cycles,
    int tasks,
    int dataTasks,
    int cells,
    long wallMs,
    long taskMs,
    long cellMs,
    long sessionOpenMs,
    long analysisMs,
    long intakeMs,
    long slotWaitMs,
    Map<String, Long> phases,
    List<FindingFigures> findings) {

  /** Copies the collections. */
  public RunFigures {
    phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    findings = List.copyOf(findings);
  }

  /**
   * The share of task time spent executing cells.
   *
   * @return between 0 and 1, or -1 without task time
   */
  public double cellShare() {
    return taskMs <= 0 ? -1 : (double) cellMs / taskMs;
  }

  /**
   * One finding as the comparison sees it: its id and its statistics as printed (three significant
   * digits), so that two runs that print the same report compare equal.
   *
   * @param id the finding id
   * @param claim the claim
   * @param statistics name = printed value, in a fixed order
   */
  public record FindingFigures(String id, String claim, Map<String, String> statistics) {

    /** Copies the map. */
    public FindingFigures {
      statistics = Collections.unmodifiableMap(new LinkedHashMap<>(statistics));
    }
  }
}
