package io.kosmos.api;

import java.util.Locale;
import java.util.Objects;

/**
 * What part of the data and which effect a {@link Finding} is about: the main effect in the whole
 * sample, the effect within a subgroup, or an interaction (whether one variable changes the effect
 * of another). The world model compares a finding only with findings of the same scope: no effect
 * among women next to a strong effect among men is effect modification, not a conflict, and a null
 * interaction says nothing against a main effect.
 *
 * @param kind whole sample, subgroup or interaction
 * @param detail the subgroup's condition ({@code sex = 2}) or the interaction's terms ({@code bmi ×
 *     sex}); empty for the whole sample
 */
public record FindingScope(Kind kind, String detail) {

  /** The kinds of scope. */
  public enum Kind {
    /** The main effect, in every row analysed. */
    WHOLE_SAMPLE,
    /** The effect within a subgroup of the rows. */
    SUBGROUP,
    /** An interaction: whether the effect of one variable depends on another. */
    INTERACTION
  }

  /** The main effect in the whole sample, the scope of most findings. */
  public static final FindingScope WHOLE_SAMPLE = new FindingScope(Kind.WHOLE_SAMPLE, "");

  /** Checks the components. */
  public FindingScope {
    Objects.requireNonNull(kind, "kind");
    detail = detail == null ? "" : detail.strip();
    if (kind == Kind.WHOLE_SAMPLE && !detail.isEmpty()) {
      throw new IllegalArgumentException(
          "the whole sample has no detail; use subgroup(...) for '" + detail + "'");
    }
  }

  /**
   * The effect within a subgroup.
   *
   * @param condition which rows, for example {@code sex = 2} or {@code age >= 60}
   * @return the scope
   */
  public static FindingScope subgroup(String condition) {
    return new FindingScope(Kind.SUBGROUP, Objects.requireNonNull(condition, "condition"));
  }

  /**
   * An interaction.
   *
   * @param terms the interacting variables, for example {@code bmi × sex}
   * @return the scope
   */
  public static FindingScope interaction(String terms) {
    return new FindingScope(Kind.INTERACTION, Objects.requireNonNull(terms, "terms"));
  }

  /**
   * A key that is the same for scopes that mean the same, ignoring case, spacing and how the detail
   * writes "×" or "=".
   *
   * @return for example {@code whole}, {@code subgroup:sex=2} or {@code interaction:bmi*sex}
   */
  public String key() {
    if (kind == Kind.WHOLE_SAMPLE) {
      return "whole";
    }
    String d =
        detail
            .toLowerCase(Locale.ROOT)
            .replace("×", "*")
            .replace(" x ", "*")
            .replace(":", "*")
            .replace("==", "=")
            .replaceAll("\\s+", "");
    if (kind == Kind.INTERACTION) {
      // bmi × sex and sex × bmi are the same interaction
      d = String.join("*", java.util.Arrays.stream(d.split("\\*")).sorted().toList());
    }
    return kind.name().toLowerCase(Locale.ROOT) + ":" + d;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case WHOLE_SAMPLE -> "whole sample";
      case SUBGROUP -> "subgroup " + detail;
      case INTERACTION -> "interaction " + detail;
    };
  }
}
