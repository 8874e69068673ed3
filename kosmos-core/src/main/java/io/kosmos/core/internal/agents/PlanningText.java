package io.kosmos.core.internal.agents;

import io.kosmos.api.PlanningContext;
import java.util.HashMap;
import java.util.Map;

/** The variables the planner's and the reviewer's prompts share. */
public final class PlanningText {

  private PlanningText() {}

  public static Map<String, String> variables(PlanningContext ctx) {
    Map<String, String> v = new HashMap<>();
    int exploration = (int) Math.round(ctx.explorationShare() * ctx.maxTasks());
    v.put("objective", ctx.objective().strip());
    v.put("cycle", Integer.toString(ctx.cycle()));
    v.put("maxCycles", Integer.toString(Math.max(ctx.maxCycles(), ctx.cycle())));
    v.put("maxTasks", Integer.toString(ctx.maxTasks()));
    v.put("explorationPercent", Long.toString(Math.round(ctx.explorationShare() * 100)));
    v.put("explorationTasks", Integer.toString(exploration));
    v.put("exploitationTasks", Integer.toString(ctx.maxTasks() - exploration));
    v.put("datasets", datasets(ctx));
    v.put("noData", ctx.datasets().isEmpty() ? "yes" : "");
    v.put("literature", ctx.literatureAvailable() ? "yes" : "");
    v.put("summaries", WorldText.summaries(ctx.cycleSummaries()));
    v.put("findings", WorldText.findings(ctx.world()));
    v.put("hypotheses", WorldText.openHypotheses(ctx.world()));
    v.put("conflicts", WorldText.conflicts(ctx.world()));
    v.put("questions", WorldText.questions(ctx.world()));
    v.put("triedTasks", WorldText.triedTasks(ctx.world()));
    return v;
  }

  private static String datasets(PlanningContext ctx) {
    if (ctx.datasets().isEmpty()) {
      return "";
    }
    String list = WorldText.datasets(ctx.datasets());
    String profiles = WorldText.profiles(ctx.datasets(), ctx.world());
    return profiles.isEmpty()
        ? list + "\n\n(No data profile yet: the first analyses should load and profile the data.)"
        : list + "\n\nData profiles from earlier tasks:\n\n" + profiles;
  }
}
