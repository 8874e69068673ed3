package io.kosmos.core.internal.workflow;

import io.kosmos.api.BudgetExceededException;
import io.kosmos.api.Finding;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.RunStatus;
import io.kosmos.api.ValidationContext;
import io.kosmos.api.Validator;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.artifacts.ReassessmentRecord;
import io.kosmos.core.internal.orchestration.Debug;
import io.kosmos.core.internal.orchestration.FindingEvidence;
import io.kosmos.core.internal.orchestration.StopSignal;
import io.kosmos.core.internal.orchestration.TaskScheduler;
import io.kosmos.core.internal.world.WorldState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run-wide revision at the end of a cycle, once its findings are in the world model: {@link
 * Validator#reassess} returns the findings whose statistics (such as adjusted p values) or
 * validation changed, and the world model takes them. A cycle being redone after a crash replays
 * the saved {@code reassessment.json} instead of asking again, so a resumed run ends the cycle
 * exactly as it would have. A validator that fails leaves the findings as they were; one that
 * spends the budget or whose model rejects its credentials also stops the run.
 */
final class CycleReassessment {

  private static final Logger LOG = LoggerFactory.getLogger(CycleReassessment.class);

  private final Layout layout;
  private final Validator validator;
  private final String objective;

  CycleReassessment(Layout layout, Validator validator, String objective) {
    this.layout = layout;
    this.validator = validator;
    this.objective = objective;
  }

  /**
   * Applies the cycle's reassessment: the saved one on a resumed cycle, else the validator's.
   *
   * @param cycle the cycle
   * @param world the world model, the cycle's findings applied
   * @param signal the run's stop signal
   * @return a new reassessment to save, or {@code null} if it was already saved
   */
  ReassessmentRecord apply(int cycle, WorldState world, StopSignal signal) {
    Path file = layout.reassessmentJson(cycle);
    ReassessmentRecord fresh = null;
    ReassessmentRecord record;
    if (Files.exists(file)) {
      record = Json.read(file, ReassessmentRecord.class);
    } else {
      record = ask(cycle, world, signal);
      fresh = record;
    }
    for (Finding f : record.revised()) {
      if (!world.revise(f)) {
        LOG.warn("reassessment of cycle {} revised unknown finding {}; ignored", cycle, f.id());
      }
    }
    return fresh;
  }

  private ReassessmentRecord ask(int cycle, WorldState world, StopSignal signal) {
    List<Finding> revised = List.of();
    String error = null;
    try {
      List<Finding> answer =
          validator.reassess(
              // a finding the engine refused (typed numbers, invented columns) is neither revised
              // nor counted in the run's false discovery rate
              world.findings().stream().filter(f -> !FindingEvidence.refused(f)).toList(),
              new ValidationContext(objective, world));
      revised = answer == null ? List.of() : answer;
    } catch (BudgetExceededException e) {
      error = "budget spent: " + e.getMessage();
      signal.request(
          RunStatus.BUDGET_SPENT,
          "the budget was spent while reassessing the findings of cycle "
              + cycle
              + ": "
              + e.getMessage(),
          false);
    } catch (ModelAuthenticationException e) {
      error = TaskScheduler.credentialsRejected(e);
      signal.fail(e, error);
    } catch (RuntimeException e) {
      LOG.warn(
          "reassessment of cycle {} failed; findings kept as they were: {}",
          cycle,
          Debug.describe(e),
          Debug.trace(e));
      error = ResearchEngine.describe(e);
    }
    return new ReassessmentRecord(Json.FORMAT_VERSION, cycle, revised, error);
  }
}
