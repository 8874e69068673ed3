package io.kosmos.core.internal.world;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.ArtifactException;
import io.kosmos.api.Finding;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.Paper;
import io.kosmos.api.Relation;
import io.kosmos.api.Task;
import io.kosmos.core.internal.artifacts.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The world model on disk: one JSON file per kind under {@code world/}, each with {@code
 * formatVersion} and {@code throughCycle}, rewritten atomically at the end of every cycle and of
 * every session.
 *
 * <p>These files are a snapshot for people and tools. The engine's source of truth is the committed
 * task results and reassessments, from which it rebuilds the world model when a run is opened; it
 * still reads these files then, so that a corrupt one is reported by name rather than silently
 * overwritten.
 */
public final class WorldFiles {

  /** The files, in the order they are written. */
  public static final List<String> FILES =
      List.of(
          "findings.json",
          "hypotheses.json",
          "relations.json",
          "papers.json",
          "questions.json",
          "notes.json",
          "tried-tasks.json");

  private WorldFiles() {}

  /** {@code world/findings.json}. */
  record FindingsFile(int formatVersion, int throughCycle, List<Finding> findings) {}

  /** {@code world/hypotheses.json}. */
  record HypothesesFile(int formatVersion, int throughCycle, List<Hypothesis> hypotheses) {}

  /** {@code world/relations.json}. */
  record RelationsFile(int formatVersion, int throughCycle, List<Relation> relations) {}

  /** {@code world/papers.json}. */
  record PapersFile(int formatVersion, int throughCycle, List<Paper> papers) {}

  /** {@code world/questions.json}. */
  record QuestionsFile(int formatVersion, int throughCycle, List<String> openQuestions) {}

  /** {@code world/notes.json}. */
  record NotesFile(int formatVersion, int throughCycle, Map<String, String> notes) {}

  /** {@code world/tried-tasks.json}. */
  record TriedTasksFile(int formatVersion, int throughCycle, List<Task> tasks) {}

  /**
   * Writes the snapshot.
   *
   * @param dir the {@code world/} folder
   * @param world the world model
   * @param throughCycle the last cycle it includes completely
   */
  public static void write(Path dir, WorldState world, int throughCycle) {
    int v = Json.FORMAT_VERSION;
    Json.write(dir.resolve("findings.json"), new FindingsFile(v, throughCycle, world.findings()));
    Json.write(
        dir.resolve("hypotheses.json"), new HypothesesFile(v, throughCycle, world.hypotheses()));
    Json.write(
        dir.resolve("relations.json"), new RelationsFile(v, throughCycle, world.relations()));
    Json.write(dir.resolve("papers.json"), new PapersFile(v, throughCycle, world.papers()));
    Json.write(
        dir.resolve("questions.json"), new QuestionsFile(v, throughCycle, world.openQuestions()));
    Json.write(dir.resolve("notes.json"), new NotesFile(v, throughCycle, world.notes()));
    Json.write(
        dir.resolve("tried-tasks.json"), new TriedTasksFile(v, throughCycle, world.triedTasks()));
  }

  /**
   * Reads every snapshot file that exists, to report a corrupt one by name.
   *
   * @param dir the {@code world/} folder
   * @return the finding ids of {@code findings.json}, or {@code null} if it does not exist
   * @throws ArtifactException naming the first corrupt file
   */
  public static Set<String> check(Path dir) {
    Set<String> ids = null;
    for (String name : FILES) {
      Path file = dir.resolve(name);
      if (!Files.exists(file)) {
        continue;
      }
      JsonNode tree = Json.readTree(file);
      Class<?> type =
          switch (name) {
            case "findings.json" -> FindingsFile.class;
            case "hypotheses.json" -> HypothesesFile.class;
            case "relations.json" -> RelationsFile.class;
            case "papers.json" -> PapersFile.class;
            case "questions.json" -> QuestionsFile.class;
            case "notes.json" -> NotesFile.class;
            default -> TriedTasksFile.class;
          };
      Object value = Json.convert(file, tree, type);
      if (value instanceof FindingsFile f) {
        if (f.findings() == null) {
          throw new ArtifactException("artifact file " + file + " is corrupt (no findings list)");
        }
        ids = new LinkedHashSet<>();
        for (Finding finding : f.findings()) {
          ids.add(finding.id());
        }
      }
    }
    return ids;
  }

  /**
   * Finding ids of a snapshot, for tests.
   *
   * @param dir the {@code world/} folder
   * @return the ids, in order
   */
  public static List<String> findingIds(Path dir) {
    FindingsFile f = Json.read(dir.resolve("findings.json"), FindingsFile.class);
    List<String> ids = new ArrayList<>();
    f.findings().forEach(x -> ids.add(x.id()));
    return ids;
  }
}
