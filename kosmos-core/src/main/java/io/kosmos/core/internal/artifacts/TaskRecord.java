package io.kosmos.core.internal.artifacts;

import io.kosmos.api.Finding;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.Paper;
import io.kosmos.api.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code cycles/<n>/tasks/<id>/result.json}: a task's committed outcome. It is the
 * last file a task writes, in one atomic step, after its notebook and figures; its presence is what
 * makes a task done. Findings enter the world model only from these files, with ids derived from
 * the cycle, the task and their position, so applying one twice changes nothing.
 *
 * @param formatVersion {@link Json#FORMAT_VERSION}
 * @param cycle the cycle
 * @param task the task
 * @param status {@code SUCCEEDED} or {@code FAILED}
 * @param failure why it failed, or {@code null}
 * @param retryable whether a resumed run should try the task again (the sandbox was unavailable)
 * @param attempts how many attempts were made
 * @param startedAt when the first attempt started
 * @param elapsed time of all attempts
 * @param summary the analyst's summary
 * @param findings the findings, with ids and validation (classification is set when applied)
 * @param rejected findings the engine refused, and why
 * @param hypotheses hypotheses proposed, with ids
 * @param openQuestions questions raised
 * @param papers papers read
 * @param notes notes for later cycles
 * @param notebook the notebook's path relative to the artifacts directory, or {@code null}
 * @param notebookBytes the notebook's size
 * @param notebookTextBytes the notebook's size without embedded images
 * @param cells code cells run
 * @param linesOfCode lines of code run
 * @param figures figures saved, relative paths
 * @param notices things the engine changed or noticed, one sentence each
 * @param compressed the task's compressed summary
 */
public record TaskRecord(
    int formatVersion,
    int cycle,
    Task task,
    Status status,
    String failure,
    boolean retryable,
    int attempts,
    Instant startedAt,
    Duration elapsed,
    String summary,
    List<Finding> findings,
    List<Rejected> rejected,
    List<Hypothesis> hypotheses,
    List<String> openQuestions,
    List<Paper> papers,
    Map<String, String> notes,
    String notebook,
    long notebookBytes,
    long notebookTextBytes,
    int cells,
    int linesOfCode,
    List<String> figures,
    List<String> notices,
    String compressed) {

  /** How a task ended. */
  public enum Status {
    /** The analyst returned a result. */
    SUCCEEDED,
    /** The task failed; {@link TaskRecord#failure()} says why. */
    FAILED
  }

  /** Copies the collections. */
  public TaskRecord {
    summary = summary == null ? "" : summary;
    findings = findings == null ? List.of() : List.copyOf(findings);
    rejected = rejected == null ? List.of() : List.copyOf(rejected);
    hypotheses = hypotheses == null ? List.of() : List.copyOf(hypotheses);
    openQuestions = openQuestions == null ? List.of() : List.copyOf(openQuestions);
    papers = papers == null ? List.of() : List.copyOf(papers);
    notes = notes == null ? Map.of() : Map.copyOf(notes);
    figures = figures == null ? List.of() : List.copyOf(figures);
    notices = notices == null ? List.of() : List.copyOf(notices);
    compressed = compressed == null ? "" : compressed;
  }

  /**
   * Returns a copy with a compressed summary.
   *
   * @param text the summary
   * @return the copy
   */
  public TaskRecord withCompressed(String text) {
    return new TaskRecord(
        formatVersion,
        cycle,
        task,
        status,
        failure,
        retryable,
        attempts,
        startedAt,
        elapsed,
        summary,
        findings,
        rejected,
        hypotheses,
        openQuestions,
        papers,
        notes,
        notebook,
        notebookBytes,
        notebookTextBytes,
        cells,
        linesOfCode,
        figures,
        notices,
        text);
  }

  /**
   * Whether the task succeeded.
   *
   * @return {@code true} if it did
   */
  public boolean succeeded() {
    return status == Status.SUCCEEDED;
  }

  /**
   * A finding the engine refused.
   *
   * @param claim its claim
   * @param reason why it was refused
   */
  public record Rejected(String claim, String reason) {}
}
