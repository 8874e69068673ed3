package io.kosmos.api;

import java.util.List;

/**
 * Writes the synthesis of a report: the statements that answer the objective, each citing the
 * findings it rests on. The engine writes the rest of the report (findings ranked with their
 * statistics, hypotheses, conflicts, limitations, run facts) and checks every citation.
 */
@FunctionalInterface
public interface ReportWriter {

  /**
   * Writes the synthesis.
   *
   * @param context the objective, world model and cycle summaries
   * @return the statements, in reading order
   */
  List<ReportStatement> synthesize(ReportContext context);
}
