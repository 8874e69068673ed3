package io.kosmos.sandbox;

import io.kosmos.api.InvalidInputException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One package asked for: a distribution name (normalized as PEP 503 does: lower case, runs of
 * {@code -_.} as one {@code -}) with an optional version specifier, such as {@code lifelines} or
 * {@code lifelines==0.27.8}. Nothing else is accepted: no URLs, paths, options or environment
 * markers, which would let a request reach outside the configured source.
 *
 * @param name the normalized distribution name
 * @param specifier the version specifier without spaces ({@code ==0.27.8}, {@code >=2,<3}), or
 *     empty
 */
record Requirement(String name, String specifier) implements Comparable<Requirement> {

  private static final Pattern FORM =
      Pattern.compile(
          "\\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*"
              + "((?:(?:==|!=|>=|<=|~=|>|<)\\s*[A-Za-z0-9.*+!_-]+\\s*,?\\s*)*)");

  Requirement {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(specifier, "specifier");
  }

  /**
   * Reads a requirement.
   *
   * @param text for example {@code lifelines}, {@code scikit_learn >= 1.2}, {@code pandas==2.0.3}
   * @return the requirement
   * @throws InvalidInputException if it is anything else
   */
  static Requirement parse(String text) {
    Objects.requireNonNull(text, "package");
    Matcher m = FORM.matcher(text);
    if (!m.matches() || m.group(2).strip().endsWith(",")) {
      throw new InvalidInputException(
          "package '"
              + text
              + "' is not a package name with an optional version; give one such as lifelines,"
              + " lifelines==0.27.8 or pandas>=2 (URLs, paths and pip options are not accepted)");
    }
    return new Requirement(normalize(m.group(1)), m.group(2).replaceAll("\\s+", ""));
  }

  /**
   * A distribution name as PEP 503 compares them.
   *
   * @param name a name
   * @return lower case, each run of {@code -_.} one {@code -}
   */
  static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
  }

  /**
   * The version the specifier pins exactly, if it is a single {@code ==} without wildcard.
   *
   * @return the version, or empty
   */
  String pinnedVersion() {
    return specifier.startsWith("==") && !specifier.contains(",") && !specifier.contains("*")
        ? specifier.substring(2)
        : "";
  }

  @Override
  public int compareTo(Requirement other) {
    return toString().compareTo(other.toString());
  }

  /** The requirement as pip reads it. */
  @Override
  public String toString() {
    return name + specifier;
  }
}
