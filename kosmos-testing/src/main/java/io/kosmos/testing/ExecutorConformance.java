package io.kosmos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Output;
import io.kosmos.api.ResourceUsage;
import io.kosmos.api.SessionOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every real {@link Executor} must do, for implementations that run Python in a Jupyter
 * kernel: round trips, state kept within a session and isolated between sessions, errors with their
 * tracebacks, time limits, output caps, rich outputs, datasets, resource usage and closing (the
 * Micrometer compatibility-kit idea). An implementation's test extends this class and says how to
 * make the executor, where datasets appear and what its output cap is:
 *
 * <pre>{@code
 * class MyExecutorConformanceIT extends ExecutorConformance {
 *   static MyExecutor executor = MyExecutor.create();
 *
 *   protected Executor executor() { return executor; }
 *   protected String dataPath(String name) { return "/data/" + name; }
 *   protected long maxOutputBytes() { return 1 << 20; }
 * }
 * }</pre>
 */
public abstract class ExecutorConformance {

  /** The time limit of every cell the suite runs. */
  protected static final Duration T = Duration.ofSeconds(60);

  /** Creates the suite; subclasses make the executor. */
  protected ExecutorConformance() {}

  /**
   * The executor under test; made once per class by the subclass.
   *
   * @return the executor
   */
  protected abstract Executor executor();

  /**
   * Where the kernel finds a dataset.
   *
   * @param name the dataset's file name
   * @return its path as the kernel sees it
   */
  protected abstract String dataPath(String name);

  /**
   * The output cap the executor under test was built with.
   *
   * @return the cap in bytes
   */
  protected abstract long maxOutputBytes();

  /** A temporary directory for the test's datasets. */
  @TempDir protected Path temp;

  /**
   * Opens a session of the executor under test.
   *
   * @return the session; the caller closes it
   */
  protected ExecutionSession open() {
    return executor().openSession(SessionOptions.builder().runId("conf").taskId("t").build());
  }

  @Test
  void roundTrip() {
    try (ExecutionSession s = open()) {
      ExecutionResult r = s.execute("print(1 + 1)", T);
      assertThat(r.status()).isEqualTo(ExecutionResult.Status.OK);
      assertThat(r.stdout()).isEqualTo("2\n");
      assertThat(r.executionCount()).isPositive();
      assertThat(r.error()).isNull();
    }
  }

  @Test
  void eachCellReportsItsOwnCpuTimeAndPeakMemory() {
    try (ExecutionSession s = open()) {
      ExecutionResult big =
          s.execute(
              "import numpy as np, time\n"
                  + "b = np.ones(200 * 1024 * 1024 // 8)\n"
                  + "t = time.process_time()\n"
                  + "while time.process_time() - t < 0.3: pass\n"
                  + "del b",
              T);
      assertThat(big.isOk()).isTrue();
      assertThat(big.resources().peakMemoryBytes()).isGreaterThan(200L << 20);
      assertThat(big.resources().cpuNanos()).isGreaterThan(250_000_000L);
      // The next cell's peak starts from what the kernel holds now, not from its lifetime peak.
      ExecutionResult small = s.execute("x = 1", T);
      assertThat(small.resources().peakMemoryBytes())
          .isPositive()
          .isLessThan(big.resources().peakMemoryBytes() - (150L << 20));
      assertThat(small.resources().cpuNanos()).isBetween(0L, 200_000_000L);
      // A failed cell is metered like any other (its CPU time includes the traceback, whose first
      // rendering imports modules), or not at all.
      ResourceUsage failed = s.execute("1/0", T).resources();
      if (!failed.equals(ResourceUsage.UNKNOWN)) {
        assertThat(failed.cpuNanos()).isNotNegative();
        assertThat(failed.peakMemoryBytes())
            .isPositive()
            .isLessThan(big.resources().peakMemoryBytes() - (150L << 20));
      }
    }
  }

  @Test
  void oneShotExecute() {
    ExecutionResult r = executor().execute("print('one shot')", T);
    assertThat(r.stdout()).isEqualTo("one shot\n");
  }

