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
import io.kosmos.core.internal.stats.ObjectiveMatcher;
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
 * then the rest; a literature search when a source is configured. Exploitation: a joint model of
 * the outcome, then, for each validated association (those about the objective first, the strongest
 * first), confounder adjustment, robustness, non-linearity and subgroups. The split follows the
 * cycle's exploration share; when one side has run out the other fills the plan. No unit of work
 * already tried (by any earlier task, or recorded in the test ledger) is planned again, and every
 * task passes the engine's default novelty check before it is proposed.
 */
final class OfflinePlanner implements PlanCreator {

  private static final Pattern TASK_ID = Pattern.compile("c\\d+-t\\d+");

  private final Options options;

  OfflinePlanner(Options options) {
    this.options = options;
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
                case CONFOUNDING, ROBUSTNESS, NONLINEARITY, SUBGROUPS -> options.followUpsPerTask();
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
                first.work() == Work.LITERATURE
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
    }
    List<List<String>> pairs = new ArrayList<>();
    List<String> derived = new ArrayList<>();
    List<String> readable = new ArrayList<>();
    for (WorkState.Unit u : batch) {
      if (!u.x().isEmpty()) {
        pairs.add(List.of(u.x(), u.y()));
        readable.add(u.x() + " ~ " + u.y());
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
    if (!derived.isEmpty()) {
      b.parameter("derivedFrom", String.join(",", derived));
      String hypothesis =
          state.world.finding(derived.getFirst()).map(f -> f.hypothesisId()).orElse(null);
      if (hypothesis != null) {
        b.hypothesisId(hypothesis);
      }
    }
    String followed =
        String.join(
            "; ", batch.stream().map(WorkState.Unit::summary).filter(s -> !s.isEmpty()).toList());
    String alpha = Fmt.plain(options.alpha());
    switch (first.work()) {
      case PROFILE ->
          b.description(
                  "Profile "
                      + ds
                      + " in the sandbox: load it, classify every column (continuous, discrete,"
                      + " binary or categorical; identifiers, free text, dates and constant columns"
                      + " set aside), count missing values, and describe each distribution (skew,"
                      + " normality, outliers) and its cardinality.")
              .expectedOutput(
                  "A profile of every column (kept as note profile:"
                      + ds
                      + "), a table of the columns and a figure of their distributions.")
              .parameter("test", "profile");
      case SCREEN ->
          b.description(
                  "Screen "
                      + pairs.size()
                      + " pair(s) of "
                      + ds
                      + (batch.stream().allMatch(u -> u.y().equals(state.outcome(ds)))
                          ? " with the outcome " + first.y()
                          : "")
                      + ": "
                      + String.join(", ", readable)
                      + ".")
              .expectedOutput(
                  "Per pair, the test chosen from the two variables' kinds as profiled in the"
                      + " sandbox (Pearson or Spearman; Welch's t or Mann-Whitney; ANOVA, Welch's"
                      + " ANOVA or Kruskal-Wallis; chi-square or Fisher's exact) and why, with its"
                      + " assumptions checked: statistic, p value, effect size with 95% CI and n,"
                      + " recorded as a test of the run; for p < "
                      + alpha
                      + " a permutation null on the real data and a bootstrap CI, and a finding with"
                      + " a figure (also for informative null results on the outcome).")
              .parameter("test", "chosen per pair of variable kinds");
      case CONFOUNDING ->
          b.description("Adjust " + followed + " for measured confounders.")
              .expectedOutput(
                  "Per pair: the candidate confounders (variables associated with both sides), the"
                      + " effect alone, adjusted for each and for all of them (partial correlation"
                      + " and multivariable regression on the same rows) with 95% CIs and p values,"
                      + " the share by which it shrank, a verdict (explained when no longer"
                      + " significant and more than halved, reversed, attenuated, persists) naming"
                      + " the variable that explains it, and a forest plot.")
              .parameter("test", "partial correlation and multivariable regression");
      case ROBUSTNESS ->
          b.description("Check the robustness of " + followed + ".")
              .expectedOutput(
                  "Per pair: a bootstrap CI ("
                      + options.robustnessResamples()
                      + " resamples), a permutation p on the real data ("
                      + options.robustnessResamples()
                      + " shuffles), the effect without influential points (Cook's distance > 4/n,"
                      + " or robust z > 3.5 within groups), a verdict (robust or fragile) with"
                      + " reasons, and a figure of the bootstrap and permutation distributions.")
              .parameter("test", "bootstrap, permutation and influence");
      case NONLINEARITY ->
          b.description("Test whether " + followed + " is non-linear.")
              .expectedOutput(
                  "Per pair: a cubic spline against a straight line (F test on the same rows, R² of"
                      + " both), a quadratic term, the Spearman-Pearson gap, and a figure with the"
                      + " linear fit, the spline and a LOWESS curve.")
              .parameter("test", "spline against linear F test");
      case SUBGROUPS ->
          b.description("Look at " + followed + " within subgroups of " + first.by() + ".")
              .expectedOutput(
                  "Per pair: the effect with 95% CI in each level of "
                      + first.by()
                      + ", an interaction test in a regression, and a forest plot of the subgroup"
                      + " effects.")
              .parameter("by", first.by())
              .parameter("test", "interaction test");
      case MODEL -> {
        WorkState.DatasetView v = state.views.get(ds);
        List<String> predictors = new ArrayList<>(v.profile().usable());
        predictors.remove(first.y());
        b.description(
                "Fit a joint model of "
                    + first.y()
                    + " in "
                    + ds
                    + " on every usable predictor: "
                    + String.join(", ", predictors)
                    + ".")
            .expectedOutput(
                "A linear or logistic regression as the outcome's kind requires, predictors"
                    + " standardized: each predictor's effect adjusted for all the others (partial"
                    + " r or odds ratio per SD) with 95% CI and p value, collinearity (VIF) and"
                    + " heteroscedasticity checked, the model's fit, and a forest plot.")
            .parameter("predictors", json(predictors))
            .parameter("test", "multivariable regression");
      }
      case LITERATURE ->
          b.description(
                  "Search the literature for \""
                      + first.by()
                      + "\" and keep the sentences of the abstracts that speak to it.")
              .expectedOutput("Papers with their relevant abstract sentences, each quoted.")
              .parameter("query", first.by());
    }
    return b.build();
  }

  private static String json(Object value) {
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

  /** What the objective matched, in a sentence (also used by the report writer). */
  static String objectiveSentence(WorkState state) {
    if (state.match.matchedNothing()) {
      return "The objective matched no column of the data; every pair of variables is explored.";
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, String> e : state.match.outcomes().entrySet()) {
      List<String> words =
          state.match.matchedWords().getOrDefault(e.getKey() + "|" + e.getValue(), List.of());
      parts.add(
          e.getValue()
              + " in "
              + e.getKey()
              + (words.isEmpty() ? "" : " (matched: " + String.join(", ", words) + ")"));
    }
    List<String> others = new ArrayList<>();
    for (ObjectiveMatcher.Scored s : state.match.scores()) {
      if (!s.column().column().equals(state.match.outcome(s.column().dataset()))) {
        others.add(s.column().column());
      }
    }
    return "The outcome of interest is "
        + String.join("; ", parts)
        + (others.isEmpty() ? "" : "; the objective also names " + String.join(", ", others))
        + ". Pairs with the outcome are tested first.";
  }
}
