package io.kosmos.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened in a run, as told to {@link ResearchListener}s. The set is closed: a
 * listener can switch over it exhaustively.
 */
public sealed interface ResearchEvent
    permits ResearchEvent.RunStarted,
        ResearchEvent.CycleStarted,
        ResearchEvent.PlanReady,
        ResearchEvent.TaskStarted,
        ResearchEvent.TaskFinished,
        ResearchEvent.CellStarted,
        ResearchEvent.CellFinished,
        ResearchEvent.FindingAdded,
        ResearchEvent.CycleFinished,
        ResearchEvent.RunFinished,
        ResearchEvent.ReportWritten {

  /**
   * A run started or resumed.
   *
   * @param runId the run
   * @param objective the objective
   * @param resumed whether it continues a stopped run
   * @param firstCycle the first cycle this session will run
   */
  record RunStarted(String runId, String objective, boolean resumed, int firstCycle)
      implements ResearchEvent {}

  /**
   * A cycle started.
   *
   * @param cycle the cycle
   */
  record CycleStarted(int cycle) implements ResearchEvent {}

  /**
   * A cycle's plan was reviewed (and revised if needed) and its novelty checked; these tasks will
   * run.
   *
   * @param cycle the cycle
   * @param plan the plan as it will run
   * @param review the final review
   * @param approved whether the final review approved it
   */
  record PlanReady(int cycle, Plan plan, PlanReview review, boolean approved)
      implements ResearchEvent {}

  /**
   * A task started.
   *
   * @param cycle the cycle
   * @param task the task
   */
  record TaskStarted(int cycle, Task task) implements ResearchEvent {}

  /**
   * A task ended.
   *
   * @param cycle the cycle
   * @param task the task
   * @param succeeded whether it completed
   * @param findings how many findings it produced
   * @param elapsed how long it took
   * @param failure why it failed, or {@code null}
   */
  record TaskFinished(
      int cycle,
      Task task,
      boolean succeeded,
      int findings,
      Duration elapsed,
      @Nullable String failure)
      implements ResearchEvent {}

  /**
   * A data-analysis task started running a notebook cell (told on the task's thread, just before
   * the code goes to the sandbox), so that a listener can say which cell holds a task and for how
   * long ("cell 7 of task c1-t02 running for 2 min").
   *
   * @param cycle the cycle
   * @param task the task
   * @param cellIndex the cell's index in the task notebook (as citations give it)
   */
  record CellStarted(int cycle, Task task, int cellIndex) implements ResearchEvent {}

  /**
   * A notebook cell finished (ran, failed or timed out).
   *
   * @param cycle the cycle
   * @param task the task
   * @param cellIndex the cell's index in the task notebook
   * @param elapsed how long it ran
   * @param ok whether it ran without error
   */
  record CellFinished(int cycle, Task task, int cellIndex, Duration elapsed, boolean ok)
      implements ResearchEvent {}

  /**
   * A finding was validated and added to the world model.
   *
   * @param finding the finding, with its id, validation and classification
   */
  record FindingAdded(Finding finding) implements ResearchEvent {}

  /**
   * A cycle ended and was compressed.
   *
   * @param cycle the cycle
   * @param summary the compressed summary that feeds the next plan
   * @param compressionRatio raw size of the cycle's notebooks and results over the summary's size
   */
  record CycleFinished(int cycle, String summary, double compressionRatio)
      implements ResearchEvent {}

  /**
   * The run ended (completed or stopped at a limit).
   *
   * @param result the result
   */
  record RunFinished(ResearchResult result) implements ResearchEvent {
    /** Checks the component. */
    public RunFinished {
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * The report was written.
   *
   * @param directory the report folder
   */
  record ReportWritten(Path directory) implements ResearchEvent {}
}
