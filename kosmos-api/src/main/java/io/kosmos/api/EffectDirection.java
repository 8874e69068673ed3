package io.kosmos.api;

/**
 * The direction of the effect a {@link Finding} reports. The world model uses it to tell a
 * confirmation from a conflict: two findings on the same hypothesis with opposite directions
 * conflict.
 */
public enum EffectDirection {
  /** The outcome rises with the variable, or the group has the higher value. */
  POSITIVE,
  /** The outcome falls with the variable, or the group has the lower value. */
  NEGATIVE,
  /** No effect: the test found no significant association. */
  NONE,
  /** Not applicable or not stated, as for most literature findings. */
  UNSPECIFIED
}