  @Test
  void stateSurvivesFromCellToCell() {
    try (ExecutionSession s = open()) {
      assertThat(s.execute("x = 41", T).isOk()).isTrue();
      ExecutionResult r = s.execute("x + 1", T);
      assertThat(r.text()).isEqualTo("42");
      assertThat(r.outputs()).singleElement().isInstanceOf(Output.ExecuteResult.class);
    }
  }

  @Test
  void matplotlibFigureArrivesAsPng() {
    try (ExecutionSession s = open()) {
      ExecutionResult r =
          s.execute(
              "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.title('t')\nplt.show()",
              T);
      assertThat(r.isOk()).isTrue();
      assertThat(r.images()).hasSize(1);
      byte[] png = r.images().get(0);
      assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }
  }

  @Test
  void richDisplayKeepsHtmlAndJson() {
    try (ExecutionSession s = open()) {
      ExecutionResult r =
          s.execute(
              "from IPython.display import display, HTML, JSON\n"
                  + "display(HTML('<b>bold</b>'))\n"
                  + "display(JSON({'a': [1, 2]}))",
              T);
      assertThat(r.outputs()).hasSize(2);
      Output.DisplayData html = (Output.DisplayData) r.outputs().get(0);
      assertThat(html.data()).containsEntry(Output.TEXT_HTML, "<b>bold</b>");
      Output.DisplayData json = (Output.DisplayData) r.outputs().get(1);
      assertThat(json.data().get(Output.APPLICATION_JSON)).isEqualTo("{\"a\":[1,2]}");
    }
  }

  @Test
  void errorComesWithATraceback() {
    try (ExecutionSession s = open()) {
      ExecutionResult r = s.execute("def f():\n    return 1 / 0\nf()", T);
      assertThat(r.status()).isEqualTo(ExecutionResult.Status.ERROR);
      assertThat(r.error().name()).isEqualTo("ZeroDivisionError");
      assertThat(r.error().value()).isEqualTo("division by zero");
      assertThat(r.error().traceback()).isNotEmpty();
      assertThat(r.error().plainTraceback())
          .contains("ZeroDivisionError")
          .contains("return 1 / 0")
          .doesNotContain("\u001b[");
      assertThat(s.execute("print('still fine')", T).stdout()).isEqualTo("still fine\n");
      // The cell right after a failed one runs (the kernel must not abort it as "queued").
      for (int i = 0; i < 10; i++) {
        assertThat(s.execute("1/0", T).error().name()).isEqualTo("ZeroDivisionError");
        ExecutionResult next = s.execute("print('again')", T);
        assertThat(next.status())
            .as("cell after error #%d: %s", i, next.error())
            .isEqualTo(ExecutionResult.Status.OK);
        assertThat(next.stdout()).isEqualTo("again\n");
      }
    }
  }

  @Test
  void datasetsAreReadable() throws Exception {
    Path csv = temp.resolve("cohort.csv");
    Files.writeString(csv, "age,bmi\n50,31.2\n61,27.0\n");
    Path folder = Files.createDirectories(temp.resolve("images"));
    Files.writeString(Files.createDirectories(folder.resolve("sub")).resolve("a.txt"), "deep");
    SessionOptions options =
        SessionOptions.builder().runId("conf").taskId("data").dataset(csv).dataset(folder).build();
    try (ExecutionSession s = executor().openSession(options)) {
      ExecutionResult r =
          s.execute(
              "import pandas as pd\n"
                  + "df = pd.read_csv('"
                  + dataPath("cohort.csv")
                  + "')\n"
                  + "print(len(df), df['bmi'].sum())\n"
                  + "print(open('"
                  + dataPath("images")
                  + "/sub/a.txt').read())",
              T);
      assertThat(r.stdout()).isEqualTo("2 58.2\ndeep\n");
    }
  }

  @Test
  void missingDatasetIsInvalidInput() {
    SessionOptions options =
        SessionOptions.builder().dataset(temp.resolve("does-not-exist.csv")).build();
    assertThatThrownBy(() -> executor().openSession(options))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does-not-exist.csv");
  }

