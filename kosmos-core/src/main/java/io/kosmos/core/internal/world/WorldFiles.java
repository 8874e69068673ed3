package io.kosmos.core.internal.world;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.ArtifactException;
import io.kosmos.api.Finding;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.Paper;
import io.kosmos.api.Relation;
import io.kosmos.api.Task;
import io.kosmos.core.internal.artifacts.AtomicFiles;
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

  // Synced, though rebuildable, because a file left empty by a power cut would read as corrupt.
  private static final AtomicFiles.Durability SYNCED = AtomicFiles.Durability.STAGED;

  /**
   * The content of a snapshot, taken at one moment (immutable copies of the world's lists), so that
   * it can be written while the world model moves on.
   *
   * @param throughCycle the last cycle it includes completely
   * @param findings the findings
   * @param hypotheses the hypotheses
   * @param relations the relations
   * @param papers the papers
   * @param questions the open questions
   * @param notes the notes
   * @param tried the tried tasks
   */
  public record Snapshot(
      int throughCycle,
      List<Finding> findings,
      List<Hypothesis> hypotheses,
      List<Relation> relations,
      List<Paper> papers,
      List<String> questions,
      Map<String, String> notes,
      List<Task> tried) {}

  /**
   * Takes a snapshot.
   *
   * @param world the world model
   * @param throughCycle the last cycle it includes completely
   * @return the snapshot
   */
  public static Snapshot capture(WorldState world, int throughCycle) {
    return new Snapshot(
        throughCycle,
        world.findings(),
        world.hypotheses(),
        world.relations(),
        world.papers(),
        world.openQuestions(),
        world.notes(),
        world.triedTasks());
  }

  /**
   * Writes the snapshot of a world model as it is now.
   *
   * @param dir the {@code world/} folder
   * @param world the world model
   * @param throughCycle the last cycle it includes completely
   */
  public static void write(Path dir, WorldState world, int throughCycle) {
    write(dir, capture(world, throughCycle));
  }

  /**
   * Writes a snapshot.
   *
   * @param dir the {@code world/} folder
   * @param s the snapshot
   */
  public static void write(Path dir, Snapshot s) {
    int v = Json.FORMAT_VERSION;
    int c = s.throughCycle();
    Json.write(dir.resolve("findings.json"), new FindingsFile(v, c, s.findings()), SYNCED);
    Json.write(dir.resolve("hypotheses.json"), new HypothesesFile(v, c, s.hypotheses()), SYNCED);
    Json.write(dir.resolve("relations.json"), new RelationsFile(v, c, s.relations()), SYNCED);
    Json.write(dir.resolve("papers.json"), new PapersFile(v, c, s.papers()), SYNCED);
    Json.write(dir.resolve("questions.json"), new QuestionsFile(v, c, s.questions()), SYNCED);
    Json.write(dir.resolve("notes.json"), new NotesFile(v, c, s.notes()), SYNCED);
    Json.write(dir.resolve("tried-tasks.json"), new TriedTasksFile(v, c, s.tried()), SYNCED);
    AtomicFiles.syncDirectory(dir);
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
