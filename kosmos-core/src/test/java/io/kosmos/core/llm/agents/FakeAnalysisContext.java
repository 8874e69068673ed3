package io.kosmos.core.llm.agents;

import io.kosmos.api.AnalysisContext;
import io.kosmos.api.Citation;
import io.kosmos.api.Dataset;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.Skill;
import io.kosmos.api.Task;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.artifacts.Hashing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** An analysis context whose cells are answered by a function; index 0 is the header markdown. */
final class FakeAnalysisContext implements AnalysisContext {

  final Task task;
  final WorldModel world;
  final List<Skill> skills;
  final Function<String, ExecutionResult> kernel;
  final List<ExecutedCell> cells = new ArrayList<>();
  Duration remaining = Duration.ofMinutes(30);
  int next = 1;

  FakeAnalysisContext(
      Task task, WorldModel world, List<Skill> skills, Function<String, ExecutionResult> kernel) {
    this.task = task;
    this.world = world;
    this.skills = skills;
    this.kernel = kernel;
  }

  static Dataset dataset() {
    return new Dataset("diabetes.csv", Path.of("diabetes.csv"), "ab".repeat(32), 1234, Map.of());
  }

  @Override
  public String objective() {
    return "What drives disease progression?";
  }

  @Override
  public int cycle() {
    return 1;
  }

  @Override
  public Task task() {
    return task;
  }

  @Override
  public List<Dataset> datasets() {
    return List.of(dataset());
  }

  @Override
  public WorldModel world() {
    return world;
  }

  @Override
  public List<Skill> skills() {
    return skills;
  }

  @Override
  public ExecutedCell run(String code) {
    return run(code, Duration.ofMinutes(1));
  }

  @Override
  public ExecutedCell run(String code, Duration timeout) {
    ExecutedCell cell = new ExecutedCell(next++, code, kernel.apply(code), List.of());
    cells.add(cell);
    return cell;
  }

  @Override
  public void markdown(String text) {
    next++;
  }

  @Override
  public Citation.NotebookCell cite(ExecutedCell cell) {
    if (!cells.contains(cell)) {
      throw new IllegalArgumentException("not a cell of this notebook: " + cell.index());
    }
    return new Citation.NotebookCell(
        task.id(),
        "cycles/1/tasks/" + task.id() + "/notebook.ipynb",
        cell.index(),
        Hashing.sha256(cell.code()));
  }

  @Override
  public List<ExecutedCell> cells() {
    return List.copyOf(cells);
  }

  @Override
  public Duration remaining() {
    return remaining;
  }
}
