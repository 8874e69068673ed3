package io.kosmos.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Know-how an analyst can be given for a task, in the Agent Skills format: a folder holding a
 * {@code SKILL.md} with YAML front matter ({@code name}, {@code description}, and any other keys
 * such as {@code license}, {@code allowed-tools} or a nested {@code metadata} map) and a markdown
 * body, and optionally further files ({@code references/}, {@code scripts/}, {@code assets/}) the
 * body points to.
 *
 * <p>The format discloses a skill progressively: an agent first sees only its name and description,
 * reads the body when it decides the skill applies, and opens a further file only when the body
 * sends it there ({@link SkillLoader#readFile(Skill, String)}).
 *
 * @param name the skill's name, unique among loaded skills
 * @param description when to use it, in a sentence or two; used to select it
 * @param body the markdown instructions
 * @param source where it was loaded from (a file path or a class path URI)
 * @param frontMatter every key of the front matter besides {@code name} and {@code description}, as
 *     read: text, numbers, booleans, lists and maps (nested {@code metadata} included); keys whose
 *     value is empty are left out
 * @param files the skill's further files, as paths relative to its folder with {@code /} between
 *     parts ({@code references/tests.md}); empty when it has none
 */
public record Skill(
    String name,
    String description,
    String body,
    String source,
    Map<String, Object> frontMatter,
    List<String> files) {

  /** Checks the components and copies the map and the list, deeply. */
  public Skill {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a skill needs a name (" + source + ")");
    }
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(source, "source");
    frontMatter = frontMatter == null ? Map.of() : freezeMap(frontMatter);
    files = files == null ? List.of() : List.copyOf(files);
  }

  /**
   * A skill with no front matter besides its name and description, and no further files.
   *
   * @param name the skill's name
   * @param description when to use it
   * @param body the markdown instructions
   * @param source where it was loaded from
   */
  public Skill(String name, String description, String body, String source) {
    this(name, description, body, source, Map.of(), List.of());
  }

  private static Map<String, Object> freezeMap(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            out.put(k.toString(), freeze(v));
          }
        });
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Object freeze(Object value) {
    if (value instanceof Map<?, ?> m) {
      return freezeMap(m);
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) {
        if (o != null) {
          out.add(freeze(o));
        }
      }
      return List.copyOf(out);
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return value.toString();
  }
}
