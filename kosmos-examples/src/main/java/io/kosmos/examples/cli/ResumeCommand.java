package io.kosmos.examples.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kosmos resume DIR}: continues a run that stopped (killed, out of time, cancelled) from its
 * last completed task, with the objective, data and options recorded in its {@code run.json}.
 */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description =
        "Continue a stopped run from its directory: the objective, data and options come from its"
            + " run.json; no finding is lost or repeated.")
final class ResumeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The run directory.")
  Path dir;

  @Option(
      names = "--cycles",
      description = "Total cycles the run should have (default: as the run was started).")
  Integer cycles;

  @Option(
      names = "--max-run-time",
      paramLabel = "DURATION",
      description = "Stop this session after this long, for example 30m.")
  String maxRunTime;

  @Option(
      names = "--no-setup",
      description = "If the sandbox is not ready, stop with the fix instead of setting it up.")
  boolean noSetup;

  private final Map<String, String> environment;

  ResumeCommand() {
    this(System.getenv());
  }

  ResumeCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    RunDirectory run = RunDirectory.read(dir);
    var o = spec.commandLine().getOut();
    o.println("resuming " + dir.toAbsolutePath() + " (status " + run.status() + ")");
    return RunCommand.execute(
        o,
        new RunCommand.Job(
            run.objective(),
            run.data(),
            run.dictionaries(),
            dir,
            cycles != null ? cycles : run.cycles(),
            run.tasks(),
            run.concurrency(),
            maxRunTime != null ? DataArguments.duration(maxRunTime) : run.maxRunTime(),
            !noSetup),
        environment);
  }
}
