package io.kosmos.cli.bench;

import io.kosmos.api.Agents;
import io.kosmos.api.AnalysisContext;
import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.Plan;
import io.kosmos.api.PlanCreator;
import io.kosmos.api.PlanReview;
import io.kosmos.api.PlanningContext;
import io.kosmos.api.ReportStatement;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.Statistics;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.api.TaskResult;
import io.kosmos.api.ValidationResult;
import io.kosmos.core.Kosmos;
import io.kosmos.core.internal.world.WorldState;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

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
 *       100,000 findings, and how each grows with the number of findings.
 * </ol>
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
      worldModel();
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
    table(
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
            .agents(instantAgents())
            .maxConcurrentTasks(4)
            .build()) {
      long start = System.nanoTime();
      ResearchResult result = wf.run(cycles, tasks);
      return new Measured(result, (System.nanoTime() - start) / 1e6);
    }
  }

  /** Roles that do no work of their own: plan distinct tasks, approve, run two cells, pass. */
  static Agents instantAgents() {
    PlanCreator planner =
        new PlanCreator() {
          @Override
          public Plan plan(PlanningContext context) {
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < context.maxTasks(); i++) {
              String v = "v" + context.cycle() + "x" + i;
              tasks.add(
                  Task.builder(TaskKind.DATA_ANALYSIS)
                      .description("Correlate " + v + " with outcome " + v + "y")
                      .expectedOutput("a correlation with p value")
                      .parameter("x", v)
                      .build());
            }
            return new Plan(context.cycle(), tasks, "benchmark", context.explorationShare());
          }

          @Override
          public Plan revise(PlanningContext context, Plan rejected, PlanReview review) {
            return rejected;
          }
        };
    Map<String, Double> scores = new LinkedHashMap<>();
    PlanReview.DIMENSIONS.forEach(d -> scores.put(d, 8.0));
    PlanReview approve = new PlanReview(scores, List.of(), List.of());
    return new Agents(
        "benchmark roles (instant)",
        planner,
        (plan, context) -> approve,
        (AnalysisContext ctx) -> {
          ctx.run("import pandas as pd\ndf = pd.read_csv('/data/data.csv')\ndf.describe()");
          ExecutedCell test =
              ctx.run("from scipy import stats\nprint(stats.spearmanr(df.x, df.y))");
          Finding f =
              Finding.builder(FindingKind.DATA_ANALYSIS)
                  .claim(ctx.task().parameters().get("x") + " correlates with the outcome")
                  .statistics(
                      new Statistics(
                          "Spearman", 6.7, 0.0021, null, 0.31, "rho", 0.22, 0.4, 442, Map.of()))
                  .direction(EffectDirection.POSITIVE)
                  .variable(ctx.task().parameters().get("x"))
                  .citation(ctx.cite(test))
                  .build();
          return TaskResult.of("one correlation", List.of(f));
        },
        ctx -> TaskResult.of("nothing", List.of()),
        (finding, context) -> new ValidationResult("instant", true, 0.9, Map.of(), List.of()),
        context -> {
          List<ReportStatement> out = new ArrayList<>();
          for (Finding f : context.world().validatedFindings(3)) {
            out.add(new ReportStatement(f.claim(), List.of(f.id())));
          }
          return out;
        });
  }

  // ---- world model ----------------------------------------------------------------------------

  private void worldModel() {
    out.println("World model (WorldState, in memory, one thread)");
    List<List<String>> rows = new ArrayList<>();
    Map<Integer, double[]> summary = new LinkedHashMap<>();
    for (int n : options.sizes()) {
      long heapBefore = usedHeap();
      WorldState world = new WorldState(List.of());
      Random random = new Random(n);
      int hypotheses = Math.max(10, n / 10);
      for (int h = 0; h < hypotheses; h++) {
        world.addHypothesis(
            Hypothesis.open("H" + h, "variable " + h + " drives the outcome", 1, List.of("v" + h)));
      }
      long[] add = new long[n];
      for (int i = 0; i < n; i++) {
        Finding f = syntheticFinding(i, random, hypotheses);
        long t = System.nanoTime();
        world.addFinding(f);
        add[i] = System.nanoTime() - t;
      }
      long heapAfter = usedHeap();
      Map<String, long[]> queries = queries(world, random, n);
      long heap = Math.max(0, heapAfter - heapBefore);
      rows.add(row(n, "add finding", add, heap));
      for (Map.Entry<String, long[]> e : queries.entrySet()) {
        rows.add(row(n, e.getKey(), e.getValue(), -1));
      }
      double worstQueryP99 =
          queries.values().stream().mapToDouble(v -> percentile(v, 0.99)).max().orElse(0);
      summary.put(n, new double[] {percentile(add, 0.99), worstQueryP99, heap, sum(add)});
      world = null;
    }
    table(List.of("findings", "operation", "p50", "p99", "max", "heap retained"), rows);
    out.println();
    out.println("Growth (each size against the one before; 10x findings each step)");
    List<List<String>> growth = new ArrayList<>();
    double[] prev = null;
    int prevN = 0;
    for (Map.Entry<Integer, double[]> e : summary.entrySet()) {
      double[] cur = e.getValue();
      if (prev != null) {
        growth.add(
            List.of(
                prevN + " -> " + e.getKey(),
                ratio(cur[3] / prev[3]),
                ratio(cur[0] / prev[0]),
                ratio(cur[1] / prev[1]),
                ratio(cur[2] / prev[2]),
                String.format(Locale.ROOT, "%.0f B", cur[2] / e.getKey())));
      }
      prev = cur;
      prevN = e.getKey();
    }
    table(
        List.of(
            "sizes", "total add time", "add p99", "worst query p99", "heap", "heap per finding"),
        growth);
    out.println(
        "  Linear growth shows as 10x for totals and heap, and about 1x for per-operation"
            + " latencies.");
  }

  private static Map<String, long[]> queries(WorldState world, Random random, int n) {
    int iterations = 2_000;
    Map<String, long[]> times = new LinkedHashMap<>();
    String[] names = {
      "recentFindings(20)",
      "validatedFindings(20)",
      "finding(id)",
      "hypothesis(id)",
      "openHypotheses()",
      "conflicts()",
      "triedTasks()"
    };
    for (String name : names) {
      times.put(name, new long[iterations]);
    }
    int sink = 0;
    for (int i = 0; i < iterations; i++) {
      long t = System.nanoTime();
      sink += world.recentFindings(20).size();
      times.get("recentFindings(20)")[i] = System.nanoTime() - t;
      t = System.nanoTime();
      sink += world.validatedFindings(20).size();
      times.get("validatedFindings(20)")[i] = System.nanoTime() - t;
      t = System.nanoTime();
      sink += world.finding("F" + random.nextInt(n)).isPresent() ? 1 : 0;
      times.get("finding(id)")[i] = System.nanoTime() - t;
      t = System.nanoTime();
      sink += world.hypothesis("H" + random.nextInt(Math.max(10, n / 10))).isPresent() ? 1 : 0;
      times.get("hypothesis(id)")[i] = System.nanoTime() - t;
      t = System.nanoTime();
      sink += world.openHypotheses().size();
      times.get("openHypotheses()")[i] = System.nanoTime() - t;
      t = System.nanoTime();
      sink += world.conflicts().size();
      times.get("conflicts()")[i] = System.nanoTime() - t;
      t = System.nanoTime();
      sink += world.triedTasks().size();
      times.get("triedTasks()")[i] = System.nanoTime() - t;
    }
    if (sink == 42) {
      System.out.print("");
    }
    return times;
  }

  static Finding syntheticFinding(int i, Random random, int hypotheses) {
    double p = Math.pow(10, -6 * random.nextDouble());
    boolean significant = p < 0.05;
    EffectDirection direction =
        !significant
            ? EffectDirection.NONE
            : random.nextBoolean() ? EffectDirection.POSITIVE : EffectDirection.NEGATIVE;
    int h = random.nextInt(hypotheses);
    String task = String.format(Locale.ROOT, "c%d-t%02d", i / 10 + 1, i % 10 + 1);
    return Finding.builder(FindingKind.DATA_ANALYSIS)
        .id("F" + i)
        .claim(
            "Variable "
                + h
                + " is associated with the outcome in subgroup "
                + (i % 7)
                + " (rho=0.31)")
        .summary("Spearman correlation on complete cases")
        .statistics(
            new Statistics(
                "Spearman correlation",
                random.nextGaussian() * 5,
                p,
                null,
                random.nextGaussian() * 0.3,
                "rho",
                -0.1,
                0.5,
                100 + random.nextInt(1000),
                Map.of("z", random.nextGaussian())))
        .direction(direction)
        .hypothesisId("H" + h)
        .citation(
            new Citation.NotebookCell(
                task,
                "cycles/" + (i / 10 + 1) + "/tasks/" + task + "/notebook.ipynb",
                3,
                "9f2c6d1e4b7a8c3d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d"))
        .cycle(i / 10 + 1)
        .taskId(task)
        .variable("v" + h)
        .variable("outcome")
        .figure("cycles/" + (i / 10 + 1) + "/tasks/" + task + "/figures/cell3-1.png")
        .validation(
            new ValidationResult(
                "statistical",
                significant,
                significant ? 1 - p : 0.2,
                Map.of("rigor", 0.8),
                significant ? List.of() : List.of("p >= 0.05")))
        .build();
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      best = Math.min(best, rt.totalMemory() - rt.freeMemory());
    }
    return best;
  }

  // ---- output ---------------------------------------------------------------------------------

  private List<String> row(int n, String op, long[] nanos, long heap) {
    return List.of(
        String.format(Locale.ROOT, "%,d", n),
        op,
        us(percentile(nanos, 0.50)),
        us(percentile(nanos, 0.99)),
        us(Arrays.stream(nanos).max().orElse(0)),
        heap < 0 ? "" : String.format(Locale.ROOT, "%.1f MB", heap / 1e6));
  }

  private static double percentile(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, index)];
  }

  private static double sum(long[] values) {
    double s = 0;
    for (long v : values) {
      s += v;
    }
    return s;
  }

  private void table(List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    for (int c = 0; c < header.size(); c++) {
      width[c] = header.get(c).length();
      for (List<String> r : rows) {
        width[c] = Math.max(width[c], r.get(c).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, width);
    StringBuilder rule = new StringBuilder("  ");
    for (int w : width) {
      rule.append("-".repeat(w)).append("  ");
    }
    sb.append(rule.toString().stripTrailing()).append('\n');
    for (List<String> r : rows) {
      line(sb, r, width);
    }
    out.print(sb);
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width) {
    StringBuilder line = new StringBuilder("  ");
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      line.append(c < 2 ? pad(cell, width[c]) : padLeft(cell, width[c])).append("  ");
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(w - s.length());
  }

  private static String padLeft(String s, int w) {
    return " ".repeat(w - s.length()) + s;
  }

  private static String us(double nanos) {
    return nanos >= 1e6
        ? String.format(Locale.ROOT, "%.2f ms", nanos / 1e6)
        : String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
  }

  private static String ms(double millis) {
    return millis >= 10_000
        ? String.format(Locale.ROOT, "%.1f s", millis / 1000)
        : String.format(Locale.ROOT, "%.1f ms", millis);
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }

  private static String ratio(double r) {
    return String.format(Locale.ROOT, "%.1fx", r);
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
