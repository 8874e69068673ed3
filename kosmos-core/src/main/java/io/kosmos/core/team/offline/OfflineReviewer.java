package io.kosmos.core.team.offline;

import io.kosmos.api.Dataset;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Plan;
import io.kosmos.api.PlanReview;
import io.kosmos.api.PlanReviewer;
import io.kosmos.api.PlanningContext;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.core.internal.stats.Ledger;
import io.kosmos.core.internal.stats.Profile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reviews a plan from what can be measured in it, with the same view of the run as the planner
 * ({@link WorkState}). Scores from 0 to 10:
 *
 * <ul>
 *   <li>specificity: the share of tasks whose parameters say exactly what to do (kind, dataset,
 *       pairs or outcome or query, description and expected output);
 *   <li>relevance: the share of the plan's work about the objective (the outcome or a variable the
 *       objective names), against the most the open work allowed;
 *   <li>novelty: the share of units of work not tried before;
 *   <li>coverage: the share of usable variables the run has tested once this plan has run;
 *   <li>feasibility: the share of tasks whose columns exist, are usable, suit the test, and have
 *       enough rows.
 * </ul>
 *
 * Tasks that name unknown datasets or columns, repeat tried work, or ask for literature without a
 * source are structural problems, and the feedback names each task so the planner can drop it.
 */
final class OfflineReviewer implements PlanReviewer {

  private final Options options;

  OfflineReviewer(Options options) {
    this.options = options;
  }

  @Override
  public PlanReview review(Plan plan, PlanningContext context) {
    WorkState state;
    try {
      state =
          new WorkState(
              context.objective(),
              context.datasets(),
              context.world(),
              context.literatureAvailable(),
              options);
    } catch (InvalidInputException e) {
      return new PlanReview(
          scores(0, 0, 0, 0, 0), List.of("the data cannot be read: " + e.getMessage()), List.of());
    }
    List<Task> tasks = plan.tasks();
    if (tasks.isEmpty()) {
      return new PlanReview(
          scores(10, 10, 10, 10, 10),
          List.of(),
          List.of("the plan is empty: nothing is left to test"));
    }
    Tally tally = new Tally();
    for (Task t : tasks) {
      tally.add(t, check(t, state, context), state);
    }
    int relevantOpen = 0;
    for (WorkState.Unit u : state.exploration()) {
      relevantOpen += u.relevant() ? 1 : 0;
    }
    for (WorkState.Unit u : state.exploitation()) {
      relevantOpen += u.relevant() ? 1 : 0;
    }
    double relevance = tally.relevance(relevantOpen);
    double n = tasks.size();
    return new PlanReview(
        scores(
            10 * tally.specific / n,
            relevance,
            tally.units == 0 ? 10 : 10.0 * tally.fresh / tally.units,
            coverage(state, tally.touched, tasks.size() * options.pairsPerTask() * 2),
            10 * tally.feasible / n),
        tally.problems,
        tally.feedback);
  }

  /**
   * What is wrong with one task, before its units are compared with the work already tried.
   *
   * @param problems what is wrong, in words that name the column or dataset
   * @param complete whether its parameters say exactly what to do
   */
  private record TaskCheck(List<String> problems, boolean complete) {}

  private TaskCheck check(Task t, WorkState state, PlanningContext context) {
    Work work = Work.of(t.parameters().get("kind"));
    List<String> problems = new ArrayList<>();
    boolean complete = work != null && !t.description().isBlank() && !t.expectedOutput().isBlank();
    if (work == null) {
      problems.add("has no offline kind of work (parameter 'kind')");
    } else if (t.kind() == TaskKind.LITERATURE_SEARCH
        || work == Work.LITERATURE
        || work == Work.EVIDENCE) {
      if (!context.literatureAvailable()) {
        problems.add("searches the literature, but no literature source is configured");
      }
      if (work == Work.EVIDENCE && WorkState.pairs(t).isEmpty()) {
        complete = false;
        problems.add("names no association to search prior evidence for");
      } else if (work != Work.EVIDENCE && t.parameters().getOrDefault("query", "").isBlank()) {
        complete = false;
        problems.add("has no query");
      }
    } else {
      String ds = t.parameters().getOrDefault("dataset", "");
      WorkState.DatasetView view = state.views.get(ds);
      if (view == null) {
        complete = false;
        problems.add("names dataset '" + ds + "', which the run does not have");
      } else {
        problems.addAll(columnProblems(t, work, view));
        if (view.profiled() && view.profile().rows() < options.minN()) {
          problems.add(
              "has "
                  + view.profile().rows()
                  + " rows in "
                  + ds
                  + ", fewer than the minimum "
                  + options.minN());
        }
        if ((work != Work.PROFILE && work != Work.MODEL) && WorkState.pairs(t).isEmpty()) {
          complete = false;
          problems.add("names no pairs of variables");
        }
      }
    }
    return new TaskCheck(problems, complete);
  }