  @Test
  void outputFilesCanBeFetched() {
    try (ExecutionSession s = open()) {
      s.execute(
          "import os\n"
              + "os.makedirs('output/fig', exist_ok=True)\n"
              + "open('output/table.csv', 'w').write('a,b\\n1,2\\n')\n"
              + "open('output/fig/raw.bin', 'wb').write(bytes(range(256)))",
          T);
      assertThat(s.listOutputFiles()).containsExactly("output/fig/raw.bin", "output/table.csv");
      assertThat(new String(s.download("output/table.csv"), StandardCharsets.UTF_8))
          .isEqualTo("a,b\n1,2\n");
      byte[] raw = s.download("output/fig/raw.bin");
      assertThat(raw).hasSize(256);
      assertThat(raw[255]).isEqualTo((byte) 255);
      assertThatThrownBy(() -> s.download("output/none.txt"))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> s.download("../etc/passwd"))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> s.download("/etc/passwd")).isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void uploadedFilesAreVisibleToTheKernel() {
    try (ExecutionSession s = open()) {
      s.upload("input/params.json", "{\"k\": 3}".getBytes(StandardCharsets.UTF_8));
      ExecutionResult r =
          s.execute("import json\nprint(json.load(open('input/params.json'))['k'])", T);
      assertThat(r.stdout()).isEqualTo("3\n");
    }
  }

