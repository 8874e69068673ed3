package io.kosmos.cli;

import io.kosmos.cli.bench.EngineBenchmark;
import io.kosmos.cli.bench.GatewayBenchmark;
import io.kosmos.cli.bench.SandboxBenchmark;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
      BenchCommand.Gateways.class
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
