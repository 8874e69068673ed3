package io.kosmos.core.team.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kosmos.api.NoveltyDetector;
import io.kosmos.api.Plan;
import io.kosmos.api.PlanCreator;
import io.kosmos.api.PlanReview;
import io.kosmos.api.PlanningContext;
import io.kosmos.api.Task;
import io.kosmos.api.TaskGoal;
import io.kosmos.api.TaskKind;
import io.kosmos.core.internal.orchestration.TextNoveltyDetector;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.Question;
import io.kosmos.core.internal.stats.ResultLine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plans a cycle of the offline scientist. Exploration: profile each dataset (cycle 1), then screen
 * pairs never tested, pairs with the outcome first, then pairs of variables the objective names,
 * then the rest; a literature search for background on the objective when a source is configured.
 * Exploitation: a joint model of the outcome, then, for each validated association (those about the
 * objective first, the strongest first), confounder adjustment, robustness, non-linearity and
 * subgroups, and, when a source is configured, a search for prior evidence on it. The split follows
 * the cycle's exploration share; when one side has run out the other fills the plan. No unit of
 * work already tried (by any earlier task, or recorded in the test ledger) is planned again, and
 * every task passes the engine's default novelty check before it is proposed.
 */
final class OfflinePlanner implements PlanCreator {

  private static final Pattern TASK_ID = Pattern.compile("c\\d+-t\\d+");

  private final Options options;
  private final TaskDescriptions descriptions;

  OfflinePlanner(Options options) {
    this.options = options;
    this.descriptions = new TaskDescriptions(options);
  }

  @Override
  public Plan plan(PlanningContext context) {
    return build(context, Set.of(), List.of());
  }

  /**
   * Acts on the review: drops the units of every task a structural problem or a feedback item names
   * (an unknown column, a repeated test) and plans again without them; when the review found the
   * plan off the objective, the outcome's work is moved first (it already is, unless the outcome's
   * work has run out, which the rationale then says).
   */
  @Override
  public Plan revise(PlanningContext context, Plan rejected, PlanReview review) {
    Set<String> named = new HashSet<>();
    List<String> items = new ArrayList<>(review.structuralProblems());
    items.addAll(review.feedback());
    for (String item : items) {
      Matcher m = TASK_ID.matcher(item);
      while (m.find()) {
        named.add(m.group());
      }
    }
    Set<String> excluded = new HashSet<>();
    for (Task t : rejected.tasks()) {
      if (named.contains(t.id())) {
        excluded.addAll(WorkState.unitKeys(t));
      }
    }
    List<String> notes = new ArrayList<>();
    notes.add(
        "Revised after review (mean "
            + Fmt.num(review.mean())
            + "): "
            + (excluded.isEmpty()
                ? "no task was named as faulty; the plan is rebuilt from the open work"
                : "dropped the work of " + named.size() + " task(s) the review named"));
    return build(context, excluded, notes);
  }

  Plan build(PlanningContext context, Set<String> excluded, List<String> notes) {
    WorkState state =
        new WorkState(
            context.objective(),
            context.datasets(),
            context.world(),
            context.literatureAvailable(),
            options);
    state.requireUsableData();
    List<WorkState.Unit> explore = new ArrayList<>();
    for (WorkState.Unit u : state.exploration()) {
      if (!excluded.contains(u.key())) {
        explore.add(u);
      }
    }
    List<WorkState.Unit> exploit = new ArrayList<>();
    for (WorkState.Unit u : state.exploitation()) {
      if (!excluded.contains(u.key())) {
        exploit.add(u);
      }
    }
    Selection selection = select(context, state, explore, exploit, false);
    int needed = Math.min(3, context.maxTasks());
    if (selection.dataTasks() < needed && !context.datasets().isEmpty()) {
      // Too little open work for three tasks in the usual batches: one unit per task instead, so
      // the plan keeps the structure a plan with data needs whenever three units remain.
      selection = select(context, state, explore, exploit, true);
    }
    List<Task> chosen = selection.tasks();
    String rationale =
        rationale(context, state, chosen, explore, exploit, selection.skipped(), notes);
    double share =
        chosen.isEmpty()
            ? context.explorationShare()
            : chosen.stream().filter(t -> t.goal() == TaskGoal.EXPLORATION).count()
                / (double) chosen.size();
    return new Plan(context.cycle(), chosen, rationale, share);
  }

