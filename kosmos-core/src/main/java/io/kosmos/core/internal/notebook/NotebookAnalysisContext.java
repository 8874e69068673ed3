package io.kosmos.core.internal.notebook;

import io.kosmos.api.AnalysisContext;
import io.kosmos.api.Citation;
import io.kosmos.api.Dataset;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.OutputListener;
import io.kosmos.api.ResearchEvent;
import io.kosmos.api.Skill;
import io.kosmos.api.Task;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.artifacts.AtomicFiles;
import io.kosmos.core.internal.artifacts.Hashing;
import io.kosmos.core.internal.artifacts.Layout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The {@link AnalysisContext} of one data-analysis task: runs cells in the task's own {@link
 * ExecutionSession}, records each in the {@link TaskNotebook}, saves the images a cell displays
 * under the task's {@code figures/} folder, and gives citations of the cells. Cells run one at a
 * time. Once the task's time is up or the engine closes the context, no further cell runs.
 */
public final class NotebookAnalysisContext implements AnalysisContext {

  private volatile Consumer<ResearchEvent> events = e -> {};
  private final String objective;
  private final int cycle;
  private final Task task;
  private final List<Dataset> datasets;
  private final WorldModel world;
  private final TaskSkills skills;
  private final ExecutionSession session;
  private final TaskNotebook notebook;
  private final Layout layout;
  private final Duration cellTimeout;
  private final long deadlineNanos;
  private final String notebookPath;
  private volatile boolean closed;
  private volatile int linesOfCode;

  /**
   * Creates the context.
   *
   * @param objective the objective
   * @param cycle the cycle
   * @param task the task
   * @param datasets the datasets
   * @param world the world model
   * @param skills the task's skills, selected when the analyst first asks
   * @param session the task's session
   * @param notebook the notebook to record cells in
   * @param layout the run's layout
   * @param cellTimeout the default time limit of a cell
   * @param taskTimeout the time limit of the task, from now
   */
  public NotebookAnalysisContext(
      String objective,
      int cycle,
      Task task,
      List<Dataset> datasets,
      WorldModel world,
      TaskSkills skills,
      ExecutionSession session,
      TaskNotebook notebook,
      Layout layout,
      Duration cellTimeout,
      Duration taskTimeout) {
    this.objective = objective;
    this.cycle = cycle;
    this.task = task;
    this.datasets = List.copyOf(datasets);
    this.world = world;
    this.skills = skills;
    this.session = session;
    this.notebook = notebook;
    this.layout = layout;
    this.cellTimeout = cellTimeout;
    this.deadlineNanos = System.nanoTime() + taskTimeout.toNanos();
    this.notebookPath = layout.relative(layout.notebook(cycle, task.id()));
  }

  /**
   * Where the cell events of this task go ({@link ResearchEvent.CellStarted}, {@link
   * ResearchEvent.CellFinished}); nowhere until set.
   *
   * @param events the run's listeners
   * @return this context
   */
  public NotebookAnalysisContext events(Consumer<ResearchEvent> events) {
    this.events = Objects.requireNonNull(events, "events");
    return this;
  }

  @Override
  public String objective() {
    return objective;
  }

  @Override
  public int cycle() {
    return cycle;
  }

  @Override
  public Task task() {
    return task;
  }

  @Override
  public List<Dataset> datasets() {
    return datasets;
  }

  @Override
  public WorldModel world() {
    return world;
  }

  @Override
  public List<Skill> skills() {
    return skills.selected();
  }

  @Override
  public String readSkillFile(Skill skill, String path) {
    return skills.read(skill, path);
  }

  @Override
  public ExecutedCell run(String code) {
    return run(code, cellTimeout);
  }

  @Override
  public synchronized ExecutedCell run(String code, Duration timeout) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(timeout, "timeout");
    checkOpen();
    Duration left = remaining();
    if (left.isZero()) {
      throw new TaskStoppedException(
          "task " + task.id() + " reached its time limit; no more cells can run");
    }
    Duration limit = timeout.compareTo(left) < 0 ? timeout : left;
    int index = notebook.nextIndex();
    events.accept(new ResearchEvent.CellStarted(cycle, task, index));
    long started = System.nanoTime();
    ExecutionResult result = session.execute(code, limit, OutputListener.NONE);
    events.accept(
        new ResearchEvent.CellFinished(
            cycle, task, index, Duration.ofNanos(System.nanoTime() - started), result.isOk()));
    checkOpen();
    List<String> figures = new ArrayList<>();
    List<byte[]> images = result.images();
    for (int k = 0; k < images.size(); k++) {
      Path file =
          layout
              .taskDir(cycle, task.id())
              .resolve("figures")
              .resolve("cell" + index + "-" + (k + 1) + ".png");
      // Not synced here, in the middle of the analysis: the task syncs its figures before its
      // commit, after it has given its sandbox slot back.
      AtomicFiles.write(file, images.get(k), AtomicFiles.Durability.REBUILDABLE);
      figures.add(layout.relative(file));
    }
    ExecutedCell cell = new ExecutedCell(index, code, result, figures);
    notebook.addCode(cell);
    linesOfCode += TaskNotebook.linesOfCode(code);
    return cell;
  }

  @Override
  public synchronized void markdown(String text) {
    Objects.requireNonNull(text, "text");
    checkOpen();
    notebook.addMarkdown(text);
  }

  @Override
  public Citation.NotebookCell cite(ExecutedCell cell) {
    Objects.requireNonNull(cell, "cell");
    List<TaskNotebook.Cell> cells = notebook.cells();
    if (cell.index() < 0
        || cell.index() >= cells.size()
        || !(cells.get(cell.index()) instanceof TaskNotebook.CodeCell code)
        || !code.source().equals(cell.code())) {
      throw new IllegalArgumentException(
          "cell " + cell.index() + " was not run in the notebook of task " + task.id());
    }
    return new Citation.NotebookCell(
        task.id(), notebookPath, cell.index(), Hashing.sha256(cell.code()));
  }

  @Override
  public List<ExecutedCell> cells() {
    return notebook.codeCells();
  }

  @Override
  public Duration remaining() {
    long left = deadlineNanos - System.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  /** Stops the context: cells run after this throw {@link TaskStoppedException}. */
  public void close() {
    closed = true;
  }

  /**
   * Non-blank lines of code run so far.
   *
   * @return the count
   */
  public int linesOfCode() {
    return linesOfCode;
  }

  /**
   * The notebook's path relative to the artifacts directory.
   *
   * @return the path
   */
  public String notebookPath() {
    return notebookPath;
  }

  private void checkOpen() {
    if (closed) {
      throw new TaskStoppedException(
          "task "
              + task.id()
              + " is over (it timed out or the run is stopping); no more cells run");
    }
  }
}
