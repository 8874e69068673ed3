package io.kosmos.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a call to {@link ResearchWorkflow#run} achieved.
 *
 * @param runId the run's identifier
 * @param status how the run ended
 * @param stopReason why it stopped, in a sentence
 * @param cyclesCompleted cycles completed in total, earlier sessions of a resumed run included
 * @param tasksCompleted tasks that completed
 * @param tasksFailed tasks that failed
 * @param findings every finding of the run, in the order added
 * @param artifactsDir the run's artifacts directory
 * @param elapsed wall-clock time of the run, earlier sessions included
 * @param usage language model tokens used (zero for the offline scientist)
 * @param costUsd language model cost in US dollars
 */
public record ResearchResult(
    String runId,
    RunStatus status,
    String stopReason,
    int cyclesCompleted,
    int tasksCompleted,
    int tasksFailed,
    List<Finding> findings,
    Path artifactsDir,
    Duration elapsed,
    TokenUsage usage,
    double costUsd) {

  /** Checks the components and copies the list. */
  public ResearchResult {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(stopReason, "stopReason");
    findings = List.copyOf(findings);
    Objects.requireNonNull(artifactsDir, "artifactsDir");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(usage, "usage");
  }

  /**
   * The findings that passed validation, in the order added.
   *
   * @return the validated findings
   */
  public List<Finding> validatedFindings() {
    return findings.stream().filter(Finding::isValidated).toList();
  }
}
