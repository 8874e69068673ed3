package io.kosmos.examples.cli;

import io.kosmos.examples.bench.SandboxBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kosmos bench}: benchmarks, one subcommand each. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "Measure Kosmos on this machine and compare with the targets.",
    subcommands = {BenchCommand.Sandbox.class})
final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
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
    public Integer call() throws Exception {
      SandboxBenchmark.Options options =
          new SandboxBenchmark.Options(
              iterations, coldStarts, acquisitions, parallel, cellsPerSession);
      return new SandboxBenchmark(options, spec.commandLine().getOut()).run() ? 0 : 1;
    }
  }
}
