package io.kosmos.cli.bench;

import static io.kosmos.cli.bench.TextTable.percentile;
import static io.kosmos.cli.bench.TextTable.ratio;
import static io.kosmos.cli.bench.TextTable.us;

import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.Statistics;
import io.kosmos.api.ValidationResult;
import io.kosmos.core.InMemoryWorldModel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The world model part of {@code kosmos bench engine}: add and query latency (p50, p99, max) and
 * retained heap of the engine's world model at each size, and how each grows from one size to the
 * next. It fills an {@link InMemoryWorldModel}, which applies the engine's own rules
 * (classification against comparable validated findings, hypothesis status, ranking), with
 * synthetic findings that bear on a tenth as many hypotheses; a run adds findings the same way when
 * it applies a task's result.
 */
final class WorldModelBenchmark {

  private static final int QUERY_ITERATIONS = 2_000;

  private final PrintStream out;
  private final List<Integer> sizes;

  WorldModelBenchmark(PrintStream out, List<Integer> sizes) {
    this.out = out;
    this.sizes = sizes;
  }

  void run() {
    out.println("World model (the engine's, as InMemoryWorldModel; in memory, one thread)");
    List<List<String>> rows = new ArrayList<>();
    Map<Integer, double[]> summary = new LinkedHashMap<>();
    for (int n : sizes) {
      Measured m = measure(n);
      rows.addAll(m.rows());
      summary.put(n, m.summary());
    }
    TextTable.print(
        out, List.of("findings", "operation", "p50", "p99", "max", "heap retained"), rows);
    out.println();
    growth(summary);
  }

  /**
   * The figures of one size.
   *
   * @param rows the table's rows: adds, then each query
   * @param summary add p99, worst query p99, heap retained, total add time
   */
  private record Measured(List<List<String>> rows, double[] summary) {}

  /** Fills a world model with {@code n} findings, then queries it; the model is gone after. */
  private static Measured measure(int n) {
    long heapBefore = usedHeap();
    InMemoryWorldModel world = new InMemoryWorldModel(List.of());
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
    List<List<String>> rows = new ArrayList<>();
    rows.add(row(n, "add finding", add, heap));
    for (Map.Entry<String, long[]> e : queries.entrySet()) {
      rows.add(row(n, e.getKey(), e.getValue(), -1));
    }
    double worstQueryP99 =
        queries.values().stream().mapToDouble(v -> percentile(v, 0.99)).max().orElse(0);
    return new Measured(
        rows, new double[] {percentile(add, 0.99), worstQueryP99, heap, TextTable.sum(add)});
  }

  /** Each size against the one before: totals and heap should grow 10x, latencies stay flat. */
  private void growth(Map<Integer, double[]> summary) {
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
    TextTable.print(
        out,
        List.of(
            "sizes", "total add time", "add p99", "worst query p99", "heap", "heap per finding"),
        growth);
    out.println(
        "  Linear growth shows as 10x for totals and heap, and about 1x for per-operation"
            + " latencies.");
  }

  /** Times the queries planning and reporting make, interleaved, at random ids. */
  private static Map<String, long[]> queries(InMemoryWorldModel world, Random random, int n) {
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
      times.put(name, new long[QUERY_ITERATIONS]);
    }
    int sink = 0;
    for (int i = 0; i < QUERY_ITERATIONS; i++) {
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

  /** A finding as a data-analysis task makes one: statistics, a cited cell, a figure, a verdict. */
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

  private static List<String> row(int n, String op, long[] nanos, long heap) {
    return List.of(
        String.format(Locale.ROOT, "%,d", n),
        op,
        us(percentile(nanos, 0.50)),
        us(percentile(nanos, 0.99)),
        us(Arrays.stream(nanos).max().orElse(0)),
        heap < 0 ? "" : String.format(Locale.ROOT, "%.1f MB", heap / 1e6));
  }
}
