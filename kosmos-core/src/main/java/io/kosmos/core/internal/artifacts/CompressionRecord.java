package io.kosmos.core.internal.artifacts;

import java.util.List;

/**
 * The content of {@code cycles/<n>/compression.json}: how much the cycle's raw output (notebooks
 * and results) was reduced to the summary that feeds the next plan.
 *
 * @param formatVersion {@link Json#FORMAT_VERSION}
 * @param cycle the cycle
 * @param rawBytes bytes of the cycle's notebooks and result files
 * @param rawTextBytes the same without embedded images
 * @param summaryBytes bytes of {@code summary.md}
 * @param ratio {@code rawBytes / summaryBytes}
 * @param textRatio {@code rawTextBytes / summaryBytes}
 * @param tasks per task figures
 */
public record CompressionRecord(
    int formatVersion,
    int cycle,
    long rawBytes,
    long rawTextBytes,
    long summaryBytes,
    double ratio,
    double textRatio,
    List<TaskSize> tasks) {

  /** Copies the list. */
  public CompressionRecord {
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }

  /**
   * One task's raw sizes.
   *
   * @param taskId the task
   * @param notebookBytes its notebook
   * @param notebookTextBytes its notebook without embedded images
   * @param resultBytes its result file
   * @param compressedBytes its compressed summary
   */
  public record TaskSize(
      String taskId,
      long notebookBytes,
      long notebookTextBytes,
      long resultBytes,
      long compressedBytes) {}
}
