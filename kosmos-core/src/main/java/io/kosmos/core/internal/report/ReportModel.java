package io.kosmos.core.internal.report;

import io.kosmos.api.Citation;
import io.kosmos.api.Dataset;
import io.kosmos.api.ExecutorInfo;
import io.kosmos.api.Finding;
import io.kosmos.api.RunStatus;
import io.kosmos.core.internal.artifacts.CompressionRecord;
import java.time.Duration;
import java.util.List;

/**
 * The content of a report, from which the Markdown, HTML and JSON forms are rendered. Every {@link
 * Statement} carries at least one citation, checked against the run before anything is rendered.
 *
 * @param formatVersion the JSON format version
 * @param runId the run
 * @param objective the objective
 * @param agents who produced it
 * @param executor where code ran, or {@code null}
 * @param status how the run ended
 * @param stopReason why it stopped
 * @param verification the last {@code kosmos verify} of this run, or {@code null} if it was never
 *     verified
 * @param answer the direct answer to the objective, first in the report (two to five sentences)
 * @param reading how the question and the data were read
 * @param datasets the data
 * @param synthesis the report writer's statements, resolved to citations
 * @param other associations the objective does not ask about
 * @param removedStatements statements of the report writer that were removed, and why
 * @param synthesisNote why there is no synthesis, or {@code null}
 * @param keyFindings validated findings, best first
 * @param otherFindings findings that were not validated
 * @param supported supported hypotheses
 * @param refuted refuted hypotheses
 * @param openHypotheses how many hypotheses remain open
 * @param conflicts conflicting findings
 * @param limitations what limits the conclusions
 * @param facts run figures
 * @param compression per-cycle compression
 * @param findings every finding of the run, for the JSON form
 */
public record ReportModel(
    int formatVersion,
    String runId,
    String objective,
    String agents,
    ExecutorInfo executor,
    RunStatus status,
    String stopReason,
    Verification verification,
    List<Statement> answer,
    List<Statement> reading,
    List<Dataset> datasets,
    List<Statement> synthesis,
    List<Statement> other,
    List<RemovedStatement> removedStatements,
    String synthesisNote,
    List<FindingEntry> keyFindings,
    List<FindingEntry> otherFindings,
    List<Statement> supported,
    List<Statement> refuted,
    int openHypotheses,
    List<Statement> conflicts,
    List<String> limitations,
    Facts facts,
    List<CompressionRecord> compression,
    List<Finding> findings) {

  /**
   * A statement and what it rests on.
   *
   * @param text the statement
   * @param findingIds the findings it rests on
   * @param citations the cells and papers it cites; never empty
   */
  public record Statement(String text, List<String> findingIds, List<Citation> citations) {}

  /**
   * The last verification of the run ({@code kosmos verify}), as the report shows it.
   *
   * @param verifiedAt when, as an ISO-8601 instant
   * @param executor where the cells were re-executed
   * @param cells cited cells re-executed
   * @param cellsReproduced of those, the ones whose outputs were reproduced
   * @param numbers numbers of the report's statements checked
   * @param numbersReproduced of those, the ones reproduced within their printed precision
   * @param current whether it verified the statements this report makes (a report rebuilt since may
   *     say other things)
   */
  public record Verification(
      String verifiedAt,
      String executor,
      int cells,
      int cellsReproduced,
      int numbers,
      int numbersReproduced,
      boolean current) {

    /** Whether every cell and every number was reproduced. */
    public boolean passed() {
      return cells == cellsReproduced && numbers == numbersReproduced;
    }
  }

  /**
   * A synthesis statement that was removed.
   *
   * @param text the statement
   * @param reason why
   */
  public record RemovedStatement(String text, String reason) {}

  /**
   * A finding as the report shows it.
   *
   * @param rank its rank, from 1
   * @param finding the finding
   * @param statistics its statistics as text
   * @param statement the claim with its citations
   */
  public record FindingEntry(int rank, Finding finding, String statistics, Statement statement) {}

  /**
   * Figures about the run.
   *
   * @param cyclesCompleted cycles completed
   * @param cyclesRequested cycles asked for
   * @param tasksCompleted tasks that succeeded
   * @param tasksFailed tasks that failed
   * @param cellsExecuted code cells run
   * @param linesOfCode lines of code run
   * @param papersRead papers read
   * @param findings findings
   * @param validatedFindings validated findings
   * @param rejectedFindings findings refused for bad citations
   * @param compressionRatio raw bytes over summary bytes, over every cycle
   * @param textCompressionRatio the same without embedded images
   * @param elapsed wall-clock time
   * @param inputTokens language model input tokens
   * @param outputTokens language model output tokens
   * @param costUsd language model cost
   * @param cacheReadTokens of the input tokens, those read from the providers' prompt caches
   * @param cacheSavingUsd what prompt caching saved
   */
  public record Facts(
      int cyclesCompleted,
      int cyclesRequested,
      int tasksCompleted,
      int tasksFailed,
      long cellsExecuted,
      long linesOfCode,
      int papersRead,
      int findings,
      int validatedFindings,
      int rejectedFindings,
      double compressionRatio,
      double textCompressionRatio,
      Duration elapsed,
      long inputTokens,
      long outputTokens,
      double costUsd,
      long cacheReadTokens,
      double cacheSavingUsd) {}
}
