package io.kosmos.api;

import java.util.Objects;

/**
 * The team of roles that does a run's science. Two teams ship with kosmos-core: the offline
 * statistical scientist (no language model) and the language model team. The report and {@code
 * run.json} name the team that produced them.
 *
 * @param description who the team is, for example "offline statistical scientist" or "language
 *     model agents (anthropic claude-sonnet-4-5)"
 * @param planCreator plans cycles
 * @param planReviewer reviews plans
 * @param dataAnalyst carries out data-analysis tasks
 * @param literatureAnalyst carries out literature tasks
 * @param validator judges findings
 * @param reportWriter writes the report's synthesis
 */
public record Agents(
    String description,
    PlanCreator planCreator,
    PlanReviewer planReviewer,
    DataAnalyst dataAnalyst,
    LiteratureAnalyst literatureAnalyst,
    Validator validator,
    ReportWriter reportWriter) {

  /** Checks the components. */
  public Agents {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(planCreator, "planCreator");
    Objects.requireNonNull(planReviewer, "planReviewer");
    Objects.requireNonNull(dataAnalyst, "dataAnalyst");
    Objects.requireNonNull(literatureAnalyst, "literatureAnalyst");
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(reportWriter, "reportWriter");
  }
}