  private record Selection(List<Task> tasks, int skipped) {
    long dataTasks() {
      return tasks.stream().filter(t -> t.kind() == TaskKind.DATA_ANALYSIS).count();
    }
  }

  private Selection select(
      PlanningContext context,
      WorkState state,
      List<WorkState.Unit> explore,
      List<WorkState.Unit> exploit,
      boolean single) {
    List<Task> exploreTasks = tasks(state, explore, TaskGoal.EXPLORATION, single);
    List<Task> exploitTasks = tasks(state, exploit, TaskGoal.EXPLOITATION, single);
    int max = context.maxTasks();
    int wantExplore = (int) Math.round(max * context.explorationShare());
    int takeExplore = Math.min(wantExplore, exploreTasks.size());
    int takeExploit = Math.min(max - takeExplore, exploitTasks.size());
    takeExplore = Math.min(exploreTasks.size(), max - takeExploit);

    NoveltyDetector novelty = new TextNoveltyDetector(0.8);
    List<Task> earlier = new ArrayList<>(context.world().triedTasks());
    List<Task> chosen = new ArrayList<>();
    int skipped = 0;
    for (List<Task> source : List.of(exploreTasks, exploitTasks)) {
      int limit = source == exploreTasks ? takeExplore : takeExploit;
      int taken = 0;
      for (Task t : source) {
        if (taken >= limit) {
          break;
        }
        NoveltyDetector.Decision d = novelty.assess(t, earlier);
        if (d.action() == NoveltyDetector.Action.DROP) {
          skipped++;
          continue;
        }
        chosen.add(t);
        earlier.add(t);
        taken++;
      }
    }
    return new Selection(chosen, skipped);
  }

  // ---- from units to tasks -----------------------------------------------------------------

  private List<Task> tasks(
      WorkState state, List<WorkState.Unit> units, TaskGoal goal, boolean single) {
    Map<String, List<List<WorkState.Unit>>> open = new LinkedHashMap<>();
    List<List<WorkState.Unit>> batches = new ArrayList<>();
    for (WorkState.Unit u : units) {
      // Work about the objective is batched apart from the rest, so its notebooks stay on topic.
      String group =
          u.work()
              + "|"
              + u.dataset()
              + "|"
              + u.relevant()
              + "|"
              + (u.work() == Work.SUBGROUPS ? u.by() : "");
      int size =
          single
              ? 1
              : switch (u.work()) {
                case SCREEN -> options.pairsPerTask();
                case CONFOUNDING, ROBUSTNESS, NONLINEARITY, SUBGROUPS, EVIDENCE ->
                    options.followUpsPerTask();
                case INTERACTIONS -> 6;
                default -> 1;
              };
      List<List<WorkState.Unit>> groupBatches = open.computeIfAbsent(group, k -> new ArrayList<>());
      List<WorkState.Unit> current = groupBatches.isEmpty() ? null : groupBatches.getLast();
      if (current == null || current.size() >= size) {
        current = new ArrayList<>();
        groupBatches.add(current);
        batches.add(current);
      }
      current.add(u);
    }
    List<Task> tasks = new ArrayList<>();
    for (List<WorkState.Unit> batch : batches) {
      tasks.add(task(state, batch, goal));
    }
    return tasks;
  }

