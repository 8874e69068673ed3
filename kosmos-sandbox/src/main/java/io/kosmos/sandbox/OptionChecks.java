package io.kosmos.sandbox;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The checks every builder of this package makes, worded as the builder convention in {@code
 * docs/contributing.md} asks, so that every option fails the same way.
 */
final class OptionChecks {

  private final Set<String> set = new HashSet<>();

  /** Fails if the option was set before on this builder. */
  void once(String option) {
    if (!set.add(option)) {
      throw new IllegalStateException(option + " was already set; set each option once");
    }
  }

  static Duration positive(Duration value, String option) {
    Objects.requireNonNull(value, option);
    check(!value.isNegative() && !value.isZero(), option, "positive", value);
    return value;
  }

  static void check(boolean ok, String option, String rule, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(option + " must be " + rule + ", was " + value);
    }
  }

  static String text(String value, String option) {
    Objects.requireNonNull(value, option);
    if (value.isBlank()) {
      throw new IllegalArgumentException(option + " must not be blank, was '" + value + "'");
    }
    return value;
  }
}
