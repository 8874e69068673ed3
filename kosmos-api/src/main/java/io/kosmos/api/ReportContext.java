package io.kosmos.api;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link ReportWriter} sees.
 *
 * @param objective the research objective
 * @param world the final world model
 * @param cycleSummaries the compressed cycle summaries, oldest first
 */
public record ReportContext(String objective, WorldModel world, List<String> cycleSummaries) {

  /** Checks the components and copies the list. */
  public ReportContext {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(world, "world");
    cycleSummaries = List.copyOf(cycleSummaries);
  }
}
