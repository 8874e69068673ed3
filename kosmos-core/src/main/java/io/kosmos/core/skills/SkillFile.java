package io.kosmos.core.skills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Skill;
import io.kosmos.core.internal.text.FrontMatter;
import java.util.List;

/**
 * Parses a {@code SKILL.md}: a YAML front matter block between two {@code ---} lines, which must
 * give {@code name} and {@code description} as text (other keys are allowed and ignored), then the
 * markdown body. A malformed file is reported with the file, the line and the problem.
 */
public final class SkillFile {

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
    return new Skill(name, description, body.toString().strip(), source);
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
