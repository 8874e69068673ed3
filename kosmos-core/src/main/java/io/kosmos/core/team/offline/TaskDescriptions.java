package io.kosmos.core.team.offline;

import io.kosmos.api.Task;
import io.kosmos.core.internal.stats.Fmt;
import java.util.ArrayList;
import java.util.List;

/**
 * What each kind of offline task says it will do: the description and expected output the planner
 * gives a batch of units, and the {@code test} parameter (with {@code by}, {@code predictors} or
 * {@code query} where the kind needs one). People read these in the plan, the notebooks and the
 * report; the offline analyst acts on the parameters alone.
 */
final class TaskDescriptions {

  private final Options options;

  TaskDescriptions(Options options) {
    this.options = options;
  }

  /**
   * Describes a batch of units of one kind of work.
   *
   * @param b the task so far
   * @param state what the planner knows
   * @param batch the units, all of the same work, dataset and stratifier
   */
  void describe(Task.Builder b, WorkState state, List<WorkState.Unit> batch) {
    WorkState.Unit first = batch.getFirst();
    String ds = first.dataset();
    String followed =
        String.join(
            "; ", batch.stream().map(WorkState.Unit::summary).filter(s -> !s.isEmpty()).toList());
    switch (first.work()) {
      case PROFILE -> profile(b, ds);
      case SCREEN -> screen(b, state, batch);
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
      case MODEL -> model(b, state, first);
      case QUESTION -> question(b, first);
      case INTERACTIONS -> interactions(b, state, batch);
      case LITERATURE ->
          b.description(
                  "Search the literature for \""
                      + first.by()
                      + "\" and keep the sentences of the passages found that speak to it.")
              .expectedOutput(
                  "Passages with their relevant sentences, each quoted with its locator.")
              .parameter("query", first.by());
      case EVIDENCE ->
          b.description("Search the literature for prior evidence on " + followed + ".")
              .expectedOutput(
                  "Per association: the sentences of the passages found that name both variables"
                      + " (or their synonyms), each quoted with its paper and locator and read as"
                      + " consistent with, in tension with, or silent on the direction the data"
                      + " found; or that no passage names both.");
    }
  }

  private static void question(Task.Builder b, WorkState.Unit first) {
    String ds = first.dataset();
    b.description(
            "Answer the question: how is "
                + first.x()
                + " related to "
                + first.y()
                + " in "
                + ds
                + "? Fit the model the outcome calls for, unadjusted and adjusted for what"
                + " the question names, by its moderators and through its mediators.")
        .expectedOutput(
            "The relation as an odds ratio (binary outcome), rate ratio (count) or partial"
                + " correlation and coefficient (number), with 95% CI, p and n; the rows"
                + " missing values cost and a check with them kept; the interaction with"
                + " each moderator and the indirect effect through each mediator (bootstrap"
                + " CI); a forest plot.")
        .parameter("test", "model that fits the outcome");
  }

  private static void interactions(Task.Builder b, WorkState state, List<WorkState.Unit> batch) {
    String ds = batch.getFirst().dataset();
    b.description(
            "Screen the interactions of the strongest predictors of "
                + state.outcome(ds)
                + ": "
                + String.join(", ", batch.stream().map(u -> u.x() + " x " + u.y()).toList())
                + ".")
        .expectedOutput(
            "Per pair: a model of the outcome with and without the product term (F or"
                + " likelihood-ratio test, a test of the run), and the effect within each"
                + " level of a grouping partner.")
        .parameter("test", "interaction test");
  }

  private static void profile(Task.Builder b, String ds) {
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
  }

  private void screen(Task.Builder b, WorkState state, List<WorkState.Unit> batch) {
    WorkState.Unit first = batch.getFirst();
    String ds = first.dataset();
    List<String> readable = new ArrayList<>();
    for (WorkState.Unit u : batch) {
      if (!u.x().isEmpty()) {
        readable.add(u.x() + " ~ " + u.y());
      }
    }
    b.description(
            "Screen "
                + readable.size()
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
                + Fmt.plain(options.alpha())
                + " a permutation null on the real data and a bootstrap CI, and a finding with"
                + " a figure (also for informative null results on the outcome).")
        .parameter("test", "chosen per pair of variable kinds");
  }

  private static void model(Task.Builder b, WorkState state, WorkState.Unit first) {
    String ds = first.dataset();
    List<String> predictors = new ArrayList<>(state.views.get(ds).profile().usable());
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
        .parameter("predictors", OfflinePlanner.json(predictors))
        .parameter("test", "multivariable regression");
  }
}
