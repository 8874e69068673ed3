package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.SessionOptions;
import io.kosmos.sandbox.internal.CellCache;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link CellCache} in a real kernel: a large cell run again gives what it gave the first time, its
 * tracebacks name its own lines, a cell that differs by one character is read anew, and an AST
 * transformer (the import check) still sees every run of it.
 */
class CellCacheIT {

  static final Duration T = Duration.ofSeconds(60);

  /** A cell over the cache's threshold: many small functions, then one that fails on line 3. */
  private static String bigCell(int answer) {
    StringBuilder b = new StringBuilder();
    b.append("import math\n");
    b.append("def answer():\n    return ").append(answer).append("\n");
    b.append("def boom():\n    raise ValueError('boom on purpose')\n");
    int i = 0;
    while (b.length() < CellCache.MIN_CHARS + 1000) {
      b.append("def helper_").append(i).append("(x):\n    return math.sqrt(x) + ").append(i);
      b.append("\n");
      i++;
    }
    b.append("try:\n    import kosmosmissingone\nexcept ImportError:\n    pass\n");
    b.append("print('defined', ").append(i).append(", answer())\n");
    return b.toString();
  }

  @Test
  void aLargeCellRunAgainBehavesAsTheFirstTime() throws Exception {
    SandboxEngine.require();
    Path root = SandboxEngine.tempRoot("cell-cache");
    try (DockerSandboxExecutor executor =
            DockerSandboxExecutor.create(
                SandboxEngine.testConfig(root)
                    .pool(SandboxEngine.TEST_POOL.newBuilder().minIdle(0).build())
                    .build());
        ExecutionSession s = executor.openSession(SessionOptions.builder().build())) {
      String cell = bigCell(41);
      ExecutionResult first = s.execute(cell, T);
      assertThat(first.isOk()).as(first.toString()).isTrue();
      assertThat(first.stdout()).endsWith(" 41\n");
      ExecutionResult again = s.execute(cell, T);
      assertThat(again.isOk()).as(again.toString()).isTrue();
      assertThat(again.stdout()).isEqualTo(first.stdout());

      // the functions the second run defined are live, and a failure names its line in the cell
      ExecutionResult failed = s.execute("boom()", T);
      assertThat(failed.isOk()).isFalse();
      String trace =
          String.join("\n", failed.errorOutput().orElseThrow().traceback())
              .replaceAll("\u001B\\[[;\\d]*m", "");
      assertThat(trace)
          .contains("Cell In [2], line 5, in boom()")
          .contains("raise ValueError('boom on purpose')");

      // one character more is another cell
      ExecutionResult changed = s.execute(bigCell(42), T);
      assertThat(changed.isOk()).as(changed.toString()).isTrue();
      assertThat(changed.stdout()).endsWith(" 42\n");
      assertThat(s.execute("print(answer(), get_ipython()._kosmos_cell_cache)", T).stdout())
          .isEqualTo("42 True\n");

      // the import check still looks at every run of a cached cell
      String missing = cell.replace("pass\nprint(", "pass\nimport kosmosmissingtwo\nprint(");
      for (int run = 0; run < 2; run++) {
        ExecutionResult refused = s.execute(missing, T);
        assertThat(refused.isOk()).isFalse();
        assertThat(refused.toString()).contains("kosmosmissingtwo");
      }
    }
  }
}
