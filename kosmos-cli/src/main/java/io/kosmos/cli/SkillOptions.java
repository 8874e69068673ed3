package io.kosmos.cli;

import io.kosmos.api.InvalidInputException;
import io.kosmos.api.SkillLoader;
import io.kosmos.core.skills.FileSkillLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --skills DIR} option of {@code kosmos run} and {@code kosmos resume}: folders of
 * skills in the Agent Skills format ({@code <skill>/SKILL.md}, with {@code references/} and {@code
 * scripts/}), offered to the language model analyst besides the skills Kosmos ships. A skill file
 * that cannot be parsed is skipped with a warning naming it; the others load.
 */
final class SkillOptions {

  @Option(
      names = "--skills",
      paramLabel = "DIR",
      description =
          "A folder of skills (each a folder with a SKILL.md) that the language model analyst may"
              + " use besides the shipped ones; repeat for several. A malformed skill is skipped"
              + " with a warning.")
  List<Path> directories = new ArrayList<>();

  /**
   * The skill loader for the folders given, with the skills they hold read once, so that a folder
   * that does not exist fails before the run starts and every skipped file is reported.
   *
   * @param out where the warnings go (a line each, human or JSON as the log format says)
   * @return the loader, or empty when no folder was given (the shipped skills are then used)
   * @throws InvalidInputException if a folder does not exist
   */
  Optional<SkillLoader> loader(Console out) {
    if (directories.isEmpty()) {
      return Optional.empty();
    }
    for (Path d : directories) {
      if (!Files.isDirectory(d)) {
        throw new InvalidInputException(
            "--skills " + d + ": the folder does not exist; give a folder of skill folders");
      }
    }
    FileSkillLoader loader = FileSkillLoader.of(directories);
    int count = loader.skills().size();
    for (String problem : loader.problems()) {
      out.warning(problem + "; skipped");
    }
    out.line(
        "skills: "
            + count
            + " available ("
            + loader.problems().size()
            + " skipped) from "
            + directories
            + " and the shipped ones");
    return Optional.of(loader);
  }
}
