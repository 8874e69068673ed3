package io.kosmos.core.team.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.kosmos.core.internal.stats.Ledger;
import io.kosmos.core.internal.stats.Profile;
import io.kosmos.core.internal.stats.Question;
import io.kosmos.core.internal.stats.ResultLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The work the question adds to the offline planner's open work ({@link WorkState}): the rows it
 * restricts every task to, and the interactions among the outcome's strongest predictors.
 */
final class QuestionWork {

  private QuestionWork() {}

  /** The most predictors whose interactions with each other are screened. */
  static final int INTERACTING = 4;

  /**
   * Interactions among the outcome's strongest validated predictors (up to {@value #INTERACTING},
   * each pair once), once at least two are known; grouping predictors need at most 5 levels.
   */
  static void interactions(WorkState state, List<WorkState.Unit> out, WorkState.DatasetView v) {
    String ds = v.dataset().name();
    String outcome = state.outcome(ds);
    if (!v.profiled() || outcome == null) {
      return;
    }
    List<String> strongest = new ArrayList<>();
    for (Ledger.TestEntry t : state.validatedScreens()) {
      String other = t.y().equals(outcome) ? t.x() : t.x().equals(outcome) ? t.y() : null;
      if (!t.dataset().equals(ds) || other == null || strongest.contains(other)) {
        continue;
      }
      Profile.Column c = v.profile().column(other).orElse(null);
      if (c != null && (c.numeric() || (c.grouping() && c.levels().size() <= 5))) {
        strongest.add(other);
      }
      if (strongest.size() == INTERACTING) {
        break;
      }
    }
    for (int i = 0; i < strongest.size(); i++) {
      for (int j = i + 1; j < strongest.size(); j++) {
        String a = strongest.get(i);
        String b = strongest.get(j);
        // the grouping one is the moderator, so the effect is shown within its levels
        boolean swap =
            v.column(a).map(Profile.Column::grouping).orElse(false)
                && !v.column(b).map(Profile.Column::grouping).orElse(false);
        WorkState.Unit u =
            new WorkState.Unit(
                Work.INTERACTIONS,
                ds,
                swap ? b : a,
                swap ? a : b,
                "",
                "",
                "",
                true,
                505 - (i * INTERACTING + j) / 100.0);
        state.add(out, u);
      }
    }
  }

  /**
   * The restrictions of a dataset's rows the question asks for, as the sandbox helper reads them.
   */
  static String restrictions(WorkState state, String dataset) {
    List<Map<String, Object>> specs = new ArrayList<>();
    for (Question.Restriction r : state.question.restrictions(dataset)) {
      specs.add(r.spec());
    }
    return specs.isEmpty() ? "" : OfflinePlanner.json(specs);
  }

  /** A JSON list of column names from a task parameter, empty when there is none. */
  static List<String> names(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      return ResultLine.JSON.readValue(json, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }
}
