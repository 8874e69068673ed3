package io.kosmos.core.internal.agents;

import io.kosmos.api.PlanningContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The variables the planner's and the reviewer's prompts share. Every structural rule they state
 * comes from the cycle's own limits ({@link #constraints}), so that no prompt asks for what the
 * limits make impossible: at most {@code maxTasks} tasks, at least {@code minDataTasks} data
 * analyses (what the engine checks), literature only when a source is configured, and exploitation
 * only once something has been found.
 */
public final class PlanningText {

  private PlanningText() {}

  public static Map<String, String> variables(PlanningContext ctx) {
    Map<String, String> v = new HashMap<>();
    Split split = split(ctx);
    v.put("objective", ctx.objective().strip());
    v.put("cycle", Integer.toString(ctx.cycle()));
    v.put("maxCycles", Integer.toString(Math.max(ctx.maxCycles(), ctx.cycle())));
    v.put("maxTasks", Integer.toString(ctx.maxTasks()));
    v.put("minDataTasks", ctx.minDataTasks() == 0 ? "" : Integer.toString(ctx.minDataTasks()));
    v.put("explorationPercent", Long.toString(Math.round(split.share() * 100)));
    v.put("explorationTasks", Integer.toString(split.exploration()));
    v.put("exploitationTasks", Integer.toString(split.exploitation()));
    v.put("constraints", constraints(ctx));
    v.put("datasets", datasets(ctx));
    v.put("noData", ctx.datasets().isEmpty() ? "yes" : "");
    v.put("literature", ctx.literatureAvailable() ? "yes" : "");
    v.put("summaries", WorldText.summariesForPrompt(ctx.cycleSummaries()));
    v.put("findings", WorldText.findings(ctx.world()));
    v.put("hypotheses", WorldText.allHypotheses(ctx.world()));
    v.put("conflicts", WorldText.conflicts(ctx.world()));
    v.put("questions", WorldText.questions(ctx.world()));
    v.put("triedTasks", WorldText.triedTasks(ctx.world()));
    return v;
  }

  /**
   * How many tasks of each kind to aim for.
   *
   * @param exploration exploration tasks
   * @param exploitation exploitation tasks
   * @param share the exploration share these counts stand for
   */
  record Split(int exploration, int exploitation, double share) {}

  /**
   * The exploration and exploitation counts: the schedule's share of the task limit, except that
   * nothing can be followed up before something was found, so then every task explores.
   */
  static Split split(PlanningContext ctx) {
    if (nothingToExploit(ctx)) {
      return new Split(ctx.maxTasks(), 0, 1.0);
    }
    int exploration = (int) Math.round(ctx.explorationShare() * ctx.maxTasks());
    return new Split(exploration, ctx.maxTasks() - exploration, ctx.explorationShare());
  }

  static boolean nothingToExploit(PlanningContext ctx) {
    return ctx.world().findings().isEmpty();
  }

  /**
   * The limits of the cycle, in the words both the planner and the reviewer read.
   *
   * @param ctx the planning context
   * @return a few sentences
   */
  public static String constraints(PlanningContext ctx) {
    StringBuilder sb = new StringBuilder();
    int max = ctx.maxTasks();
    sb.append("Cycle ")
        .append(ctx.cycle())
        .append(" of ")
        .append(Math.max(ctx.maxCycles(), ctx.cycle()))
        .append(". Plan at most ")
        .append(max)
        .append(max == 1 ? " task." : " tasks.");
    if (ctx.datasets().isEmpty()) {
      sb.append(" The run has no data: plan LITERATURE_SEARCH tasks only.");
    } else if (ctx.minDataTasks() > 0) {
      sb.append(
          ctx.minDataTasks() == max
              ? (max == 1 ? " It must be a data analysis." : " All of them must be data analyses.")
              : " At least " + ctx.minDataTasks() + " of them must be data analyses.");
    }
    if (!ctx.datasets().isEmpty()) {
      sb.append(
          ctx.literatureAvailable()
              ? (ctx.minDataTasks() < max
                  ? " Literature search is available: the other tasks may be LITERATURE_SEARCH"
                      + " tasks."
                  : " Literature search is available, but this cycle has no room for a"
                      + " literature task.")
              : " Literature search is NOT available: plan DATA_ANALYSIS tasks only.");
    }
    Split split = split(ctx);
    if (nothingToExploit(ctx)) {
      sb.append(" Nothing has been found yet, so nothing can be followed up: every task explores.");
    } else {
      sb.append(" Aim for about ")
          .append(split.exploration())
          .append(" exploration and ")
          .append(split.exploitation())
          .append(" exploitation task(s) (")
          .append(Math.round(split.share() * 100))
          .append("% exploration).");
    }
    return sb.toString();
  }

  private static String datasets(PlanningContext ctx) {
    if (ctx.datasets().isEmpty()) {
      return "";
    }
    String list = WorldText.datasets(ctx.datasets());
    String profiles = WorldText.profiles(ctx.datasets(), ctx.world());
    if (!profiles.isEmpty()) {
      return list + "\n\nData profiles from earlier tasks:\n\n" + profiles;
    }
    return list
        + "\n\nNo task has profiled the data yet. A first look at the files, read by Kosmos"
        + " before the run:\n\n"
        + DataPreview.describe(ctx.datasets());
  }
}
