package io.kosmos.core.internal.world;

import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.Statistics;

/**
 * What a finding says about the effect it tested, reduced to what classification compares: a
 * significant effect up, down, or of unstated direction, or no significant effect.
 */
public enum Outcome {
  /** A significant effect in the positive direction. */
  POSITIVE,
  /** A significant effect in the negative direction. */
  NEGATIVE,
  /** Evidence for the claim without a direction (most literature findings). */
  SUPPORT,
  /** No significant effect: evidence against the hypothesis. */
  NULL;

  /** Significance level used to read p values. */
  public static final double ALPHA = 0.05;

  /**
   * The outcome of a finding: by its p value (adjusted when there is one) if it has one, else by
   * its direction.
   *
   * @param finding the finding
   * @return the outcome
   */
  public static Outcome of(Finding finding) {
    Statistics stats = finding.statistics();
    Double p = stats == null ? null : stats.significanceP();
    EffectDirection direction = finding.direction();
    if (p != null) {
      if (p >= ALPHA) {
        return NULL;
      }
      return switch (direction) {
        case POSITIVE -> POSITIVE;
        case NEGATIVE -> NEGATIVE;
        case NONE, UNSPECIFIED -> SUPPORT;
      };
    }
    return switch (direction) {
      case POSITIVE -> POSITIVE;
      case NEGATIVE -> NEGATIVE;
      case NONE -> NULL;
      case UNSPECIFIED -> SUPPORT;
    };
  }

  /**
   * Whether two outcomes disagree: opposite directions, or significant against not significant.
   *
   * @param other the other outcome
   * @return whether they conflict
   */
  public boolean conflictsWith(Outcome other) {
    return switch (this) {
      case POSITIVE -> other == NEGATIVE || other == NULL;
      case NEGATIVE -> other == POSITIVE || other == NULL;
      case SUPPORT -> other == NULL;
      case NULL -> other != NULL;
    };
  }

  /**
   * Whether the outcome speaks for a hypothesis that predicts an effect in either direction.
   *
   * @return {@code true} unless it is {@link #NULL}
   */
  public boolean supports() {
    return this != NULL;
  }

  /**
   * Whether the outcome speaks for a hypothesis that predicts an effect in a direction, or no
   * effect: no effect supports a hypothesis of no effect and speaks against every other; an effect
   * against the predicted direction speaks against it; an effect whose direction is not stated
   * supports any hypothesis of an effect.
   *
   * @param expected what the hypothesis predicts
   * @return whether it supports it
   */
  public boolean supports(EffectDirection expected) {
    return switch (expected) {
      case UNSPECIFIED -> this != NULL;
      case NONE -> this == NULL;
      case POSITIVE -> this == POSITIVE || this == SUPPORT;
      case NEGATIVE -> this == NEGATIVE || this == SUPPORT;
    };
  }
}
