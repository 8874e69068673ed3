package io.kosmos.core.internal.artifacts;

import io.kosmos.api.Finding;
import java.util.List;

/**
 * The content of {@code cycles/<n>/reassessment.json}: the findings the validator revised at the
 * end of the cycle (new statistics and validation), replayed as they are when a run is resumed.
 *
 * @param formatVersion {@link Json#FORMAT_VERSION}
 * @param cycle the cycle
 * @param revised the revised findings
 * @param error why the reassessment failed, or {@code null}
 */
public record ReassessmentRecord(
    int formatVersion, int cycle, List<Finding> revised, String error) {

  /** Copies the list. */
  public ReassessmentRecord {
    revised = revised == null ? List.of() : List.copyOf(revised);
  }
}