  /** The counts the scores come from, task by task, with each task's problems in words. */
  private static final class Tally {
    int specific;
    int feasible;
    int units;
    int fresh;
    int relevantUnits;
    final Set<String> touched = new HashSet<>();
    final List<String> problems = new ArrayList<>();
    final List<String> feedback = new ArrayList<>();

    void add(Task t, TaskCheck check, WorkState state) {
      List<String> taskProblems = new ArrayList<>(check.problems());
      List<String> keys = WorkState.unitKeys(t);
      int repeated = 0;
      for (String k : keys) {
        units++;
        if (state.tried.contains(k)) {
          repeated++;
        } else {
          fresh++;
        }
      }
      if (repeated > 0) {
        taskProblems.add("repeats " + repeated + " unit(s) of work already tried");
      }
      String ds = t.parameters().getOrDefault("dataset", "");
      for (List<String> p : WorkState.pairs(t)) {
        touched.add(ds + "|" + p.get(0));
        touched.add(ds + "|" + p.get(1));
        if (state.relevant(ds, p.get(0), p.get(1))) {
          relevantUnits++;
        }
      }
      Work work = Work.of(t.parameters().get("kind"));
      if (work == Work.PROFILE || work == Work.MODEL || work == Work.LITERATURE) {
        relevantUnits += keys.size();
      }
      if (check.complete()) {
        specific++;
      }
      if (taskProblems.isEmpty()) {
        feasible++;
      } else {
        for (String p : taskProblems) {
          problems.add("task " + t.id() + " " + p);
        }
        feedback.add("drop or fix task " + t.id() + ": " + String.join("; ", taskProblems));
      }
    }

    /**
     * The share of the plan's units about the objective against the most the open work allowed;
     * below 7 the feedback asks for the objective's work first.
     */
    double relevance(int relevantOpen) {
      double relevance =
          relevantOpen == 0 || units == 0
              ? 10
              : 10 * Math.min(1.0, relevantUnits / (double) Math.min(units, relevantOpen));
      if (relevance < 7) {
        feedback.add(
            String.format(
                Locale.ROOT,
                "put the objective's work first: %d of %d unit(s) concern it while %d such unit(s)"
                    + " are open",
                relevantUnits,
                units,
                relevantOpen));
      }
      return relevance;
    }
  }

  private static List<String> columnProblems(Task t, Work work, WorkState.DatasetView view) {
    List<String> out = new ArrayList<>();
    Set<String> known = new HashSet<>(view.columns());
    Dataset d = view.dataset();
    List<String> names = new ArrayList<>();
    for (List<String> p : WorkState.pairs(t)) {
      names.addAll(p);
    }
    if (work == Work.MODEL) {
      names.add(t.parameters().getOrDefault("outcome", ""));
    }
    if (work == Work.SUBGROUPS) {
      names.add(t.parameters().getOrDefault("by", ""));
    }
    for (String c : new LinkedHashMap<String, Boolean>(toMap(names)).keySet()) {
      if (!known.contains(c)
          && !(work == Work.SUBGROUPS
              && view.profiled()
              && view.column(c).map(Profile.Column::grouping).orElse(false))) {
        out.add(
            "names column '" + c + "', which " + d.name() + " does not have as a usable column");
      }
    }
    if (work == Work.NONLINEARITY && view.profiled()) {
      for (List<String> p : WorkState.pairs(t)) {
        for (String c : p) {
          if (!view.column(c).map(Profile.Column::numeric).orElse(false)) {
            out.add("tests non-linearity on '" + c + "', which is not numeric");
          }
        }
      }
    }
    return out;
  }

  private static Map<String, Boolean> toMap(List<String> names) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    names.forEach(n -> m.put(n, true));
    return m;
  }

  /**
   * Variables the run has tested once the plan has run, against all it could have: every usable
   * variable, or fewer when the plan is too small to reach them all ({@code capacity}).
   */
  private static double coverage(WorkState state, Set<String> touched, int capacity) {
    Set<String> all = new HashSet<>();
    for (WorkState.DatasetView v : state.views.values()) {
      for (String c : v.columns()) {
        all.add(v.dataset().name() + "|" + c);
      }
    }
    if (all.isEmpty()) {
      return 10;
    }
    Set<String> before = new HashSet<>();
    for (Ledger.TestEntry t : state.tests) {
      before.add(t.dataset() + "|" + t.x());
      before.add(t.dataset() + "|" + t.y());
    }
    before.retainAll(all);
    Set<String> covered = new HashSet<>(before);
    covered.addAll(touched);
    covered.retainAll(all);
    int reachable = Math.min(all.size(), before.size() + capacity);
    return 10.0 * Math.min(1.0, covered.size() / (double) Math.max(1, reachable));
  }

  private static Map<String, Double> scores(
      double specificity, double relevance, double novelty, double coverage, double feasibility) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("specificity", clamp(specificity));
    m.put("relevance", clamp(relevance));
    m.put("novelty", clamp(novelty));
    m.put("coverage", clamp(coverage));
    m.put("feasibility", clamp(feasibility));
    return m;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(10, v));
  }
}
