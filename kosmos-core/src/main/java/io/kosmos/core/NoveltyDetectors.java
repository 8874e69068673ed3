package io.kosmos.core;

import io.kosmos.api.NoveltyDetector;
import io.kosmos.core.internal.orchestration.TextNoveltyDetector;

/**
 * The {@link NoveltyDetector}s that ship with Kosmos; give one to {@link
 * WorkflowBuilder#noveltyDetector(NoveltyDetector)}.
 */
public final class NoveltyDetectors {

  private NoveltyDetectors() {}

  /**
   * A detector that drops a task when the word-set similarity (Jaccard) of its description and
   * parameters with an earlier task of the same kind reaches the threshold. The workflow's default
   * is {@code textSimilarity(0.8)}.
   *
   * @param threshold from 0 (exclusive) to 1 (inclusive)
   * @return the detector
   * @throws IllegalArgumentException if the threshold is out of range
   */
  public static NoveltyDetector textSimilarity(double threshold) {
    return new TextNoveltyDetector(threshold);
  }
}
