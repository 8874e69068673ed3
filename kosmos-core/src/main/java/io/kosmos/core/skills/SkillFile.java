package io.kosmos.core.skills;

import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Skill;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a {@code SKILL.md}: a front matter block between two {@code ---} lines, holding {@code
 * key: value} pairs (values plain, single- or double-quoted, or a folded {@code >} / literal {@code
 * |} block of indented lines), then the markdown body. Only the subset of YAML that skill files use
 * is read; anything else is reported, with the file and line, as malformed.
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
    Map<String, String> fields = new LinkedHashMap<>();
    int i = 1;
    int end = -1;
    while (i < lines.size()) {
      String line = lines.get(i);
      if (line.strip().equals("---")) {
        end = i;
        break;
      }
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        i++;
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || Character.isWhitespace(line.charAt(0))) {
        throw malformed(source, i + 1, "expected 'key: value', found '" + line.strip() + "'");
      }
      String key = line.substring(0, colon).strip();
      if (!key.matches("[A-Za-z0-9_-]+")) {
        throw malformed(source, i + 1, "'" + key + "' is not a valid key");
      }
      String value = line.substring(colon + 1).strip();
      i++;
      if (value.equals(">") || value.equals("|") || value.equals(">-") || value.equals("|-")) {
        StringBuilder block = new StringBuilder();
        while (i < lines.size()
            && !lines.get(i).strip().equals("---")
            && (lines.get(i).isBlank() || Character.isWhitespace(lines.get(i).charAt(0)))) {
          String part = lines.get(i).strip();
          if (!block.isEmpty()) {
            block.append(value.startsWith(">") ? (part.isEmpty() ? "\n" : " ") : "\n");
          }
          block.append(part);
          i++;
        }
        value = block.toString().strip();
      } else {
        value = unquote(value, source, i);
      }
      if (fields.put(key, value) != null) {
        throw malformed(source, i, "key '" + key + "' appears twice");
      }
    }
    if (end < 0) {
      throw malformed(source, lines.size(), "the front matter is not closed by a '---' line");
    }
    String name = fields.get("name");
    String description = fields.get("description");
    if (name == null || name.isBlank()) {
      throw malformed(source, end + 1, "the front matter has no 'name'");
    }
    if (description == null || description.isBlank()) {
      throw malformed(source, end + 1, "the front matter has no 'description'");
    }
    StringBuilder body = new StringBuilder();
    for (int j = end + 1; j < lines.size(); j++) {
      body.append(lines.get(j)).append('\n');
    }
    return new Skill(name, description, body.toString().strip(), source);
  }

  private static String unquote(String value, String source, int line) {
    if (value.length() >= 2
        && ((value.startsWith("\"") && value.endsWith("\""))
            || (value.startsWith("'") && value.endsWith("'")))) {
      String inner = value.substring(1, value.length() - 1);
      return value.startsWith("'") ? inner.replace("''", "'") : inner.replace("\\\"", "\"");
    }
    if (value.startsWith("\"") || value.startsWith("'")) {
      throw malformed(source, line, "unterminated quoted value");
    }
    int comment = value.indexOf(" #");
    return comment >= 0 ? value.substring(0, comment).strip() : value;
  }

  private static InvalidInputException malformed(String source, int line, String problem) {
    return new InvalidInputException(
        "skill file " + source + " is malformed at line " + line + ": " + problem);
  }
}
