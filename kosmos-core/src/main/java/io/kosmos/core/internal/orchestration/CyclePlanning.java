package io.kosmos.core.internal.orchestration;

import io.kosmos.api.NoveltyDetector;
import io.kosmos.api.Plan;
import io.kosmos.api.PlanCreator;
import io.kosmos.api.PlanReview;
import io.kosmos.api.PlanReviewer;
import io.kosmos.api.PlanningContext;
import io.kosmos.api.Task;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.PlanRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plans one cycle: the planner proposes, the engine assigns task ids ({@code c<cycle>-t<nn>}) and
 * cuts the plan to the cycle's limit, the reviewer scores it and the engine adds its own structure
 * check. A rejected plan is revised once with the review and reviewed again. If the revision is
 * still not approved it runs anyway, without the tasks that cannot be carried out (no description
 * or no expected output), and the plan record and the report say it was not approved. Then each
 * task goes through the novelty check against the tasks already tried and the tasks kept before it.
 * The result is the {@link PlanRecord} the engine commits before the cycle's tasks start.
 */
public final class CyclePlanning {

  private final PlanCreator planner;
  private final PlanReviewer reviewer;
  private final PlanningPolicy policy;

  /**
   * Creates the planning step.
   *
   * @param planner the planner
   * @param reviewer the reviewer
   * @param policy the novelty check and the review scores a plan needs
   */
  public CyclePlanning(PlanCreator planner, PlanReviewer reviewer, PlanningPolicy policy) {
    this.planner = planner;
    this.reviewer = reviewer;
    this.policy = policy;
  }

  /**
   * Plans the cycle.
   *
   * @param context what the planner sees
   * @param now the time to record
   * @return the plan record, with the plan that runs
   */
  public PlanRecord plan(PlanningContext context, Instant now) {
    int[] truncated = new int[1];
    Reviewed reviewed = proposeAndReview(context, truncated);
    StringBuilder decision = new StringBuilder(reviewed.decision());
    List<PlanRecord.Drop> drops = new ArrayList<>();
    List<Task> runnable = new ArrayList<>();
    for (Task task : reviewed.chosen().tasks()) {
      if (PlanStructure.runnable(task)) {
        runnable.add(task);
      } else {
        drops.add(
            new PlanRecord.Drop(
                task.id(), "cannot be carried out: no description or no expected output"));
      }
    }
    if (!reviewed.approved()) {
      decision.append("; it runs anyway");
      if (!drops.isEmpty()) {
        decision.append(" without ").append(drops.size()).append(" task(s) that cannot run");
      }
    }
    List<PlanRecord.NoveltyRecord> decisions = new ArrayList<>();
    List<Task> kept = checkNovelty(runnable, context, decisions);
    long dropped = decisions.stream().filter(d -> d.action().equals("DROP")).count();
    if (dropped > 0) {
      decision.append("; novelty check dropped ").append(dropped).append(" task(s)");
    }
    return new PlanRecord(
        Json.FORMAT_VERSION,
        context.cycle(),
        context.explorationShare(),
        reviewed.proposed(),
        reviewed.review(),
        reviewed.revised(),
        reviewed.revisedReview(),
        reviewed.approved(),
        decision.toString(),
        drops,
        decisions,
        reviewed.chosen().withTasks(kept),
        truncated[0],
        now);
  }

  /**
   * A plan after review: the proposal and its review, the revision and its review if the first was
   * rejected, and the plan chosen to run.
   */
  private record Reviewed(
      Plan proposed,
      PlanReview review,
      Plan revised,
      PlanReview revisedReview,
      Plan chosen,
      boolean approved,
      String decision) {}

  /** The planner proposes, the reviewer scores; a rejected plan is revised once and rescored. */
  private Reviewed proposeAndReview(PlanningContext context, int[] truncated) {
    Plan proposed = normalize(planner.plan(context), context, truncated);
    PlanReview review = review(proposed, context);
    if (policy.approves(review)) {
      return new Reviewed(
          proposed,
          review,
          null,
          null,
          proposed,
          true,
          "approved at first review (" + scores(review) + ")");
    }
    Plan revised = normalize(planner.revise(context, proposed, review), context, truncated);
    PlanReview revisedReview = review(revised, context);
    boolean approved = policy.approves(revisedReview);
    String decision =
        "first review rejected the plan ("
            + scores(review)
            + "); revised once; the revision was "
            + (approved ? "approved" : "not approved")
            + " ("
            + scores(revisedReview)
            + ")";
    return new Reviewed(proposed, review, revised, revisedReview, revised, approved, decision);
  }

  /** The reviewer's scores merged with the engine's own structure check. */
  private PlanReview review(Plan plan, PlanningContext context) {
    boolean hasData = !context.datasets().isEmpty();
    return PlanStructure.merge(
        reviewer.review(plan, context), PlanStructure.problems(plan, hasData, context.maxTasks()));
  }

  /**
   * Checks each task against the tasks already tried and those kept before it.
   *
   * @param runnable the tasks that can be carried out, in plan order
   * @param context the planning context, for the tried tasks
   * @param decisions receives the decision on each task
   * @return the tasks kept, rewritten where the detector rewrote them
   */
  private List<Task> checkNovelty(
      List<Task> runnable, PlanningContext context, List<PlanRecord.NoveltyRecord> decisions) {
    List<Task> earlier = new ArrayList<>(context.world().triedTasks());
    List<Task> kept = new ArrayList<>();
    for (Task task : runnable) {
      NoveltyDetector.Decision d = policy.novelty().assess(task, earlier);
      Task run = d.task().id().equals(task.id()) ? d.task() : d.task().withId(task.id());
      decisions.add(
          new PlanRecord.NoveltyRecord(
              task.id(),
              d.action().name(),
              d.similarity(),
              d.similarTo(),
              d.reason(),
              d.action() == NoveltyDetector.Action.REWRITE ? run : null));
      if (d.action() != NoveltyDetector.Action.DROP) {
        kept.add(run);
        earlier.add(run);
      }
    }
    return kept;
  }

  private static Plan normalize(Plan plan, PlanningContext context, int[] truncated) {
    List<Task> tasks = plan.tasks();
    if (tasks.size() > context.maxTasks()) {
      truncated[0] += tasks.size() - context.maxTasks();
      tasks = tasks.subList(0, context.maxTasks());
    }
    List<Task> withIds = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      withIds.add(tasks.get(i).withId(taskId(context.cycle(), i + 1)));
    }
    double share = plan.explorationShare();
    return new Plan(context.cycle(), withIds, plan.rationale(), share);
  }

  /**
   * The id of a task of a cycle.
   *
   * @param cycle the cycle
   * @param position the task's position in the plan, from 1
   * @return for example {@code c2-t03}
   */
  public static String taskId(int cycle, int position) {
    return String.format(Locale.ROOT, "c%d-t%02d", cycle, position);
  }

  private static String scores(PlanReview review) {
    String s = String.format(Locale.ROOT, "mean %.1f, lowest %.1f", review.mean(), review.min());
    if (!review.structuralProblems().isEmpty()) {
      s += ", " + review.structuralProblems().size() + " structural problem(s)";
    }
    return s;
  }
}
