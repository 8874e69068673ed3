package io.kosmos.core.internal.world;

import io.kosmos.api.EffectDirection;
import io.kosmos.api.FindingScope;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.HypothesisStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A hypothesis of the {@link WorldState} with its evidence, mutable under the world model's write
 * lock. A finding is evidence for it when its outcome is what the hypothesis predicts ({@link
 * Outcome#supports(EffectDirection)}: no effect for a hypothesis of no effect, an effect in the
 * predicted direction otherwise), and against it else. Status and confidence come from validated
 * evidence only: with {@code s} validated findings for and {@code r} against, it is refuted when
 * {@code r > 0 && r >= s}, supported when {@code s > r}, open otherwise, with confidence {@code (s
 * + 1) / (s + r + 2)}. The evidence lists name every finding that bears on it, validated or not.
 */
final class HypothesisState {
  final String id;
  private final String statement;
  private final int proposedInCycle;
  private final List<String> variables;
  private final EffectDirection expected;
  private final List<String> supporting = new ArrayList<>();
  private final List<String> refuting = new ArrayList<>();
  private int validatedFor;
  private int validatedAgainst;
  private HypothesisStatus status = HypothesisStatus.OPEN;
  private Hypothesis cached;

  HypothesisState(Hypothesis h) {
    this.id = h.id();
    this.statement = h.statement();
    this.proposedInCycle = h.proposedInCycle();
    this.variables = h.variables();
    this.expected = h.expectedDirection();
  }

  /**
   * Whether an outcome speaks for this hypothesis.
   *
   * @param outcome what a finding found
   * @return whether it supports what the hypothesis predicts
   */
  boolean supportedBy(Outcome outcome) {
    return outcome.supports(expected);
  }

  HypothesisStatus status() {
    return status;
  }

  /**
   * Records a finding as evidence.
   *
   * @param findingId the finding
   * @param outcome what it found
   * @param validated whether it passed validation (only then does it move the status)
   * @return whether it refuted the hypothesis, which was not refuted before (a pruning finding)
   */
  boolean addEvidence(String findingId, Outcome outcome, boolean validated) {
    HypothesisStatus before = status;
    (supportedBy(outcome) ? supporting : refuting).add(findingId);
    if (validated) {
      if (supportedBy(outcome)) {
        validatedFor++;
      } else {
        validatedAgainst++;
      }
    }
    updateStatus();
    return validated
        && !supportedBy(outcome)
        && before != HypothesisStatus.REFUTED
        && status == HypothesisStatus.REFUTED;
  }

  /**
   * Moves a finding from one side of the evidence to the other (a reassessment changed it).
   *
   * @param findingId the finding
   * @param from what it found before, or {@code null} if it was no evidence
   * @param to what it finds now, or {@code null} if it is no evidence
   */
  void moveEvidence(String findingId, @Nullable Outcome from, @Nullable Outcome to) {
    if (from != null) {
      (supportedBy(from) ? supporting : refuting).remove(findingId);
    }
    if (to != null) {
      (supportedBy(to) ? supporting : refuting).add(findingId);
    }
  }

  /**
   * Whether a finding is evidence on this hypothesis at all. No effect within a subgroup or in an
   * interaction says nothing against an effect in the whole sample (it is effect modification, or
   * an interaction that is not there), so it is no evidence on a hypothesis that predicts an
   * effect; every other finding about the hypothesis is.
   *
   * @param scope what part of the data the finding is about
   * @param outcome what it found
   * @return whether it counts for or against the hypothesis
   */
  boolean bearsOn(FindingScope scope, Outcome outcome) {
    return scope.kind() == FindingScope.Kind.WHOLE_SAMPLE
        || outcome != Outcome.NULL
        || expected == EffectDirection.NONE;
  }

  /**
   * Counts the validated evidence again and updates the status.
   *
   * @param validated whether a finding, by id, is validated now
   */
  void recount(Predicate<String> validated) {
    validatedFor = (int) supporting.stream().filter(validated).count();
    validatedAgainst = (int) refuting.stream().filter(validated).count();
    updateStatus();
  }

  private void updateStatus() {
    if (validatedAgainst > 0 && validatedAgainst >= validatedFor) {
      status = HypothesisStatus.REFUTED;
    } else if (validatedFor > validatedAgainst) {
      status = HypothesisStatus.SUPPORTED;
    } else {
      status = HypothesisStatus.OPEN;
    }
    cached = null;
  }

  Hypothesis snapshot() {
    Hypothesis h = cached;
    if (h == null) {
      double confidence = (validatedFor + 1.0) / (validatedFor + validatedAgainst + 2.0);
      h =
          new Hypothesis(
              id,
              statement,
              status,
              confidence,
              supporting,
              refuting,
              proposedInCycle,
              variables,
              expected);
      cached = h;
    }
    return h;
  }
}
