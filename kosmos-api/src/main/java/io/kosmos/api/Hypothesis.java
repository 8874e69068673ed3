package io.kosmos.api;

import java.util.List;
import java.util.Objects;

/**
 * A claim the run is testing, with the evidence for and against it.
 *
 * @param id unique within the run, for example {@code H12}
 * @param statement the claim, for example "BMI is associated with disease progression"
 * @param status open, supported or refuted
 * @param confidence how strongly the evidence supports it, from 0 to 1
 * @param supportingFindings ids of findings in favour
 * @param refutingFindings ids of findings against
 * @param proposedInCycle the cycle that proposed it
 * @param variables the variables it concerns, if it is about data (empty otherwise)
 * @param expectedDirection the effect it predicts: {@link EffectDirection#POSITIVE} or {@link
 *     EffectDirection#NEGATIVE} for an effect in that direction, {@link EffectDirection#NONE} for
 *     no effect ("sex does not predict progression once BMI is known"), {@link
 *     EffectDirection#UNSPECIFIED} for an effect in either direction. A finding supports it when it
 *     finds what it predicts: a finding of no effect supports a hypothesis of no effect.
 */
public record Hypothesis(
    String id,
    String statement,
    HypothesisStatus status,
    double confidence,
    List<String> supportingFindings,
    List<String> refutingFindings,
    int proposedInCycle,
    List<String> variables,
    EffectDirection expectedDirection) {

  /** Checks the components and copies the lists. */
  public Hypothesis {
    Objects.requireNonNull(id, "id");
    expectedDirection = expectedDirection == null ? EffectDirection.UNSPECIFIED : expectedDirection;
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(status, "status");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be between 0 and 1, was " + confidence);
    }
    supportingFindings = List.copyOf(supportingFindings);
    refutingFindings = List.copyOf(refutingFindings);
    variables = List.copyOf(variables);
  }

  /**
   * A new open hypothesis with no evidence.
   *
   * @param id the identifier (the engine replaces an empty one)
   * @param statement the claim
   * @param cycle the cycle that proposes it
   * @param variables the variables it concerns
   * @return the hypothesis
   */
  public static Hypothesis open(String id, String statement, int cycle, List<String> variables) {
    return open(id, statement, cycle, variables, EffectDirection.UNSPECIFIED);
  }

  /**
   * A new open hypothesis that predicts an effect in a direction, or no effect.
   *
   * @param id the identifier (the engine replaces an empty one)
   * @param statement the claim
   * @param cycle the cycle that proposes it
   * @param variables the variables it concerns
   * @param expectedDirection the effect it predicts
   * @return the hypothesis
   */
  public static Hypothesis open(
      String id,
      String statement,
      int cycle,
      List<String> variables,
      EffectDirection expectedDirection) {
    return new Hypothesis(
        id,
        statement,
        HypothesisStatus.OPEN,
        0.5,
        List.of(),
        List.of(),
        cycle,
        variables,
        expectedDirection);
  }

  /**
   * A hypothesis that predicts an effect in either direction.
   *
   * @param id unique within the run
   * @param statement the claim
   * @param status open, supported or refuted
   * @param confidence from 0 to 1
   * @param supportingFindings ids of findings in favour
   * @param refutingFindings ids of findings against
   * @param proposedInCycle the cycle that proposed it
   * @param variables the variables it concerns
   */
  public Hypothesis(
      String id,
      String statement,
      HypothesisStatus status,
      double confidence,
      List<String> supportingFindings,
      List<String> refutingFindings,
      int proposedInCycle,
      List<String> variables) {
    this(
        id,
        statement,
        status,
        confidence,
        supportingFindings,
        refutingFindings,
        proposedInCycle,
        variables,
        EffectDirection.UNSPECIFIED);
  }
}
