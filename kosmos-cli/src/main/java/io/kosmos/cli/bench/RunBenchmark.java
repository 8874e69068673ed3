package io.kosmos.cli.bench;

import io.kosmos.api.InvalidInputException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code kosmos bench run}: times whole runs of the offline scientist, the way a user runs it, and
 * says where their time went. It runs the README's main job (the example diabetes data, the
 * README's objective, default options, {@code --literature off}) and a run of five cycles on a
 * larger generated dataset ({@link LargeDataset}), reads each finished run's own files ({@link
 * RunAnalysis}), measures the sandbox's cold start, pooled acquisition and trivial-cell round trip
 * ({@link SandboxBenchmark#core()}), and prints every figure with PASS or MISS against the targets
 * of issue 18. With a baseline run (the same job made by an older build) it prints that run's
 * figures beside the new ones and checks that the findings are identical ({@link
 * FindingComparison}). A MISS is said plainly but is no failure of the command: timings on a shared
 * machine vary, and the benchmark exists to be read.
 */
public final class RunBenchmark {

  /** Runs the {@code kosmos} command line in this JVM and returns its exit code. */
  @FunctionalInterface
  public interface Kosmos {
    /**
     * Runs one command.
     *
     * @param args the arguments, for example {@code run --data ...}
     * @param log where the command's output goes
     * @return its exit code
     */
    int run(List<String> args, Path log);
  }

  /**
   * What to run.
   *
   * @param out where the runs, the generated data and the logs go
   * @param data the main job's data file
   * @param objective the main job's objective
   * @param cycles the main job's cycles (the README's default is 5)
   * @param largeRows rows of the larger dataset, 0 to skip it
   * @param largeCycles cycles of the larger run
   * @param sandbox whether to measure cold start, acquisition and round trip
   * @param baseline a run of the main job by an older build to compare with, or {@code null}
   */
  public record Options(
      Path out,
      Path data,
      String objective,
      int cycles,
      int largeRows,
      int largeCycles,
      boolean sandbox,
      Path baseline) {}

  /** The targets of issue 18. */
  static final long MAIN_WALL_MS = 60_000;

  static final double CELL_SHARE = 0.80;
  static final long LARGE_WALL_MS = 300_000;
  static final long LARGE_HEAP_BYTES = 512L << 20;
  static final double COLD_START_MS = 1000;
  static final double ACQUISITION_MS = 5;
  static final double ROUND_TRIP_RATIO = 0.8;

  private final Options options;
  private final PrintWriter out;
  private final Kosmos kosmos;
  private final List<List<String>> targets = new ArrayList<>();

  /**
   * Prepares a benchmark.
   *
   * @param options what to run
   * @param out where the figures go
   * @param kosmos runs the command line
   */
  public RunBenchmark(Options options, PrintWriter out, Kosmos kosmos) {
    this.options = options;
    this.out = out;
    this.kosmos = kosmos;
  }

  /**
   * A finished job: its figures and what the benchmark saw of it.
   *
   * @param figures the run's figures
   * @param measuredMs the command's wall time as the benchmark saw it
   * @param peakHeapBytes the largest heap in use while it ran (sampled), or -1
   */
  record Job(RunFigures figures, long measuredMs, long peakHeapBytes) {}

  /**
   * Runs the jobs and prints everything.
   *
   * @return the exit code: 0 once everything ran, whatever PASS or MISS
   */
  public int run() {
    out.printf(
        Locale.ROOT,
        "Kosmos run benchmark: %d cores, %d MB max heap, Java %s; load before: %s%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.version(),
        load());
    out.flush();
    RunFigures baseline = options.baseline() == null ? null : RunAnalysis.read(options.baseline());
    Job main =
        job(
            "main job",
            options.data(),
            options.objective(),
            options.cycles(),
            options.out().resolve("main"));
    Job large = null;
    if (options.largeRows() > 0) {
      Path csv = options.out().resolve("large.csv");
      say("writing the larger dataset (" + options.largeRows() + " rows) to " + csv + " ...");
      LargeDataset.write(csv, options.largeRows());
      large =
          job(
              "larger dataset",
              csv,
              LargeDataset.OBJECTIVE,
              options.largeCycles(),
              options.out().resolve("large"));
    }
    SandboxBenchmark.Core core = null;
    if (options.sandbox()) {
      say("measuring the sandbox (cold start, pooled acquisition, trivial cell) ...");
      core = new SandboxBenchmark(new SandboxBenchmark.Options(200, 5, 20, 1, 1), out).core();
    }
    out.println();
    List<String> names = new ArrayList<>();
    List<Job> jobs = new ArrayList<>();
    if (baseline != null) {
      names.add("baseline");
      jobs.add(new Job(baseline, -1, -1));
    }
    names.add("main job");
    jobs.add(main);
    if (large != null) {
      names.add("larger dataset");
      jobs.add(large);
    }
    RunPrinter.figures(out, names, jobs);
    if (baseline != null) {
      RunPrinter.comparison(out, FindingComparison.of(baseline, main.figures()));
    }
    mainTargets(main);
    if (large != null) {
      largeTargets(large);
    }
    if (core != null) {
      sandboxTargets(core);
    }
    RunPrinter.targets(out, targets, load());
    return 0;
  }

  /**
   * Prints the figures of existing run directories without running anything: one run, or a run and
   * its baseline side by side with the findings compared.
   *
   * @param run the run directory
   * @return the exit code, 0
   */
  public int analyse(Path run) {
    RunFigures figures = RunAnalysis.read(run);
    List<String> names = new ArrayList<>();
    List<Job> jobs = new ArrayList<>();
    RunFigures baseline = null;
    if (options.baseline() != null) {
      baseline = RunAnalysis.read(options.baseline());
      names.add("baseline");
      jobs.add(new Job(baseline, -1, -1));
    }
    names.add(run.getFileName() == null ? run.toString() : run.getFileName().toString());
    jobs.add(new Job(figures, -1, -1));
    RunPrinter.figures(out, names, jobs);
    if (baseline != null) {
      RunPrinter.comparison(out, FindingComparison.of(baseline, figures));
    }
    share("this run", figures);
    RunPrinter.targets(out, targets, load());
    return 0;
  }

  /** What a user waits for: the command's wall time (the pool's warm-up too), else run.json's. */
  private static long wall(Job job) {
    return job.measuredMs() >= 0 ? job.measuredMs() : job.figures().wallMs();
  }

  private void largeTargets(Job large) {
    long wall = wall(large);
    target(
        "larger dataset: a " + options.largeCycles() + "-cycle run <= 5 min",
        RunPrinter.seconds(wall),
        wall > 0 && wall <= LARGE_WALL_MS);
    share("larger dataset", large.figures());
    target(
        "larger dataset: peak JVM heap <= 512 MB",
        RunPrinter.megabytes(large.peakHeapBytes()),
        large.peakHeapBytes() > 0 && large.peakHeapBytes() <= LARGE_HEAP_BYTES);
  }

  private void sandboxTargets(SandboxBenchmark.Core core) {
    target(
        "cold start p50 < 1 s",
        RunPrinter.ms(core.coldStartP50())
            + " ("
            + RunPrinter.ms(core.coldStartNextP50())
            + " while the previous container is removed)",
        core.coldStartP50() < COLD_START_MS);
    target(
        "pooled acquisition p50 < 5 ms",
        RunPrinter.ms(core.acquisitionP50()),
        core.acquisitionP50() < ACQUISITION_MS);
    double ratio = core.javaRoundTripP50() / core.jupyterClientP50();
    target(
        "trivial cell p50 <= 0.8 x jupyter_client's",
        String.format(
            Locale.ROOT,
            "%s / %s = %.2f",
            RunPrinter.ms(core.javaRoundTripP50()),
            RunPrinter.ms(core.jupyterClientP50()),
            ratio),
        ratio <= ROUND_TRIP_RATIO);
  }

  private void mainTargets(Job main) {
    long wall = wall(main);
    target(
        "main job: wall time <= 60 s", RunPrinter.seconds(wall), wall > 0 && wall <= MAIN_WALL_MS);
    share("main job", main.figures());
  }

  private void share(String what, RunFigures f) {
    double share = f.cellShare();
    target(
        what + ": time in cells >= 80% of task time",
        share < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * share),
        share >= CELL_SHARE);
  }

  private void target(String name, String value, boolean pass) {
    targets.add(List.of(name, value, pass ? "PASS" : "MISS"));
  }

  private Job job(String name, Path data, String objective, int cycles, Path dir) {
    if (!Files.isRegularFile(data)) {
      throw new InvalidInputException(
          "the " + name + "'s data " + data + " is not there; give it with --data FILE");
    }
    if (Files.exists(dir)) {
      throw new InvalidInputException(
          dir + " exists already; give another --out DIR (the benchmark does not overwrite runs)");
    }
    Path log = dir.resolveSibling(dir.getFileName() + ".log");
    say(
        String.format(
            Locale.ROOT,
            "running the %s (%d cycles) into %s; its output goes to %s ...",
            name,
            cycles,
            dir,
            log));
    List<String> args =
        List.of(
            "run",
            "--offline",
            "--literature",
            "off",
            "--data",
            data.toString(),
            "--objective",
            objective,
            "--cycles",
            Integer.toString(cycles),
            "--out",
            dir.toString());
    HeapSampler heap = new HeapSampler();
    long t0 = System.nanoTime();
    int code;
    try {
      code = kosmos.run(args, log);
    } finally {
      heap.stop();
    }
    long measured = (System.nanoTime() - t0) / 1_000_000;
    if (code != 0 || !Files.isRegularFile(dir.resolve("run.json"))) {
      throw new IllegalStateException(
          "the " + name + " failed (exit " + code + "); see its output in " + log);
    }
    RunFigures figures = RunAnalysis.read(dir);
    say(
        String.format(
            Locale.ROOT,
            "  done in %s: %d tasks, %d findings",
            RunPrinter.seconds(measured),
            figures.tasks(),
            figures.findings().size()));
    return new Job(figures, measured, heap.peak());
  }

  private void say(String line) {
    out.println(line);
    out.flush();
  }

  private static String load() {
    try {
      return String.format(
          Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    } catch (RuntimeException e) {
      return "n/a";
    }
  }

  /**
   * Samples the heap in use every 20 ms while a job runs (a garbage collection may hide a short
   * peak between two samples, so this is a lower bound within a few MB).
   */
  private static final class HeapSampler {
    private final AtomicLong peak = new AtomicLong(-1);
    private final Thread thread;
    private volatile boolean running = true;

    HeapSampler() {
      System.gc();
      thread =
          Thread.ofPlatform()
              .daemon()
              .name("kosmos-bench-heap")
              .start(
                  () -> {
                    var memory = ManagementFactory.getMemoryMXBean();
                    while (running) {
                      peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                      try {
                        Thread.sleep(20);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
    }

    void stop() {
      running = false;
      thread.interrupt();
    }

    long peak() {
      return peak.get();
    }
  }
}
