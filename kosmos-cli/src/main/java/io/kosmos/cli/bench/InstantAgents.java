package io.kosmos.cli.bench;

import io.kosmos.api.Agents;
import io.kosmos.api.AnalysisContext;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Plan;
import io.kosmos.api.PlanCreator;
import io.kosmos.api.PlanReview;
import io.kosmos.api.PlanningContext;
import io.kosmos.api.ReportStatement;
import io.kosmos.api.Statistics;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.api.TaskResult;
import io.kosmos.api.ValidationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The team of the engine benchmark: roles that do no work of their own, so that the time a run
 * takes is the engine's. The planner plans distinct tasks (so that the novelty check keeps them),
 * the reviewer approves, the analyst runs two cells and reports one correlation that cites the
 * second, the validator passes it, the report writer cites the best three.
 */
final class InstantAgents {

  private InstantAgents() {}

  static Agents agents() {
    Map<String, Double> scores = new LinkedHashMap<>();
    PlanReview.DIMENSIONS.forEach(d -> scores.put(d, 8.0));
    PlanReview approve = new PlanReview(scores, List.of(), List.of());
    return new Agents(
        "benchmark roles (instant)",
        planner(),
        (plan, context) -> approve,
        InstantAgents::analyze,
        ctx -> TaskResult.of("nothing", List.of()),
        (finding, context) -> new ValidationResult("instant", true, 0.9, Map.of(), List.of()),
        context -> {
          List<ReportStatement> out = new ArrayList<>();
          for (Finding f : context.world().validatedFindings(3)) {
            out.add(new ReportStatement(f.claim(), List.of(f.id())));
          }
          return out;
        });
  }

  private static PlanCreator planner() {
    return new PlanCreator() {
      @Override
      public Plan plan(PlanningContext context) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < context.maxTasks(); i++) {
          String v = "v" + context.cycle() + "x" + i;
          tasks.add(
              Task.builder(TaskKind.DATA_ANALYSIS)
                  .description("Correlate " + v + " with outcome " + v + "y")
                  .expectedOutput("a correlation with p value")
                  .parameter("x", v)
                  .build());
        }
        return new Plan(context.cycle(), tasks, "benchmark", context.explorationShare());
      }

      @Override
      public Plan revise(PlanningContext context, Plan rejected, PlanReview review) {
        return rejected;
      }
    };
  }

  private static TaskResult analyze(AnalysisContext ctx) {
    ctx.run("import pandas as pd\ndf = pd.read_csv('/data/data.csv')\ndf.describe()");
    ExecutedCell test = ctx.run("from scipy import stats\nprint(stats.spearmanr(df.x, df.y))");
    Finding f =
        Finding.builder(FindingKind.DATA_ANALYSIS)
            .claim(ctx.task().parameters().get("x") + " correlates with the outcome")
            .statistics(
                new Statistics(
                    "Spearman", 6.7, 0.0021, null, 0.31, "rho", 0.22, 0.4, 442, Map.of()))
            .direction(EffectDirection.POSITIVE)
            .variable(ctx.task().parameters().get("x"))
            .citation(ctx.cite(test))
            .build();
    return TaskResult.of("one correlation", List.of(f));
  }
}
