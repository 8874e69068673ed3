package io.kosmos.api;

import java.util.Objects;

/**
 * What a {@link Validator} may consult besides the finding itself.
 *
 * @param objective the run's research objective
 * @param world the world model as it stands, before the finding is added
 */
public record ValidationContext(String objective, WorldModel world) {

  /** Checks the components. */
  public ValidationContext {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(world, "world");
  }
}