  private Task task(WorkState state, List<WorkState.Unit> batch, TaskGoal goal) {
    WorkState.Unit first = batch.getFirst();
    String ds = first.dataset();
    Task.Builder b =
        Task.builder(
                first.work() == Work.LITERATURE || first.work() == Work.EVIDENCE
                    ? TaskKind.LITERATURE_SEARCH
                    : TaskKind.DATA_ANALYSIS)
            .goal(goal)
            .parameter("kind", first.work().id());
    if (!ds.isEmpty()) {
      b.parameter("dataset", ds);
      String outcome = state.outcome(ds);
      if (outcome != null) {
        b.parameter("outcome", outcome);
      }
      String restrict = QuestionWork.restrictions(state, ds);
      if (!restrict.isEmpty()) {
        b.parameter("restrict", restrict);
      }
      if (first.work() == Work.QUESTION) {
        b.parameter("adjust", json(Question.columns(state.question.adjusters(), ds)));
        b.parameter("moderators", json(Question.columns(state.question.moderators(), ds)));
        b.parameter("mediators", json(Question.columns(state.question.mediators(), ds)));
      }
    }
    List<List<String>> pairs = new ArrayList<>();
    List<String> derived = new ArrayList<>();
    for (WorkState.Unit u : batch) {
      if (!u.x().isEmpty()) {
        pairs.add(List.of(u.x(), u.y()));
      }
      if (!u.findingId().isEmpty()) {
        derived.add(u.findingId());
      }
    }
    if (!pairs.isEmpty()) {
      b.parameter("pairs", json(pairs));
      // One word per unit of work, so that a text novelty check compares the work itself: two
      // batches of pairs over the same ten variables share every variable name, not their pairs.
      b.parameter(
          "units",
          String.join(
              " ",
              batch.stream()
                  .map(
                      u ->
                          first.work().id()
                              + "__"
                              + u.x()
                              + "__"
                              + u.y()
                              + (u.by().isEmpty() ? "" : "__" + u.by()))
                  .toList()));
    }
    if (first.work() == Work.EVIDENCE) {
      // the words a paper may use for each variable, decided here where the dictionary is known
      Map<String, List<String>> terms = new LinkedHashMap<>();
      for (WorkState.Unit u : batch) {
        for (String v : List.of(u.x(), u.y())) {
          terms.computeIfAbsent(
              v, c -> VariableTerms.phrases(c, state.description(ds, c), options.synonyms()));
        }
      }
      b.parameter("terms", json(terms));
    }
    if (!derived.isEmpty()) {
      b.parameter("derivedFrom", String.join(",", derived));
      String hypothesis =
          state.world.finding(derived.getFirst()).map(f -> f.hypothesisId()).orElse(null);
      if (hypothesis != null) {
        b.hypothesisId(hypothesis);
      }
    }
    descriptions.describe(b, state, batch);
    return b.build();
  }

  static String json(Object value) {
    try {
      return ResultLine.JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String rationale(
      PlanningContext context,
      WorkState state,
      List<Task> chosen,
      List<WorkState.Unit> explore,
      List<WorkState.Unit> exploit,
      int skipped,
      List<String> notes) {
    List<String> parts = new ArrayList<>(notes);
    parts.add(objectiveSentence(state));
    long explorationTasks = chosen.stream().filter(t -> t.goal() == TaskGoal.EXPLORATION).count();
    parts.add(
        String.format(
            Locale.ROOT,
            "Cycle %d: %d task(s), %d exploring (%d open unit(s) of exploration) and %d following"
                + " up (%d open follow-up(s)); exploration share asked %.2f.",
            context.cycle(),
            chosen.size(),
            explorationTasks,
            explore.size(),
            chosen.size() - explorationTasks,
            exploit.size(),
            context.explorationShare()));
    if (state.views.values().stream().anyMatch(v -> !v.profiled())) {
      parts.add(
          "Datasets not yet profiled are planned from their header; every task profiles its data in"
              + " the sandbox before testing, and set-aside columns are skipped there.");
    }
    if (skipped > 0) {
      parts.add(skipped + " task(s) left out because they resembled earlier ones too closely.");
    }
    if (chosen.isEmpty()) {
      parts.add("Nothing is left to test: every pair was screened and every follow-up done.");
    }
    return String.join(" ", parts);
  }

  /** How the question was read, in sentences (also used by the report writer). */
  static String objectiveSentence(WorkState state) {
    List<String> parts = new ArrayList<>(state.question.reading());
    if (!state.question.matchedNothing()) {
      parts.add(
          state.question.asksRelation()
              ? "The relation asked about is tested first, then what could change its answer, then"
                  + " the other pairs."
              : "Pairs with the outcome are tested first.");
    }
    return String.join(" ", parts);
  }
}
