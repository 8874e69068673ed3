package io.kosmos.core.team.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.AnalysisContext;
import io.kosmos.api.Skill;
import io.kosmos.api.ToolSpec;
import io.kosmos.core.internal.agents.ModelCalls;
import io.kosmos.core.internal.agents.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * Skills disclosed progressively, as the Agent Skills format intends: the analyst's prompt lists
 * each selected skill by name and description (and the files it has), and the model reads a skill's
 * instructions, or one of its files under {@code references/} or {@code scripts/}, only when it
 * asks, through the {@value #NAME} tool.
 */
final class SkillTool {

  static final String NAME = "read_skill";

  /** Most characters of a skill's body or file the model gets back. */
  static final int MAX_CHARS = 12_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SCHEMA =
      """
      {"type": "object",
       "properties": {
         "name": {"type": "string", "description": "The skill's name, exactly as listed"},
         "file": {"type": ["string", "null"],
                  "description": "One of the skill's files as listed (references/..., \
      scripts/...), or null for the skill's instructions"}},
       "required": ["name", "file"],
       "additionalProperties": false}""";

  private SkillTool() {}

  /**
   * The skills as the analyst's prompt lists them: name, description, and files.
   *
   * @param skills the task's skills
   * @return one item per skill, or empty when there are none
   */
  static String listing(List<Skill> skills) {
    List<String> lines = new ArrayList<>();
    for (Skill s : skills) {
      String files = s.files().isEmpty() ? "" : " (files: " + String.join(", ", s.files()) + ")";
      lines.add(
          s.name()
              + ": "
              + Text.clip(s.description().strip().replaceAll("\\s+", " "), 400)
              + files);
    }
    return Text.bullets(lines);
  }

  /**
   * The tool for one task.
   *
   * @param ctx the task's context, which reads skill files
   * @param skills the task's skills
   * @return the tool
   */
  static ModelCalls.Tool of(AnalysisContext ctx, List<Skill> skills) {
    ToolSpec spec =
        new ToolSpec(
            NAME,
            "Reads a skill listed in the task: its instructions (file null), or one of its files."
                + " Read a skill before you follow it.",
            SCHEMA);
    return new ModelCalls.Tool(spec, arguments -> read(ctx, skills, arguments));
  }

  static String read(AnalysisContext ctx, List<Skill> skills, String arguments) {
    JsonNode args;
    try {
      args = JSON.readTree(arguments);
    } catch (java.io.IOException e) {
      return "The arguments are not JSON: give {\"name\": \"<skill>\", \"file\": null}.";
    }
    String name = args == null ? "" : args.path("name").asText("").strip();
    JsonNode fileNode = args == null ? null : args.get("file");
    String file = fileNode == null || fileNode.isNull() ? "" : fileNode.asText("").strip();
    Skill skill = skills.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    if (skill == null) {
      return "There is no skill named '"
          + name
          + "' for this task; the skills are: "
          + String.join(", ", skills.stream().map(Skill::name).toList())
          + ".";
    }
    if (file.isEmpty()) {
      return Text.clip("# " + skill.name() + "\n\n" + skill.body().strip(), MAX_CHARS);
    }
    if (!skill.files().contains(file)) {
      return "Skill '"
          + name
          + "' has no file '"
          + file
          + "'; "
          + (skill.files().isEmpty()
              ? "it has no files besides its instructions."
              : "its files are: " + String.join(", ", skill.files()) + ".");
    }
    return Text.clip(ctx.readSkillFile(skill, file), MAX_CHARS);
  }
}
