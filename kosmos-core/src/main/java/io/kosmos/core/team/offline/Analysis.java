package io.kosmos.core.team.offline;

import java.util.List;

/**
 * One kind of analysis the {@link OfflineAnalyst} carries out on a task's data: profiling,
 * screening pairs, or one of the follow-ups of a validated association. The analyst opens the
 * task's notebook (helpers, then the data loaded and profiled) through an {@link AnalysisRun}; the
 * analysis then runs its own cells through the same run, which numbers, cites and records what it
 * finds.
 *
 * <p>Implementations hold no state: everything a task produces lives in its run.
 */
interface Analysis {

  /**
   * The analysis a kind of work calls for.
   *
   * @param work a data-analysis kind of work (not literature)
   * @return the analysis
   */
  static Analysis of(Work work) {
    return switch (work) {
      case PROFILE -> new DataProfiling();
      case SCREEN -> new PairScreening();
      case CONFOUNDING -> new ConfounderAdjustment();
      case ROBUSTNESS -> new RobustnessCheck();
      case NONLINEARITY -> new NonlinearityCheck();
      case SUBGROUPS -> new SubgroupComparison();
      case MODEL -> new JointModel();
      case QUESTION -> new QuestionAnalysis();
      case INTERACTIONS -> new InteractionScreen();
      case LITERATURE, EVIDENCE ->
          throw new IllegalArgumentException("literature is not a data analysis");
    };
  }

  /**
   * The helper modules the analysis calls, pasted into the notebook's first cell.
   *
   * @return the modules, in order
   */
  default List<PythonSource.Module> modules() {
    return List.of(
        PythonSource.Module.COMMON,
        PythonSource.Module.TABLES,
        PythonSource.Module.PAIRS,
        PythonSource.Module.FOLLOW_UPS);
  }

  /**
   * Whether the analysis tests variables, and so needs at least two usable columns.
   *
   * @return {@code true} unless it only describes the data
   */
  default boolean testsVariables() {
    return true;
  }

  /**
   * Runs the analysis's cells and reports through the run what they found.
   *
   * @param run the task's run, its data loaded and profiled
   */
  void perform(AnalysisRun run);
}
