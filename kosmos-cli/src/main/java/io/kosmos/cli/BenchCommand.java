package io.kosmos.cli;

import io.kosmos.cli.bench.EngineBenchmark;
import io.kosmos.cli.bench.GatewayBenchmark;
import io.kosmos.cli.bench.RunBenchmark;
import io.kosmos.cli.bench.SandboxBenchmark;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kosmos bench}: benchmarks that print figures; nothing is asserted ({@code sandbox} marks
 * each figure PASS or MISS against its target and exits 1 on a miss).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "Run a benchmark and print its figures.",
    subcommands = {
      BenchCommand.Engine.class,
      BenchCommand.Sandbox.class,
      BenchCommand.Gateways.class,
      BenchCommand.Run.class
    })
final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code kosmos bench engine}. */
  @Command(
      name = "engine",
      mixinStandardHelpOptions = true,
      usageHelpAutoWidth = true,
      description =
          "Engine overhead per task (a run with the MockExecutor and instant roles) and world"
              + " model add/query latency (p50, p99) and heap at 1,000, 10,000 and 100,000"
              + " findings.")
  static final class Engine implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--cycles",
        defaultValue = "20",
        description = "Cycles of the overhead run (default ${DEFAULT-VALUE}).")
    int cycles;

    @Option(
        names = "--tasks",
        defaultValue = "10",
        description = "Tasks per cycle (default ${DEFAULT-VALUE}).")
    int tasks;

    @Option(
        names = "--sizes",
        split = ",",
        defaultValue = "1000,10000,100000",
        description = "World model sizes, in findings (default ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--no-latency-check", description = "Skip the check run with 1 s tasks.")
    boolean noLatencyCheck;

    @Option(names = "--keep", paramLabel = "DIR", description = "Keep the runs' artifacts in DIR.")
    Path keep;

    @Override
    public Integer call() throws Exception {
      if (cycles < 1 || tasks < 1 || sizes.stream().anyMatch(s -> s < 1)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--cycles, --tasks and --sizes must be 1 or more");
      }
      PrintStream out =
          new PrintStream(
              new WriterOutputStream(spec.commandLine().getOut()), true, StandardCharsets.UTF_8);
      new EngineBenchmark(
              out, new EngineBenchmark.Options(cycles, tasks, sizes, !noLatencyCheck, keep))
          .run();
      out.flush();
      return 0;
    }
  }

  /** {@code kosmos bench sandbox}. */
  @Command(
      name = "sandbox",
      mixinStandardHelpOptions = true,
      usageHelpAutoWidth = true,
      description =
          "Cold start, pooled acquisition, trivial-cell round trip, 8-session throughput of the"
              + " Docker sandbox, and the same round trip with Python's jupyter_client.")
  static final class Sandbox implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--iterations", description = "Trivial cells timed (default ${DEFAULT-VALUE}).")
    int iterations = 200;

    @Option(names = "--cold-starts", description = "Cold starts timed (default ${DEFAULT-VALUE}).")
    int coldStarts = 5;

    @Option(
        names = "--acquisitions",
        description = "Pooled acquisitions timed (default ${DEFAULT-VALUE}).")
    int acquisitions = 20;

    @Option(names = "--parallel", description = "Parallel sessions (default ${DEFAULT-VALUE}).")
    int parallel = 8;

    @Option(
        names = "--cells-per-session",
        description = "Cells per parallel session (default ${DEFAULT-VALUE}).")
    int cellsPerSession = 50;

    @Override
    public Integer call() {
      if (iterations < 2
          || coldStarts < 1
          || acquisitions < 1
          || parallel < 1
          || cellsPerSession < 1) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--iterations must be 2 or more; the other counts 1 or more");
      }
      SandboxBenchmark.Options options =
          new SandboxBenchmark.Options(
              iterations, coldStarts, acquisitions, parallel, cellsPerSession);
      return new SandboxBenchmark(options, spec.commandLine().getOut()).run() ? 0 : 1;
    }
  }

  /** {@code kosmos bench gateways}. */
  @Command(
      name = "gateways",
      mixinStandardHelpOptions = true,
      usageHelpAutoWidth = true,
      description =
          "Start Jupyter Servers from the executor image on this machine (each its own address)"
              + " and measure the gateway pool with 1, 2 and 3 of them: trivial cells/s and task"
              + " throughput, then the time to detect a killed or frozen gateway and to have its"
              + " tasks running elsewhere. One machine shows the pool's overhead, not a speed-up.")
  static final class Gateways implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--gateways", description = "Jupyter Servers (default ${DEFAULT-VALUE}).")
    int gateways = 3;

    @Option(names = "--concurrency", description = "Parallel sessions (default ${DEFAULT-VALUE}).")
    int concurrency = 4;

    @Option(names = "--cells", description = "Trivial cells timed (default ${DEFAULT-VALUE}).")
    int cells = 400;

    @Option(names = "--tasks", description = "Tasks timed (default ${DEFAULT-VALUE}).")
    int tasks = 16;

    @Option(
        names = "--cells-per-task",
        description = "Cells of each task, 3 or more (default ${DEFAULT-VALUE}).")
    int cellsPerTask = 5;

    @Option(names = "--no-failover", description = "Skip the kill and freeze measurements.")
    boolean noFailover;

    @Override
    public Integer call() {
      if (gateways < 1 || concurrency < 1 || cells < 1 || tasks < 1 || cellsPerTask < 3) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--gateways, --concurrency, --cells and --tasks must be 1 or more, --cells-per-task 3"
                + " or more");
      }
      new GatewayBenchmark(
              new GatewayBenchmark.Options(
                  gateways, concurrency, cells, tasks, cellsPerTask, !noFailover),
              spec.commandLine().getOut())
          .run();
      return 0;
    }
  }

  /** {@code kosmos bench run}. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      usageHelpAutoWidth = true,
      description =
          "Time the README's main job (offline scientist, --literature off, default options) and"
              + " a 5-cycle run on a larger generated dataset (50,000 rows x 30 columns), say"
              + " where the time went (cells, opening sessions, waiting for a slot, phases, peak"
              + " heap), measure the sandbox's cold start, pooled acquisition and trivial cell, and"
              + " print PASS or MISS per target. Exits 0 on a MISS. With --baseline, a run of the"
              + " main job by an older build is printed beside it and the findings are compared;"
              + " with --analyse, existing runs are read and nothing runs.")
  static final class Run implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    Run() {
      this(System.getenv());
    }

    Run(Map<String, String> environment) {
      this.environment = environment;
    }

    @Option(
        names = "--analyse",
        paramLabel = "RUN_DIR",
        description = "Print the figures of this finished run and run nothing.")
    Path analyse;

    @Option(
        names = "--baseline",
        paramLabel = "RUN_DIR",
        description =
            "A run of the main job by an older build: its figures print beside the new ones and"
                + " its findings are compared (ids and statistics to 3 significant digits).")
    Path baseline;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Where the runs go (default: runs/bench-<timestamp>).")
    Path out;

    @Option(
        names = "--data",
        paramLabel = "FILE",
        description =
            "The main job's data (default: kosmos-examples/data/diabetes.csv under KOSMOS_HOME or"
                + " the working directory).")
    Path data;

    @Option(
        names = "--objective",
        paramLabel = "TEXT",
        description = "The main job's objective (default: the README's).")
    String objective = "What drives disease progression in this cohort?";

    @Option(names = "--cycles", description = "The main job's cycles (default ${DEFAULT-VALUE}).")
    int cycles = 5;

    @Option(
        names = "--large-rows",
        description = "Rows of the larger dataset; 0 skips it (default ${DEFAULT-VALUE}).")
    int largeRows = 50_000;

    @Option(
        names = "--large-cycles",
        description = "Cycles of the larger run (default ${DEFAULT-VALUE}).")
    int largeCycles = 5;

    @Option(
        names = "--no-sandbox",
        description = "Skip the cold start, acquisition and round-trip measurements.")
    boolean noSandbox;

    @Override
    public Integer call() {
      if (cycles < 1 || largeCycles < 1 || largeRows < 0 || (largeRows > 0 && largeRows < 100)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--cycles and --large-cycles must be 1 or more, --large-rows 0 (skip) or 100 or more");
      }
      if (analyse != null && out != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--analyse reads an existing run and runs nothing; drop --out");
      }
      PrintWriter writer = spec.commandLine().getOut();
      Path dir =
          out != null
              ? out
              : Path.of(
                  "runs",
                  "bench-"
                      + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
      RunBenchmark.Options options =
          new RunBenchmark.Options(
              dir,
              data != null ? data : defaultData(),
              objective,
              cycles,
              largeRows,
              largeCycles,
              !noSandbox,
              baseline);
      RunBenchmark bench = new RunBenchmark(options, writer, this::kosmos);
      if (analyse != null) {
        return bench.analyse(analyse);
      }
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + dir, e);
      }
      return bench.run();
    }

    private Path defaultData() {
      Path relative = Path.of("kosmos-examples", "data", "diabetes.csv");
      String home = environment.get("KOSMOS_HOME");
      if (home != null && Files.isRegularFile(Path.of(home).resolve(relative))) {
        return Path.of(home).resolve(relative);
      }
      return relative;
    }

    /** Runs a {@code kosmos} command in this JVM, its output to {@code log}. */
    private int kosmos(List<String> args, Path log) {
      Map<String, String> env = new HashMap<>(environment);
      env.put("KOSMOS_LITERATURE", "off");
      try (PrintWriter w =
          new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
        CommandLine cli = KosmosCli.newCommandLine(env);
        cli.setOut(w);
        cli.setErr(w);
        return cli.execute(args.toArray(String[]::new));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + log, e);
      }
    }
  }

  /** Bridges picocli's writer to the benchmark's stream. */
  private static final class WriterOutputStream extends java.io.OutputStream {
    private final java.io.PrintWriter writer;
    private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();

    WriterOutputStream(java.io.PrintWriter writer) {
      this.writer = writer;
    }

    @Override
    public void write(int b) {
      buffer.write(b);
      if (b == '\n') {
        flush();
      }
    }

    @Override
    public void flush() {
      writer.print(buffer.toString(StandardCharsets.UTF_8));
      writer.flush();
      buffer.reset();
    }
  }
}
