package io.kosmos.core.internal.notebook;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.Output;
import io.kosmos.api.SessionOptions;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.world.WorldState;
import io.kosmos.testing.MockExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Notebooks for tests that check the engine's {@code .ipynb} files with the real nbformat package
 * (which runs in the executor image: see {@code EngineWithSandboxIT} in kosmos-examples).
 */
public final class NotebookSamples {
  private NotebookSamples() {}

  /**
   * A notebook with every kind of cell and output the engine writes: markdown, a stream, a PNG
   * display with metadata, an execute result with JSON, an error, and a cell that timed out.
   *
   * @param dir a scratch directory (the figure files are written under it)
   * @return the notebook's bytes, images included
   */
  public static byte[] everyOutputKind(Path dir) {
    byte[] pngBytes = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};
    String png = Base64.getEncoder().encodeToString(pngBytes);
    MockExecutor executor = new MockExecutor();
    executor
        .when("plot()")
        .thenReturn(
            ExecutionResult.builder()
                .output(new Output.Stream("stdout", "a\nb\n"))
                .output(
                    new Output.DisplayData(
                        Map.of(Output.IMAGE_PNG, png, Output.TEXT_PLAIN, "<Figure>"),
                        Map.of(Output.IMAGE_PNG, "{\"width\": 600}"),
                        "d1"))
                .output(
                    new Output.ExecuteResult(
                        3,
                        Map.of(Output.TEXT_PLAIN, "1", Output.APPLICATION_JSON, "{\"a\": 1}"),
                        Map.of()))
                .build());
    executor.when("1/0").thenError("ZeroDivisionError", "division by zero");
    executor.when("loop").thenTimeout();
    TaskNotebook notebook = new TaskNotebook();
    Task task = Task.builder(TaskKind.DATA_ANALYSIS).id("c1-t01").description("d").build();
    NotebookAnalysisContext ctx =
        new NotebookAnalysisContext(
            "objective",
            1,
            task,
            List.of(),
            new WorldState(List.of()),
            List.of(),
            executor.openSession(SessionOptions.builder().taskId("c1-t01").build()),
            notebook,
            new Layout(dir),
            Duration.ofSeconds(5),
            Duration.ofMinutes(1));
    ctx.markdown("# title");
    ctx.run("plot()");
    ctx.run("1/0");
    ctx.run("loop");
    return notebook.toIpynb(Map.of("taskId", "c1-t01"), true);
  }
}
