package io.kosmos.core.team.offline;

import java.util.Locale;

/** The kinds of task the offline planner plans and the offline analyst carries out. */
enum Work {
  /** Load and profile a dataset in the sandbox. */
  PROFILE(true),
  /** The relation the question asks about, with a model that fits the outcome. */
  QUESTION(true),
  /** Test pairs of variables with the right test for their kinds. */
  SCREEN(true),
  /** Adjust an association for measured confounders. */
  CONFOUNDING(false),
  /** Bootstrap, permutation null and refit without influential points. */
  ROBUSTNESS(false),
  /** Linear against spline fit. */
  NONLINEARITY(false),
  /** The association within subgroups and an interaction test. */
  SUBGROUPS(false),
  /** A joint model of the outcome on every predictor. */
  MODEL(false),
  /** Interactions among the outcome's strongest predictors. */
  INTERACTIONS(false),
  /** Search the literature for background on the objective. */
  LITERATURE(true),
  /** Search the literature for prior evidence on validated associations. */
  EVIDENCE(false);

  /** Whether the work explores a new direction (rather than following up a finding). */
  final boolean exploration;

  Work(boolean exploration) {
    this.exploration = exploration;
  }

  /** The parameter value naming it. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The work a parameter value names, or {@code null}. */
  static Work of(String id) {
    if (id == null) {
      return null;
    }
    for (Work w : values()) {
      if (w.id().equals(id)) {
        return w;
      }
    }
    return null;
  }
}