  @Test
  void outputsStreamToTheListenerInOrderAsTheyCome() {
    try (ExecutionSession s = open()) {
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      List<Long> at = Collections.synchronizedList(new ArrayList<>());
      long start = System.nanoTime();
      ExecutionResult r =
          s.execute(
              "import time, sys\n"
                  + "print('first', flush=True)\n"
                  + "time.sleep(1.0)\n"
                  + "print('second', file=sys.stderr, flush=True)\n"
                  + "time.sleep(1.0)\n"
                  + "print('third', flush=True)",
              T,
              output -> {
                if (output instanceof Output.Stream st) {
                  seen.add(st.name() + ":" + st.text().strip());
                  at.add(System.nanoTime() - start);
                }
              });
      long total = System.nanoTime() - start;
      assertThat(seen).containsExactly("stdout:first", "stderr:second", "stdout:third");
      // The first output reached the listener while the cell was still running.
      assertThat(total - at.get(0)).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1500));
      assertThat(r.stdout()).isEqualTo("first\nthird\n");
      assertThat(r.stderr()).isEqualTo("second\n");
    }
  }

  @Test
  void outputWrittenToFileDescriptorsArrivesWithItsCell() {
    try (ExecutionSession s = open()) {
      assertThat(s.execute("import os, subprocess, sys", T).isOk()).isTrue();
      for (int i = 0; i < 24; i++) {
        String mark = "fd-" + i;
        String code =
            switch (i % 3) {
              case 0 -> "os.write(1, b'" + mark + "\\n')\nNone";
              case 1 -> "os.write(2, b'" + mark + "\\n')\nNone";
              default -> "subprocess.run(['echo', '" + mark + "'], check=True)\nNone";
            };
        ExecutionResult r = s.execute(code, T);
        assertThat(r.isOk()).isTrue();
        assertThat(i % 3 == 1 ? r.stderr() : r.stdout()).as("cell %d", i).isEqualTo(mark + "\n");
      }
      // In its place among the prints, and whole where a read would split a character.
      ExecutionResult mixed =
          s.execute(
              "print('a')\nos.write(1, b'b\\n')\nprint('c')\n"
                  + "os.write(1, '\u20ac'.encode() * 3000)\nprint()\nos.write(1, b'd\\n')\nNone",
              T);
      assertThat(mixed.stdout()).isEqualTo("a\nb\nc\n" + "\u20ac".repeat(3000) + "\nd\n");
    }
  }

  @Test
  void outputWrittenToFileDescriptorsPastTheCapIsCountedAndCut() {
    long cap = maxOutputBytes();
    try (ExecutionSession s = open()) {
      ExecutionResult r =
          s.execute(
              "import subprocess\n"
                  + "subprocess.run('yes 0123456789abcdef | head -c "
                  + (3 * cap)
                  + "', shell=True, check=True)\nNone",
              T);
      assertThat(r.isOk()).isTrue();
      assertThat(r.truncated()).isTrue();
      assertThat(r.outputBytes()).isEqualTo(3 * cap);
      assertThat((long) r.stdout().length()).isEqualTo(cap);
    }
  }

  @Test
  void clearOutputAndUpdateDisplayAreApplied() {
    try (ExecutionSession s = open()) {
      ExecutionResult r =
          s.execute(
              "from IPython.display import display, clear_output\n"
                  + "print('gone')\n"
                  + "clear_output()\n"
                  + "print('kept')\n"
                  + "h = display('before', display_id=True)\n"
                  + "h.update('after')",
              T);
      assertThat(r.stdout()).isEqualTo("kept\n");
      Output.DisplayData d = (Output.DisplayData) r.outputs().get(r.outputs().size() - 1);
      assertThat(d.data().get(Output.TEXT_PLAIN)).isEqualTo("'after'");
    }
  }

  @Test
  void interruptedLoopTimesOutAndTheSessionKeepsItsState() {
    try (ExecutionSession s = open()) {
      s.execute("kept = 'yes'", T);
      ExecutionResult r = s.execute("while True:\n    pass", Duration.ofSeconds(2));
      assertThat(r.status()).isEqualTo(ExecutionResult.Status.TIMEOUT);
      assertThat(r.error().value()).contains("time limit of 2 s").contains("interrupted");
      assertThat(r.kernelRestarted()).isFalse();
      assertThat(s.execute("print(kept)", T).stdout()).isEqualTo("yes\n");
    }
  }

  @Test
  void cellIgnoringSigintTimesOutAndTheNextCellRunsInARestartedKernel() {
    try (ExecutionSession s = open()) {
      s.execute("kept = 'yes'", T);
      ExecutionResult r =
          s.execute(
              "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass",
              Duration.ofSeconds(2));
      assertThat(r.status()).isEqualTo(ExecutionResult.Status.TIMEOUT);
      assertThat(r.kernelRestarted()).isTrue();
      assertThat(r.error().value()).contains("restarted");
      ExecutionResult next = s.execute("print('kept' in globals(), 6 * 7)", T);
      assertThat(next.stdout()).isEqualTo("False 42\n");
    }
  }

  @Test
  void aKernelThatExitsIsReportedDeadAndTheNextCellWorks() {
    try (ExecutionSession s = open()) {
      s.execute("x = 1", T);
      ExecutionResult r = s.execute("import os\nos._exit(3)", T);
      assertThat(r.status()).isEqualTo(ExecutionResult.Status.KERNEL_DIED);
      assertThat(r.kernelRestarted()).isTrue();
      assertThat(r.error().value()).contains("died").doesNotContain("OOM");
      assertThat(s.execute("print('x' in globals(), 2 + 2)", T).stdout()).isEqualTo("False 4\n");
    }
  }

  @Test
  void restartForgetsVariables() {
    try (ExecutionSession s = open()) {
      s.execute("x = 1", T);
      s.restart();
      assertThat(s.execute("print('x' in globals())", T).stdout()).isEqualTo("False\n");
    }
  }

  @Test
  void interruptFromAnotherThreadStopsTheCell() throws Exception {
    try (ExecutionSession s = open()) {
      CompletableFuture<ExecutionResult> running =
          CompletableFuture.supplyAsync(() -> s.execute("import time\ntime.sleep(60)", T));
      Thread.sleep(1500);
      s.interrupt();
      ExecutionResult r = running.get(30, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(ExecutionResult.Status.ERROR);
      assertThat(r.error().name()).isEqualTo("KeyboardInterrupt");
      assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(30));
    }
  }

  @Test
  void outputPastTheCapIsCountedCutAndMarked() {
    long cap = maxOutputBytes();
    try (ExecutionSession s = open()) {
      ExecutionResult r = s.execute("print('x' * " + (3 * cap) + ")", T);
      assertThat(r.isOk()).isTrue();
      assertThat(r.truncated()).isTrue();
      assertThat(r.outputBytes()).isEqualTo(3 * cap + 1);
      assertThat((long) r.stdout().length()).isEqualTo(cap);
      assertThat(r.stderr()).contains("[output truncated: " + (3 * cap + 1) + " bytes produced");
    }
  }

  @Test
  void closedSessionRefusesWork() {
    ExecutionSession s = open();
    s.close();
    s.close();
    assertThatThrownBy(() -> s.execute("1", T)).isInstanceOf(IllegalStateException.class);
  }
}
