package io.kosmos.core.internal.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.Citation;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.Output;
import io.kosmos.api.SessionOptions;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.core.fixtures.Nbformat;
import io.kosmos.core.internal.artifacts.AtomicFiles;
import io.kosmos.core.internal.artifacts.Hashing;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.world.WorldState;
import io.kosmos.testing.MockExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskNotebookTest {

  @TempDir Path tmp;

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};

  private NotebookAnalysisContext context(
      MockExecutor executor, TaskNotebook notebook, Duration taskTimeout) {
    Task task = Task.builder(TaskKind.DATA_ANALYSIS).id("c1-t01").description("d").build();
    return new NotebookAnalysisContext(
        "objective",
        1,
        task,
        List.of(),
        new WorldState(List.of()),
        new TaskSkills(null, 0, task),
        executor.openSession(SessionOptions.builder().taskId("c1-t01").build()),
        notebook,
        new Layout(tmp),
        Duration.ofSeconds(5),
        taskTimeout);
  }

  @Test
  void writesAValidNotebookWithEveryOutputKindAndSavesFigures() throws Exception {
    MockExecutor executor = new MockExecutor();
    String png = Base64.getEncoder().encodeToString(PNG);
    executor
        .when("plot()")
        .thenReturn(
            ExecutionResult.builder()
                .output(new Output.Stream("stdout", "line 1\nline 2\n"))
                .output(new Output.Stream("stderr", "warning\n"))
                .output(
                    new Output.DisplayData(
                        Map.of(Output.IMAGE_PNG, png, Output.TEXT_PLAIN, "<Figure>"),
                        Map.of(Output.IMAGE_PNG, "{\"width\": 600}"),
                        null))
                .output(
                    new Output.ExecuteResult(
                        3,
                        Map.of(
                            Output.TEXT_PLAIN, "{'a': 1}", Output.APPLICATION_JSON, "{\"a\": 1}"),
                        Map.of()))
                .build());
    executor.when("1/0").thenError("ZeroDivisionError", "division by zero");
    executor.when("while True: pass").thenTimeout();
    TaskNotebook notebook = new TaskNotebook();
    NotebookAnalysisContext ctx = context(executor, notebook, Duration.ofMinutes(1));
    ctx.markdown("# Heading\nsome text");
    ExecutedCell plot = ctx.run("plot()");
    ExecutedCell error = ctx.run("1/0");
    ctx.run("while True: pass");

    assertThat(plot.index()).isEqualTo(1);
    assertThat(error.index()).isEqualTo(2);
    assertThat(plot.figures()).containsExactly("cycles/1/tasks/c1-t01/figures/cell1-1.png");
    assertThat(Files.readAllBytes(tmp.resolve(plot.figures().getFirst()))).isEqualTo(PNG);
    assertThat(ctx.cells()).extracting(ExecutedCell::index).containsExactly(1, 2, 3);

    Citation.NotebookCell cite = ctx.cite(plot);
    assertThat(cite)
        .isEqualTo(
            new Citation.NotebookCell(
                "c1-t01", "cycles/1/tasks/c1-t01/notebook.ipynb", 1, Hashing.sha256("plot()")));
    assertThat(cite.label()).isEqualTo("c1-t01#1");

    Path file = tmp.resolve("nb.ipynb");
    AtomicFiles.write(file, notebook.toIpynb(Map.of("taskId", "c1-t01"), true));
    assertThat(Nbformat.violations(file)).isEmpty();

    JsonNode nb = Json.readTree(file);
    assertThat(nb.path("metadata").path("kernelspec").path("name").asText()).isEqualTo("python3");
    JsonNode cells = nb.path("cells");
    assertThat(cells).hasSize(4);
    assertThat(cells.get(0).path("cell_type").asText()).isEqualTo("markdown");
    JsonNode outputs = cells.get(1).path("outputs");
    assertThat(outputs)
        .extracting(o -> o.path("output_type").asText())
        .containsExactly("stream", "stream", "display_data", "execute_result");
    assertThat(outputs.get(0).path("text")).hasSize(2);
    assertThat(outputs.get(2).path("data").path("image/png").asText()).isEqualTo(png);
    assertThat(outputs.get(2).path("metadata").path("image/png").path("width").asInt())
        .isEqualTo(600);
    assertThat(outputs.get(3).path("data").path("application/json").path("a").asInt()).isEqualTo(1);
    assertThat(cells.get(2).path("outputs").get(0).path("ename").asText())
        .isEqualTo("ZeroDivisionError");
    // a timeout reported by the executor is shown as an error output
    assertThat(cells.get(3).path("outputs").get(0).path("ename").asText())
        .isEqualTo("TimeoutError");
    assertThat(NotebookReader.cells(file))
        .extracting(NotebookReader.SavedCell::source)
        .containsExactly("# Heading\nsome text", "plot()", "1/0", "while True: pass");

    byte[] textOnly = notebook.toIpynb(Map.of(), false);
    assertThat(new String(textOnly)).doesNotContain(png);
  }

  @Test
  void citingACellOfAnotherNotebookFails() {
    TaskNotebook notebook = new TaskNotebook();
    NotebookAnalysisContext ctx = context(new MockExecutor(), notebook, Duration.ofMinutes(1));
    ctx.run("x = 1");
    ExecutedCell foreign = new ExecutedCell(1, "y = 2", MockExecutor.ok(), List.of());
    assertThatThrownBy(() -> ctx.cite(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("c1-t01");
  }

  @Test
  void noCellRunsAfterTheTaskIsClosedOrOutOfTime() {
    TaskNotebook notebook = new TaskNotebook();
    NotebookAnalysisContext late = context(new MockExecutor(), notebook, Duration.ofNanos(1));
    assertThat(late.remaining()).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> late.run("x = 1"))
        .isInstanceOf(TaskStoppedException.class)
        .hasMessageContaining("time limit");

    NotebookAnalysisContext ctx =
        context(new MockExecutor(), new TaskNotebook(), Duration.ofMinutes(1));
    ctx.close();
    assertThatThrownBy(() -> ctx.run("x = 1")).isInstanceOf(TaskStoppedException.class);
  }

  @Test
  void cellTimeoutIsCappedByTheTimeLeft() {
    MockExecutor executor = new MockExecutor();
    NotebookAnalysisContext ctx = context(executor, new TaskNotebook(), Duration.ofSeconds(2));
    ctx.run("x = 1", Duration.ofMinutes(5));
    assertThat(executor.calls().getFirst().timeout()).isLessThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void countsLinesOfCode() {
    assertThat(TaskNotebook.linesOfCode("a = 1\n\n  \nb = 2\n")).isEqualTo(2);
  }
}
