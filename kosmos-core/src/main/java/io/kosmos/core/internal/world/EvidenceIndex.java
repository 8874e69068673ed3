package io.kosmos.core.internal.world;

import io.kosmos.api.Finding;
import io.kosmos.api.FindingClass;
import io.kosmos.api.FindingScope;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The validated findings of the {@link WorldState} by comparison key and outcome, as positions in
 * its list of findings: what a new finding is classified against. Two findings are comparable when
 * they bear on the same hypothesis or, without one, test the same set of variables, and have the
 * same scope (the whole sample, the same subgroup, or the same interaction).
 */
final class EvidenceIndex {

  /**
   * What a new finding meets among the comparable validated findings.
   *
   * @param opposing positions of the most recent findings with a conflicting outcome
   * @param agreeing whether one with an outcome that does not conflict exists
   */
  record Comparison(List<Integer> opposing, boolean agreeing) {

    /**
     * The class of the new finding.
     *
     * @param pruned whether it refuted its hypothesis
     * @return pruning, else conflict, else confirmation, else novel
     */
    FindingClass classify(boolean pruned) {
      if (pruned) {
        return FindingClass.PRUNING;
      }
      if (!opposing.isEmpty()) {
        return FindingClass.CONFLICT;
      }
      return agreeing ? FindingClass.CONFIRMATION : FindingClass.NOVEL;
    }
  }

  private final Map<String, Map<Outcome, IntList>> byKey = new HashMap<>();

  /**
   * The comparison key of a finding.
   *
   * @param finding the finding
   * @param hypotheses the known hypotheses
   * @return {@code h:<hypothesis>} or {@code v:<sorted variables>}, followed by the scope for a
   *     finding about a subgroup or an interaction ({@code v:bmi|y@subgroup:sex=2}), or {@code
   *     null} if it has neither hypothesis nor variables
   */
  static String key(Finding finding, Hypotheses hypotheses) {
    String scope =
        finding.scope().kind() == FindingScope.Kind.WHOLE_SAMPLE ? "" : "@" + finding.scope().key();
    if (finding.hypothesisId() != null && hypotheses.contains(finding.hypothesisId())) {
      return "h:" + finding.hypothesisId() + scope;
    }
    if (!finding.variables().isEmpty()) {
      return "v:"
          + finding.variables().stream()
              .map(v -> v.strip().toLowerCase(Locale.ROOT))
              .sorted()
              .distinct()
              .reduce((a, b) -> a + "|" + b)
              .orElse("")
          + scope;
    }
    return null;
  }

  /**
   * Compares an outcome with the validated findings under a key.
   *
   * @param key the comparison key, or {@code null}
   * @param outcome the new finding's outcome
   * @param maxOpposing the most conflicting findings to return, most recent first
   * @return what it meets
   */
  Comparison compare(String key, Outcome outcome, int maxOpposing) {
    Map<Outcome, IntList> evidence = key == null ? null : byKey.get(key);
    List<Integer> opposing = new ArrayList<>();
    boolean agreeing = false;
    if (evidence != null) {
      for (Outcome other : Outcome.values()) {
        IntList list = evidence.get(other);
        if (list == null || list.size() == 0) {
          continue;
        }
        if (outcome.conflictsWith(other)) {
          for (int i = list.size() - 1; i >= 0 && opposing.size() < maxOpposing; i--) {
            opposing.add(list.get(i));
          }
        } else {
          agreeing = true;
        }
      }
    }
    return new Comparison(opposing, agreeing);
  }

  void add(String key, Outcome outcome, int position) {
    byKey
        .computeIfAbsent(key, k -> new EnumMap<>(Outcome.class))
        .computeIfAbsent(outcome, o -> new IntList())
        .add(position);
  }

  void remove(String key, Outcome outcome, int position) {
    Map<Outcome, IntList> evidence = byKey.get(key);
    IntList list = evidence == null ? null : evidence.get(outcome);
    if (list != null) {
      list.remove(position);
    }
  }
}
