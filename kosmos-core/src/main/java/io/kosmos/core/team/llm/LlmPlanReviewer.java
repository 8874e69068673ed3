package io.kosmos.core.team.llm;

import io.kosmos.api.Plan;
import io.kosmos.api.PlanReview;
import io.kosmos.api.PlanReviewer;
import io.kosmos.api.PlanningContext;
import io.kosmos.core.internal.agents.Drafts.ReviewDraft;
import io.kosmos.core.internal.agents.Drafts.ReviewScores;
import io.kosmos.core.internal.agents.ModelCalls;
import io.kosmos.core.internal.agents.PlanningText;
import io.kosmos.core.internal.agents.Prompts;
import io.kosmos.core.internal.agents.Text;
import io.kosmos.core.internal.agents.WorldText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reviews a plan with the model: five scores from 0 to 10, the structural problems it sees and
 * feedback for a revision. It only judges: the engine applies the approval rule ({@link
 * PlanReview#approved(double, double)}) and adds its own structure check, the same as for the
 * offline reviewer. Scores outside 0 to 10 are clamped.
 */
final class LlmPlanReviewer implements PlanReviewer {

  static final String PURPOSE = "plan-review";

  private final ModelCalls calls;

  LlmPlanReviewer(ModelCalls calls) {
    this.calls = calls;
  }

  @Override
  public PlanReview review(Plan plan, PlanningContext context) {
    Prompts p = calls.prompts();
    Map<String, String> v = PlanningText.variables(context);
    v.put("plan", WorldText.plan(plan));
    String user = p.render(Prompts.Name.REVIEWER_USER, v);
    ReviewDraft draft =
        calls.ask(PURPOSE, p.text(Prompts.Name.REVIEWER_SYSTEM), user, ReviewDraft.class).value();
    ReviewScores s = draft.scores();
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put("specificity", clamp(s == null ? 0 : s.specificity()));
    scores.put("relevance", clamp(s == null ? 0 : s.relevance()));
    scores.put("novelty", clamp(s == null ? 0 : s.novelty()));
    scores.put("coverage", clamp(s == null ? 0 : s.coverage()));
    scores.put("feasibility", clamp(s == null ? 0 : s.feasibility()));
    return new PlanReview(scores, nonBlank(draft.structuralProblems()), nonBlank(draft.feedback()));
  }

  private static double clamp(double score) {
    if (Double.isNaN(score)) {
      return 0;
    }
    return Math.max(0, Math.min(10, score));
  }

  private static List<String> nonBlank(List<String> items) {
    return items == null
        ? List.of()
        : items.stream().filter(i -> !Text.blank(i)).map(String::strip).toList();
  }
}
