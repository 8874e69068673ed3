package io.kosmos.core.skills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Skill;
import io.kosmos.core.internal.text.FrontMatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a {@code SKILL.md} in the Agent Skills format: a YAML front matter block between two
 * {@code ---} lines, which must give {@code name} and {@code description} as text, then the
 * markdown body. Every other key ({@code license}, {@code allowed-tools}, {@code compatibility}, a
 * nested {@code metadata} map, anything else) is kept as read in {@link Skill#frontMatter()}. A
 * malformed file is reported with the file, the line and the problem.
 */
public final class SkillFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SkillFile() {}

  /**
   * Parses a skill file.
   *
   * @param content the file's text
   * @param source where it came from, for messages and {@link Skill#source()}
   * @return the skill
   * @throws InvalidInputException if the front matter is missing or malformed, or lacks {@code
   *     name} or {@code description}
   */
  public static Skill parse(String content, String source) {
    return parse(content, source, List.of());
  }

  /**
   * Parses a skill file whose folder holds further files.
   *
   * @param content the file's text
   * @param source where it came from, for messages and {@link Skill#source()}
   * @param files the skill's further files, relative to its folder
   * @return the skill
   * @throws InvalidInputException if the front matter is missing or malformed, or lacks {@code
   *     name} or {@code description}
   */
  public static Skill parse(String content, String source, List<String> files) {
    String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
    List<String> lines = text.lines().toList();
    if (lines.isEmpty() || !lines.getFirst().strip().equals("---")) {
      throw malformed(source, 1, "it must start with a front matter block opened by a '---' line");
    }
    int end = -1;
    for (int i = 1; i < lines.size() && end < 0; i++) {
      if (lines.get(i).strip().equals("---")) {
        end = i;
      }
    }
    if (end < 0) {
      throw malformed(source, lines.size(), "the front matter is not closed by a '---' line");
    }
    ObjectNode fields;
    try {
      fields = FrontMatter.read(String.join("\n", lines.subList(1, end)), 2);
    } catch (FrontMatter.Problem p) {
      throw malformed(source, p.line(), p.getMessage());
    }
    String name = required(fields, "name", source, end + 1);
    String description = required(fields, "description", source, end + 1);
    StringBuilder body = new StringBuilder();
    for (int j = end + 1; j < lines.size(); j++) {
      body.append(lines.get(j)).append('\n');
    }
    Map<String, Object> rest = new LinkedHashMap<>();
    fields
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getKey().equals("name")
                  && !e.getKey().equals("description")
                  && !e.getValue().isNull()) {
                rest.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
              }
            });
    return new Skill(name, description, body.toString().strip(), source, rest, files);
  }

  private static String required(ObjectNode fields, String key, String source, int line) {
    JsonNode value = fields.get(key);
    if (value == null || value.isNull() || FrontMatter.text(value).isBlank()) {
      throw malformed(source, line, "the front matter has no '" + key + "'");
    }
    if (!value.isValueNode()) {
      throw malformed(source, line, "'" + key + "' must be text, not a list or a mapping");
    }
    return value.asText().strip();
  }

  private static InvalidInputException malformed(String source, int line, String problem) {
    return new InvalidInputException(
        "skill file " + source + " is malformed at line " + line + ": " + problem);
  }
}
