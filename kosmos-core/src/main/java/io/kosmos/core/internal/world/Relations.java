package io.kosmos.core.internal.world;

import io.kosmos.api.Citation;
import io.kosmos.api.Finding;
import io.kosmos.api.Relation;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The relations among the {@link WorldState}'s findings, hypotheses and papers, in the order they
 * were made, used under its lock. Conflicts are also kept in an append-only list, because planning
 * reads them every cycle and a view of that list costs nothing.
 */
final class Relations {
  private final Set<Relation> all = new LinkedHashSet<>();
  private final Set<Relation> conflictSet = new HashSet<>();
  private final AppendOnlyList<Relation> conflicts = new AppendOnlyList<>();

  /** A finding supports or refutes a hypothesis. */
  void evidence(String findingId, boolean supports, String hypothesisId) {
    all.add(evidenceRelation(findingId, supports, hypothesisId));
  }

  /** A reassessment made a finding no longer support (or refute) a hypothesis. */
  void removeEvidence(String findingId, boolean supports, String hypothesisId) {
    all.remove(evidenceRelation(findingId, supports, hypothesisId));
  }

  /** A finding conflicts with an earlier one. */
  void conflict(String findingId, String earlierId) {
    Relation r = new Relation(findingId, Relation.Type.CONFLICTS_WITH, earlierId);
    all.add(r);
    if (conflictSet.add(r)) {
      conflicts.add(r);
    }
  }

  /** A finding cites the papers of its paper passages. */
  void cites(Finding finding) {
    for (Citation c : finding.citations()) {
      if (c instanceof Citation.PaperPassage p) {
        all.add(new Relation(finding.id(), Relation.Type.CITES, p.paperId()));
      }
    }
  }

  /** Hypotheses a task proposed derive from the findings it made. */
  void hypothesesDerived(List<String> hypothesisIds, List<Finding> findings) {
    for (String h : hypothesisIds) {
      for (Finding f : findings) {
        all.add(new Relation(h, Relation.Type.DERIVED_FROM, f.id()));
      }
    }
  }

  /**
   * Findings of a follow-up task derive from the findings it followed up.
   *
   * @param added the task's findings
   * @param derivedFrom the task's {@code derivedFrom} parameter (finding ids), or {@code null}
   * @param known whether a finding id is in the world model
   */
  void findingsDerived(List<Finding> added, String derivedFrom, Predicate<String> known) {
    if (derivedFrom == null) {
      return;
    }
    for (String source : derivedFrom.split("[,\\s]+")) {
      if (known.test(source)) {
        for (Finding f : added) {
          all.add(new Relation(f.id(), Relation.Type.DERIVED_FROM, source));
        }
      }
    }
  }

  List<Relation> copy() {
    return List.copyOf(all);
  }

  List<Relation> conflicts() {
    return conflicts.snapshot();
  }

  private static Relation evidenceRelation(
      String findingId, boolean supports, String hypothesisId) {
    return new Relation(
        findingId, supports ? Relation.Type.SUPPORTS : Relation.Type.REFUTES, hypothesisId);
  }
}
