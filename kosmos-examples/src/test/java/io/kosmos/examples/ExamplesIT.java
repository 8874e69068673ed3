package io.kosmos.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example program as a user would, on the example data in the real Docker sandbox, and
 * checks what it printed and left on disk. Without Docker or the executor image they fail, never
 * skip.
 */
class ExamplesIT {

  private static final Path DATA =
      Path.of(System.getProperty("kosmos.examples.data", "data")).resolve("diabetes.csv");

  @TempDir Path temp;

  @Test
  void quickStartWritesACitedReport() throws Exception {
    Path run = temp.resolve("quick-start");

    String out = run(() -> QuickStart.main(new String[] {DATA.toString(), run.toString()}));

    assertThat(out).contains("COMPLETED").contains("validated").contains("report: ");
    String report = Files.readString(run.resolve("report/report.md"));
    assertThat(report).contains("disease_progression").contains("cycles/1/tasks/");
  }

  @Test
  void transcriptExecutorWritesEveryCellDown() throws Exception {
    Path dir = temp.resolve("transcript");

    String out = run(() -> TranscriptExecutor.main(new String[] {DATA.toString(), dir.toString()}));

    String transcript = Files.readString(dir.resolve("transcript.md"));
    assertThat(transcript).contains("```python").contains("### c1-t01 · OK");
    long cells = transcript.lines().filter(l -> l.startsWith("### ")).count();
    assertThat(out).contains("COMPLETED").contains(cells + " cell(s)");
    assertThat(cells).isGreaterThan(3);
  }

  @Test
  void practicalSignificanceJudgesBesideTheStatisticalValidator() throws Exception {
    Path run = temp.resolve("practical");

    String out =
        run(() -> PracticalSignificance.main(new String[] {DATA.toString(), run.toString()}));

    assertThat(out).contains("COMPLETED").contains("held back by the practical-significance judge");
    assertThat(Files.readString(run.resolve("run.json")))
        .contains("with a practical-significance judge");
  }

  /** Runs a program and returns what it printed. */
  private static String run(ThrowingRunnable program) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      program.run();
    } finally {
      System.setOut(original);
    }
    String out = buffer.toString(StandardCharsets.UTF_8);
    original.print(out);
    return out;
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
