package io.kosmos.core.internal.workflow;

import io.kosmos.api.ArtifactException;
import io.kosmos.api.Dataset;
import io.kosmos.api.Finding;
import io.kosmos.api.Task;
import io.kosmos.core.internal.artifacts.AtomicFiles;
import io.kosmos.core.internal.artifacts.CompressionRecord;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.artifacts.PlanRecord;
import io.kosmos.core.internal.artifacts.ReassessmentRecord;
import io.kosmos.core.internal.artifacts.RunRecord;
import io.kosmos.core.internal.artifacts.TaskRecord;
import io.kosmos.core.internal.world.WorldFiles;
import io.kosmos.core.internal.world.WorldState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Opens a run's artifacts directory and rebuilds its state: the run record, then every completed
 * cycle's plan, committed task results (applied to a fresh world model in plan order) and
 * reassessment (replayed), the cycle summaries, and the cycle in progress (its committed plan and
 * the results committed so far). The world snapshot under {@code world/} is read to report a
 * corrupt file by name; the world model itself is always rebuilt from the results, so it can never
 * disagree with them.
 *
 * <p>Nothing is written while loading, so a directory that belongs to another run or holds a
 * corrupt file is left exactly as it was.
 */
final class RunLoader {

  /**
   * The cycle in progress when the run stopped.
   *
   * @param plan its committed plan
   * @param committed the results committed so far, by task id
   */
  record Partial(PlanRecord plan, Map<String, TaskRecord> committed) {}

  /**
   * A loaded run.
   *
   * @param run the run record, or {@code null} for a new run
   * @param world the world model through the last completed cycle
   * @param plans the completed cycles' plans
   * @param records the completed cycles' results, cycle by cycle, in plan order
   * @param summaries the completed cycles' summaries
   * @param compressions the completed cycles' compression figures
   * @param partial the cycle in progress, or {@code null}
   * @param snapshotCurrent whether {@code world/} matches the rebuilt world model
   * @param cyclesCompleted cycles completed: those of {@code run.json}, unless a result of one of
   *     them was deleted, in which case the run goes back to the cycle before it
   */
  record Loaded(
      RunRecord run,
      WorldState world,
      List<PlanRecord> plans,
      List<List<TaskRecord>> records,
      List<String> summaries,
      List<CompressionRecord> compressions,
      Partial partial,
      boolean snapshotCurrent,
      int cyclesCompleted) {

    /**
     * Whether a deleted result took the run back to an earlier cycle.
     *
     * @return {@code true} if the cycles after the partial one are stale
     */
    boolean rolledBack() {
      return run != null && cyclesCompleted < run.cyclesCompleted();
    }

    /**
     * The world model with the results committed so far in the cycle in progress applied, in plan
     * order: what the run has found, for {@code world()} and {@code report()}.
     *
     * @return the world model (the same instance as {@link #world()}, changed)
     */
    WorldState worldWithPartial() {
      if (partial != null) {
        for (Task t : partial.plan().plan().tasks()) {
          TaskRecord r = partial.committed().get(t.id());
          if (r != null) {
            world.apply(r);
          }
        }
      }
      return world;
    }

    List<TaskRecord> allRecords() {
      List<TaskRecord> all = new ArrayList<>();
      records.forEach(all::addAll);
      if (partial != null) {
        for (Task t : partial.plan().plan().tasks()) {
          TaskRecord r = partial.committed().get(t.id());
          if (r != null) {
            all.add(r);
          }
        }
      }
      return all;
    }
  }

  private RunLoader() {}

  /**
   * Loads a run, checking that it is the run the builder describes.
   *
   * @param layout the artifacts layout
   * @param objective the builder's objective
   * @param datasets the builder's datasets
   * @return the loaded state; {@link Loaded#run()} is {@code null} for a new run
   * @throws ArtifactException if the directory belongs to another run, is not a run directory, or
   *     holds a corrupt or missing file
   */
  static Loaded load(Layout layout, String objective, List<Dataset> datasets) {
    Path root = layout.root();
    if (!Files.exists(layout.runJson())) {
      if (Files.exists(root) && !isEmpty(root)) {
        throw new ArtifactException(
            "artifacts directory "
                + root
                + " is not empty and holds no run.json: it is not a Kosmos run directory. Choose"
                + " a new or empty directory (--out), so that nothing in it is overwritten");
      }
      return new Loaded(
          null,
          new WorldState(datasets),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          null,
          true,
          0);
    }
    RunRecord run = Json.read(layout.runJson(), RunRecord.class);
    checkIdentity(layout, run, objective, datasets);
    Replay replay = new Replay(layout, new WorldState(datasets));
    replay.completedCycles(run.cyclesCompleted());
    if (replay.partial == null) {
      replay.partial = inProgress(layout, replay.completed + 1);
    }
    Set<String> snapshot = WorldFiles.check(layout.worldDir());
    Set<String> rebuilt = new LinkedHashSet<>();
    replay.world.findings().forEach(f -> rebuilt.add(f.id()));
    return new Loaded(
        run,
        replay.world,
        replay.plans,
        replay.records,
        replay.summaries,
        replay.compressions,
        replay.partial,
        snapshot != null && snapshot.equals(rebuilt),
        replay.completed);
  }

