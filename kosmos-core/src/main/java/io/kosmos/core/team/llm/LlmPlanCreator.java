package io.kosmos.core.team.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.ChatMessage;
import io.kosmos.api.Plan;
import io.kosmos.api.PlanCreator;
import io.kosmos.api.PlanReview;
import io.kosmos.api.PlanningContext;
import io.kosmos.api.Task;
import io.kosmos.api.TaskGoal;
import io.kosmos.api.TaskKind;
import io.kosmos.core.internal.agents.Drafts.Parameter;
import io.kosmos.core.internal.agents.Drafts.PlanDraft;
import io.kosmos.core.internal.agents.Drafts.TaskDraft;
import io.kosmos.core.internal.agents.ModelCalls;
import io.kosmos.core.internal.agents.PlanningText;
import io.kosmos.core.internal.agents.Prompts;
import io.kosmos.core.internal.agents.Text;
import io.kosmos.core.internal.agents.WorldText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plans a cycle with the model. The model sees the objective, the cycle and its limits, the
 * exploration share as task counts, the datasets with their profiles, the last cycle summaries, the
 * findings, open hypotheses, conflicts, open questions and the tasks already tried, all bounded
 * ({@link WorldText}); it answers with a {@link PlanDraft}.
 *
 * <p>The answer is held to the same rules as any plan: at most {@code maxTasks} tasks (the rest are
 * cut), no literature task without a literature source and no data task without data (such tasks
 * are left out and the rationale says so), hypothesis ids that exist (others are unlinked). The
 * engine then assigns task ids and checks the structure; the reviewer scores.
 */
final class LlmPlanCreator implements PlanCreator {

  static final String PURPOSE_PLAN = "plan";
  static final String PURPOSE_REVISE = "plan-revision";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelCalls calls;

  LlmPlanCreator(ModelCalls calls) {
    this.calls = calls;
  }

  @Override
  public Plan plan(PlanningContext context) {
    Prompts p = calls.prompts();
    String user = p.render(Prompts.Name.PLANNER_USER, PlanningText.variables(context));
    PlanDraft draft =
        calls.ask(PURPOSE_PLAN, p.text(Prompts.Name.PLANNER_SYSTEM), user, PlanDraft.class).value();
    return toPlan(context, draft);
  }

  @Override
  public Plan revise(PlanningContext context, Plan rejected, PlanReview review) {
    Prompts p = calls.prompts();
    String user = p.render(Prompts.Name.PLANNER_USER, PlanningText.variables(context));
    String revise =
        p.render(
            Prompts.Name.PLANNER_REVISE,
            Map.of(
                "scores", scores(review),
                "problems", Text.bullets(review.structuralProblems()),
                "feedback", Text.bullets(review.feedback()),
                "maxTasks", Integer.toString(context.maxTasks()),
                "constraints", PlanningText.constraints(context),
                "minMean", Text.number(context.reviewMinMean()),
                "minEach", Text.number(context.reviewMinEach())));
    List<ChatMessage> messages =
        List.of(
            ChatMessage.user(user),
            ChatMessage.assistant(asJson(rejected)),
            ChatMessage.user(revise));
    PlanDraft draft =
        calls
            .ask(PURPOSE_REVISE, p.text(Prompts.Name.PLANNER_SYSTEM), messages, PlanDraft.class)
            .value();
    return toPlan(context, draft);
  }

  static String scores(PlanReview review) {
    List<String> lines = new ArrayList<>();
    for (String d : PlanReview.DIMENSIONS) {
      lines.add(String.format(Locale.ROOT, "%s: %.1f", d, review.scores().get(d)));
    }
    lines.add(String.format(Locale.ROOT, "mean %.1f, lowest %.1f", review.mean(), review.min()));
    return Text.bullets(lines);
  }

  /** The rejected plan as the model would have written it, for the revision conversation. */
  private static String asJson(Plan plan) {
    List<TaskDraft> tasks = new ArrayList<>();
    for (Task t : plan.tasks()) {
      List<Parameter> params = new ArrayList<>();
      t.parameters().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> params.add(new Parameter(e.getKey(), e.getValue())));
      tasks.add(
          new TaskDraft(
              t.kind(), t.goal(), t.description(), t.expectedOutput(), t.hypothesisId(), params));
    }
    try {
      return JSON.writeValueAsString(new PlanDraft(plan.rationale(), tasks));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Plan toPlan(PlanningContext context, PlanDraft draft) {
    List<Task> tasks = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<TaskDraft> drafts = draft.tasks() == null ? List.of() : draft.tasks();
    int withoutSource = 0;
    int withoutData = 0;
    int unlinked = 0;
    for (TaskDraft d : drafts) {
      if (d == null) {
        continue;
      }
      TaskKind kind = d.kind() == null ? TaskKind.DATA_ANALYSIS : d.kind();
      if (kind == TaskKind.LITERATURE_SEARCH && !context.literatureAvailable()) {
        withoutSource++;
        continue;
      }
      if (kind == TaskKind.DATA_ANALYSIS && context.datasets().isEmpty()) {
        withoutData++;
        continue;
      }
      if (tasks.size() >= context.maxTasks()) {
        notes.add(
            "the model proposed more than "
                + context.maxTasks()
                + " tasks; the plan keeps the first "
                + context.maxTasks());
        break;
      }
      Task.Builder b =
          Task.builder(kind)
              .goal(d.goal() == null ? TaskGoal.EXPLORATION : d.goal())
              .description(d.description() == null ? "" : d.description().strip())
              .expectedOutput(d.expectedOutput() == null ? "" : d.expectedOutput().strip());
      String h = d.hypothesisId() == null ? null : d.hypothesisId().strip();
      if (h != null && !h.isEmpty()) {
        if (context.world().hypothesis(h).isPresent()) {
          b.hypothesisId(h);
        } else {
          unlinked++;
        }
      }
      if (d.parameters() != null) {
        for (Parameter param : d.parameters()) {
          if (param != null && !Text.blank(param.name()) && param.value() != null) {
            b.parameter(param.name().strip(), param.value().strip());
          }
        }
      }
      tasks.add(b.build());
    }
    if (withoutSource > 0) {
      notes.add(withoutSource + " literature task(s) left out: the run has no literature source");
    }
    if (withoutData > 0) {
      notes.add(withoutData + " data-analysis task(s) left out: the run has no dataset");
    }
    if (unlinked > 0) {
      notes.add(unlinked + " task(s) named a hypothesis that does not exist; link removed");
    }
    String rationale = draft.rationale() == null ? "" : draft.rationale().strip();
    if (!notes.isEmpty()) {
      rationale += (rationale.isEmpty() ? "" : " ") + "[" + String.join("; ", notes) + "]";
    }
    return new Plan(context.cycle(), tasks, rationale, context.explorationShare());
  }
}
