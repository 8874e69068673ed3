package io.kosmos.api;

import java.util.Objects;

/**
 * A typed link between two things in the {@link WorldModel}: findings, hypotheses, papers.
 *
 * @param from the id of the source, for example a finding
 * @param type what the link means
 * @param to the id of the target, for example a hypothesis
 */
public record Relation(String from, Type type, String to) {

  /** What a link means. */
  public enum Type {
    /** The finding supports the hypothesis. */
    SUPPORTS,
    /** The finding refutes the hypothesis. */
    REFUTES,
    /** The finding conflicts with another finding on the same hypothesis. */
    CONFLICTS_WITH,
    /** The finding or hypothesis was derived from another (a follow-up of it). */
    DERIVED_FROM,
    /** The finding cites the paper. */
    CITES
  }

  /** Checks the components. */
  public Relation {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(to, "to");
  }
}