  /** The completed cycles of a run, replayed in order into a fresh world model. */
  private static final class Replay {
    final Layout layout;
    final WorldState world;
    final List<PlanRecord> plans = new ArrayList<>();
    final List<List<TaskRecord>> records = new ArrayList<>();
    final List<String> summaries = new ArrayList<>();
    final List<CompressionRecord> compressions = new ArrayList<>();
    Partial partial;
    int completed;

    Replay(Layout layout, WorldState world) {
      this.layout = layout;
      this.world = world;
    }

    /** Replays cycles 1 to {@code count}, or up to the first with a result missing. */
    void completedCycles(int count) {
      completed = count;
      for (int cycle = 1; cycle <= count; cycle++) {
        PlanRecord plan = Json.read(layout.planJson(cycle), PlanRecord.class);
        Map<String, TaskRecord> committed = committed(layout, cycle, plan);
        if (committed.size() < plan.plan().tasks().size()) {
          // A result of a completed cycle was deleted (the advice for a corrupt one): the run goes
          // back to this cycle, whose missing tasks run again, and the cycles after it are redone.
          completed = cycle - 1;
          partial = new Partial(plan, committed);
          return;
        }
        List<TaskRecord> cycleRecords = new ArrayList<>(committed.values());
        for (TaskRecord r : cycleRecords) {
          world.apply(r);
        }
        Path reassessment = layout.reassessmentJson(cycle);
        if (Files.exists(reassessment)) {
          for (Finding f : Json.read(reassessment, ReassessmentRecord.class).revised()) {
            world.revise(f);
          }
        }
        plans.add(plan);
        records.add(cycleRecords);
        summaries.add(Json.readString(layout.summaryMd(cycle)));
        compressions.add(Json.read(layout.compressionJson(cycle), CompressionRecord.class));
      }
    }
  }

  /** The cycle after the completed ones, if its plan was committed: the cycle in progress. */
  private static Partial inProgress(Layout layout, int cycle) {
    if (!Files.exists(layout.planJson(cycle))) {
      return null;
    }
    PlanRecord plan = Json.read(layout.planJson(cycle), PlanRecord.class);
    return new Partial(plan, committed(layout, cycle, plan));
  }

  /** The results of a plan's tasks that exist, by task id, in plan order. */
  private static Map<String, TaskRecord> committed(Layout layout, int cycle, PlanRecord plan) {
    Map<String, TaskRecord> committed = new LinkedHashMap<>();
    for (Task task : plan.plan().tasks()) {
      if (Files.exists(layout.resultJson(cycle, task.id()))) {
        committed.put(task.id(), readResult(layout, cycle, task));
      }
    }
    return committed;
  }

  private static TaskRecord readResult(Layout layout, int cycle, Task task) {
    Path file = layout.resultJson(cycle, task.id());
    TaskRecord record = Json.read(file, TaskRecord.class);
    if (record.task() == null || !task.id().equals(record.task().id()) || record.status() == null) {
      throw new ArtifactException(
          "artifact file "
              + file
              + " is corrupt (it is not the result of task "
              + task.id()
              + "); restore it, or delete it so that the task runs again");
    }
    return record;
  }

  private static void checkIdentity(
      Layout layout, RunRecord run, String objective, List<Dataset> datasets) {
    List<String> differences = new ArrayList<>();
    if (run.objective() == null || !run.objective().strip().equals(objective.strip())) {
      differences.add(
          "its objective is \""
              + shorten(run.objective())
              + "\", not \""
              + shorten(objective)
              + "\"");
    }
    List<String> recorded =
        run.datasets().stream().map(d -> d.name() + " sha256:" + d.sha256()).sorted().toList();
    List<String> given =
        datasets.stream().map(d -> d.name() + " sha256:" + d.sha256()).sorted().toList();
    if (!recorded.equals(given)) {
      differences.add("its datasets are " + recorded + ", not " + given);
    }
    if (!differences.isEmpty()) {
      throw new ArtifactException(
          "artifacts directory "
              + layout.root()
              + " belongs to another run ("
              + run.runId()
              + "): "
              + String.join("; ", differences)
              + ". Choose another artifacts directory (--out) for a new run, or resume this one"
              + " with the same objective and data. Nothing was changed.");
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.allMatch(p -> p.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX));
    } catch (IOException e) {
      throw new ArtifactException("cannot list artifacts directory " + dir + ": " + e, e);
    }
  }

  private static String shorten(String s) {
    if (s == null) {
      return "";
    }
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() <= 80 ? t : t.substring(0, 79) + "…";
  }
}
