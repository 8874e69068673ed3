package io.kosmos.cli.bench;

import static io.kosmos.cli.bench.TextTable.ms;
import static io.kosmos.cli.bench.TextTable.pct;

import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.core.Kosmos;
import io.kosmos.testing.MockExecutor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures the research engine without any real work: {@code ./kosmos bench engine}.
 *
 * <ol>
 *   <li><b>Engine overhead.</b> A 20-cycle × 10-task run with a {@link MockExecutor} of zero
 *       latency and instant roles (each task runs two cells and returns one finding), so the time
 *       measured is the engine's own: planning, review, novelty, sessions, notebooks, atomic
 *       (fsynced) writes, world model updates, reassessment, compression, the report. Divided by
 *       the tasks, it is the engine's cost per task, compared with a task of 1 s. A second run with
 *       1 s tasks (two 500 ms cells) checks the figure against a real wall clock.
 *   <li><b>World model.</b> Add and query latency (p50, p99) and retained heap at 1,000, 10,000 and
 *       100,000 findings, and how each grows with the number of findings ({@link
 *       WorldModelBenchmark}).
 * </ol>
 *
 * <p>It measures through the public API only (the workflow builder, {@link
 * io.kosmos.core.InMemoryWorldModel}, the test kit's {@link MockExecutor}), as an application would
 * see the engine.
 *
 * <p>Figures are printed as a plain text table; nothing is asserted. They depend on the machine
 * (and on what else runs on it), so compare runs on the same machine.
 */
public final class EngineBenchmark {

  /** Benchmark options. */
  public record Options(
      int cycles, int tasks, List<Integer> sizes, boolean latencyCheck, Path workDir) {

    /** The defaults: 20 × 10, 1k/10k/100k findings, with the 1 s task check, in a temp dir. */
    public static Options defaults() {
      return new Options(20, 10, List.of(1_000, 10_000, 100_000), true, null);
    }
  }

  private final PrintStream out;
  private final Options options;

  /**
   * Creates the benchmark.
   *
   * @param out where to print
   * @param options what to run
   */
  public EngineBenchmark(PrintStream out, Options options) {
    this.out = out;
    this.options = options;
  }

  /**
   * Runs the benchmark with default options.
   *
   * @param args ignored
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    new EngineBenchmark(System.out, Options.defaults()).run();
  }

  /**
   * Runs every part and prints the figures.
   *
   * @throws Exception if a run fails
   */
  public void run() throws Exception {
    out.printf(
        "Kosmos engine benchmark (Java %s, %d processors, max heap %d MB)%n%n",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    Path work =
        options.workDir() != null
            ? Files.createDirectories(options.workDir())
            : Files.createTempDirectory("kosmos-bench");
    try {
      engineOverhead(work);
      new WorldModelBenchmark(out, options.sizes()).run();
    } finally {
      if (options.workDir() == null) {
        deleteTree(work);
      }
    }
  }

  // ---- engine overhead ------------------------------------------------------------------------

  private void engineOverhead(Path work) throws Exception {
    Path data = work.resolve("data.csv");
    Files.writeString(data, "x,y\n1,2\n3,4\n");
    // warm-up: the JIT, Jackson, the file system
    timeRun(work.resolve("warmup"), data, 3, options.tasks(), Duration.ZERO);
    int cycles = options.cycles();
    int tasks = options.tasks();
    Measured instant = timeRun(work.resolve("instant"), data, cycles, tasks, Duration.ZERO);
    int taskCount = instant.result().tasksCompleted() + instant.result().tasksFailed();
    double perTaskMs = instant.millis() / taskCount;
    int concurrency = 4;
    int waves = (tasks + concurrency - 1) / concurrency;
    double idealOneSecondRun = cycles * waves * 1000.0;
    out.println("Engine overhead (MockExecutor, zero latency, instant roles, 4 tasks at once)");
    TextTable.print(
        out,
        List.of("run", "tasks", "findings", "wall time", "engine time per task", "vs a 1 s task"),
        List.of(
            List.of(
                cycles + " cycles x " + tasks + " tasks",
                Integer.toString(taskCount),
                Integer.toString(instant.result().findings().size()),
                ms(instant.millis()),
                ms(perTaskMs),
                pct(perTaskMs / 1000.0))));
    out.printf(
        Locale.ROOT,
        "  The whole instant run took %s; the same run with 1 s tasks needs at least %s"
            + " (%d waves of %d tasks x %d cycles), so the engine adds about %s to it.%n",
        ms(instant.millis()),
        ms(idealOneSecondRun),
        waves,
        concurrency,
        cycles,
        pct(instant.millis() / idealOneSecondRun));
    if (options.latencyCheck()) {
      int checkCycles = 3;
      Measured slow =
          timeRun(work.resolve("one-second"), data, checkCycles, tasks, Duration.ofMillis(500));
      double baseline = baseline(checkCycles, tasks, concurrency);
      double ideal = checkCycles * waves * 1000.0;
      out.printf(
          Locale.ROOT,
          "  Check with 1 s tasks (two 500 ms cells), %d cycles x %d tasks: %s. The same waves"
              + " of sleeps without the engine take %s here (ideal %s), so the engine adds %s.%n",
          checkCycles,
          tasks,
          ms(slow.millis()),
          ms(baseline),
          ms(ideal),
          pct((slow.millis() - baseline) / baseline));
    }
    out.println();
  }

  private record Measured(ResearchResult result, double millis) {}

  /** The same scheduling without the engine: virtual threads, a semaphore, two 500 ms sleeps. */
  private static double baseline(int cycles, int tasks, int concurrency) throws Exception {
    long start = System.nanoTime();
    try (java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < cycles; c++) {
        java.util.concurrent.Semaphore permits =
            new java.util.concurrent.Semaphore(concurrency, true);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
          futures.add(
              threads.submit(
                  () -> {
                    permits.acquire();
                    try {
                      Thread.sleep(500);
                      Thread.sleep(500);
                    } finally {
                      permits.release();
                    }
                    return null;
                  }));
        }
        for (java.util.concurrent.Future<?> f : futures) {
          f.get();
        }
      }
    }
    return (System.nanoTime() - start) / 1e6;
  }

  private Measured timeRun(Path dir, Path data, int cycles, int tasks, Duration latency) {
    MockExecutor executor = new MockExecutor().latency(latency);
    executor.otherwise(code -> MockExecutor.stdout("r=0.31 p=0.0021 n=442\n"));
    try (ResearchWorkflow wf =
        Kosmos.workflow()
            .objective("How does x relate to y?")
            .dataset(data)
            .artifactsDir(dir)
            .executor(executor)
            .agents(InstantAgents.agents())
            .maxConcurrentTasks(4)
            .build()) {
      long start = System.nanoTime();
      ResearchResult result = wf.run(cycles, tasks);
      return new Measured(result, (System.nanoTime() - start) / 1e6);
    }
  }

  private static void deleteTree(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
