package io.kosmos.core.team.offline;

import io.kosmos.api.AnalysisContext;
import io.kosmos.api.DataAnalyst;
import io.kosmos.api.Dataset;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.KosmosException;
import io.kosmos.api.Task;
import io.kosmos.api.TaskResult;

/**
 * Carries out the offline planner's data-analysis tasks in the sandbox, cell by cell: the first
 * code cell defines the helper functions (from {@code python/*.py}), the next loads and profiles
 * the dataset, and each later cell runs one test or follow-up and prints a readable result and one
 * {@code KOSMOS_RESULT} line, which becomes the finding's statistics. Every test, significant or
 * not, is recorded in the task's {@code tests:<task id>} note for the run-wide false discovery
 * rate; follow-up verdicts go to {@code checks:<task id>}. Each finding cites its test cell and the
 * cell that drew its figure.
 *
 * <p>The task's {@code kind} parameter names the {@link Analysis} to run; the notebook plumbing all
 * of them share is in {@link AnalysisRun}.
 *
 * <p>Thread-safe: all state lives in one {@link AnalysisRun} per task.
 */
final class OfflineAnalyst implements DataAnalyst {

  private final Options options;

  OfflineAnalyst(Options options) {
    this.options = options;
  }

  @Override
  public TaskResult analyze(AnalysisContext context) {
    Task task = context.task();
    Work work = Work.of(task.parameters().get("kind"));
    if (work == null || work == Work.LITERATURE || work == Work.EVIDENCE) {
      throw new KosmosException(
          "task "
              + task.id()
              + " is not a data-analysis task of the offline statistical scientist (its parameter"
              + " 'kind' is "
              + task.parameters().get("kind")
              + ")");
    }
    Dataset dataset = dataset(context);
    Analysis analysis = Analysis.of(work);
    AnalysisRun run = new AnalysisRun(context, dataset, options);
    run.start(work, analysis.modules());
    if (run.profile().usable().size() >= 2 || !analysis.testsVariables()) {
      analysis.perform(run);
    } else {
      run.line(
          dataset.name()
              + " has fewer than two usable columns; nothing was tested ("
              + run.profile().setAside()
              + ").");
    }
    return run.finish();
  }

  private static Dataset dataset(AnalysisContext context) {
    Task task = context.task();
    String name = task.parameters().getOrDefault("dataset", "");
    return context.datasets().stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "task "
                        + task.id()
                        + " names dataset '"
                        + name
                        + "', which the run does"
                        + " not have"));
  }
}
