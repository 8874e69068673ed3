package io.kosmos.api;

import java.util.HashSet;
import java.util.Set;

/**
 * Remembers which options a builder of this package has set, so that setting one twice fails the
 * same way everywhere in Kosmos (see {@code docs/contributing.md}, "Builders"). Not part of the
 * API.
 */
final class OptionChecks {

  private final Set<String> set = new HashSet<>();

  /**
   * Fails if the option was set before on this builder.
   *
   * @param option the option's name, as its setter is called
   * @throws IllegalStateException if it was
   */
  void once(String option) {
    if (!set.add(option)) {
      throw new IllegalStateException(option + " was already set; set each option once");
    }
  }
}
