package io.kosmos.core.team.llm;

import io.kosmos.api.EffectDirection;
import io.kosmos.api.Hypothesis;
import io.kosmos.core.internal.agents.Drafts.HypothesisDraft;
import io.kosmos.core.internal.agents.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads what a model drafted ({@link io.kosmos.core.internal.agents.Drafts}) defensively, the same
 * way for every agent of the team: a list the model left out is empty, blank strings are dropped,
 * and the hypotheses a report proposes keep the local ids its findings may name.
 */
final class DraftReading {

  private DraftReading() {}

  /** The items, or an empty list for a list the model left out. */
  static <T> List<T> list(List<T> items) {
    return items == null ? List.of() : items;
  }

  /** The strings that are not blank, stripped. */
  static List<String> nonBlank(List<String> items) {
    if (items == null) {
      return List.of();
    }
    return items.stream().filter(s -> !Text.blank(s)).map(String::strip).toList();
  }

  /**
   * The hypotheses a report proposes, as open hypotheses of the cycle; those without a statement
   * are left out.
   *
   * @param drafts the drafted hypotheses
   * @param cycle the cycle
   * @param localIds receives the ids the drafts gave, which the report's findings may name
   * @return the hypotheses, with the drafts' ids (the engine gives them run-wide ones)
   */
  static List<Hypothesis> hypotheses(
      List<HypothesisDraft> drafts, int cycle, Set<String> localIds) {
    List<Hypothesis> hypotheses = new ArrayList<>();
    for (HypothesisDraft h : list(drafts)) {
      if (h == null || Text.blank(h.statement())) {
        continue;
      }
      String id = Text.blank(h.id()) ? "" : h.id().strip();
      if (!id.isEmpty()) {
        localIds.add(id);
      }
      hypotheses.add(
          Hypothesis.open(
              id,
              h.statement().strip(),
              cycle,
              nonBlank(h.variables()),
              h.expectedDirection() == null ? EffectDirection.UNSPECIFIED : h.expectedDirection()));
    }
    return hypotheses;
  }
}
