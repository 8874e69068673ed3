package io.kosmos.api;

import java.util.Objects;

/**
 * Know-how an analyst can be given for a task: a folder holding a {@code SKILL.md} with YAML front
 * matter ({@code name}, {@code description}) and a markdown body, for example how to run a
 * differential expression analysis with the packages of the sandbox.
 *
 * @param name the skill's name, unique among loaded skills
 * @param description when to use it, in a sentence or two; used to select it
 * @param body the markdown instructions
 * @param source where it was loaded from (a file path or a class path URI)
 */
public record Skill(String name, String description, String body, String source) {

  /** Checks the components. */
  public Skill {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a skill needs a name (" + source + ")");
    }
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(source, "source");
  }
}
