package io.kosmos.examples.cli;

import io.kosmos.api.Agents;
import io.kosmos.api.Executor;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.core.Kosmos;
import io.kosmos.core.WorkflowBuilder;
import io.kosmos.core.offline.OfflineScientist;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kosmos run}: the main job. Runs research cycles on data files with an objective, in the
 * Docker sandbox, printing progress, and writes the report. With no language model configured the
 * offline statistical scientist does the science.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description =
        "Run Kosmos on data files with a research objective: cycles of analyses in the Docker"
            + " sandbox, a world model of the findings, and a report that cites every claim."
            + " Needs no API key: the offline statistical scientist does the science.")
final class RunCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description = "Data files: CSV, TSV or Excel (first sheet); repeat or list several.")
  List<Path> data = new ArrayList<>();

  @Option(
      names = "--dictionary",
      paramLabel = "FILE",
      description =
          "A data dictionary: CSV with columns column,description[,dataset], or JSON. Default: a"
              + " file named like the data with .dictionary.csv or .dictionary.json, if there is"
              + " one.")
  List<Path> dictionaries = new ArrayList<>();

  @Option(
      names = "--objective",
      required = true,
      paramLabel = "TEXT",
      description = "The research objective, for example \"What drives disease progression?\".")
  String objective;

  @Option(
      names = "--cycles",
      defaultValue = "5",
      description = "Research cycles (default: ${DEFAULT-VALUE}).")
  int cycles;

  @Option(
      names = "--tasks",
      defaultValue = "10",
      description = "Most tasks per cycle (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "The run's directory (default: runs/<objective>-<timestamp>).")
  Path out;

  @Option(
      names = "--max-run-time",
      paramLabel = "DURATION",
      description = "Stop after this long, for example 30m or 2h; resume later with kosmos resume.")
  String maxRunTime;

  @Option(
      names = "--concurrency",
      defaultValue = "4",
      description = "Tasks run at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--max-data-size",
      defaultValue = "256m",
      paramLabel = "SIZE",
      description =
          "Largest data file accepted, for example 512m or 2g (default: ${DEFAULT-VALUE}).")
  String maxDataSize;

  @Option(
      names = "--no-setup",
      description =
          "If the sandbox is not ready, stop with the fix instead of running scripts/setup-sandbox.sh.")
  boolean noSetup;

  private final Map<String, String> environment;

  RunCommand() {
    this(System.getenv());
  }

  RunCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    if (cycles < 1 || tasks < 1 || concurrency < 1) {
      throw new InvalidInputException("--cycles, --tasks and --concurrency must be 1 or more");
    }
    long maxBytes = DataArguments.size(maxDataSize);
    List<Map<String, String>> dicts = DataArguments.dictionaries(data, dictionaries);
    for (int i = 0; i < data.size(); i++) {
      for (String w : OfflineScientist.inspect(data.get(i), dicts.get(i), maxBytes)) {
        o.println("warning: " + w);
      }
    }
    Path dir =
        out != null
            ? out
            : Path.of(
                "runs",
                DataArguments.slug(objective)
                    + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Duration limit = maxRunTime == null ? null : DataArguments.duration(maxRunTime);
    return execute(
        o,
        new Job(objective, data, dicts, dir, cycles, tasks, concurrency, limit, !noSetup),
        environment);
  }

  /**
   * A run to carry out (new or resumed).
   *
   * @param objective the objective
   * @param data the data files
   * @param dictionaries their dictionaries
   * @param dir the run directory
   * @param cycles total cycles
   * @param tasks most tasks per cycle
   * @param concurrency tasks at once
   * @param maxRunTime time limit, or {@code null}
   * @param allowSetup whether a missing sandbox may be set up
   */
  record Job(
      String objective,
      List<Path> data,
      List<Map<String, String>> dictionaries,
      Path dir,
      int cycles,
      int tasks,
      int concurrency,
      Duration maxRunTime,
      boolean allowSetup) {}

  /**
   * The team that does the science. Without a language model configured, the offline statistical
   * scientist (this is the one place to add another team).
   *
   * @param environment the process environment
   * @return the team
   */
  static Agents chooseAgents(Map<String, String> environment) {
    return OfflineScientist.agents();
  }

  static int execute(PrintWriter o, Job job, Map<String, String> environment) {
    Agents agents = chooseAgents(environment);
    o.println("Kosmos: " + agents.description());
    o.println("run directory: " + job.dir().toAbsolutePath());
    Progress progress = new Progress(o, job.cycles());
    try (Executor executor =
        new SandboxLauncher(environment).open(job.concurrency(), job.allowSetup(), o)) {
      WorkflowBuilder b =
          Kosmos.workflow()
              .objective(job.objective())
              .artifactsDir(job.dir())
              .executor(executor)
              .agents(agents)
              .maxConcurrentTasks(job.concurrency())
              .listener(progress);
      for (int i = 0; i < job.data().size(); i++) {
        b.dataset(job.data().get(i), job.dictionaries().get(i));
      }
      if (job.maxRunTime() != null) {
        b.maxRunTime(job.maxRunTime());
      }
      try (ResearchWorkflow workflow = b.build()) {
        progress.attach(workflow);
        ResearchResult result = workflow.run(job.cycles(), job.tasks());
        Path report = workflow.artifactsDir().resolve("report");
        progress.print("report: " + report.resolve("report.md"));
        progress.print("        " + report.resolve("report.html"));
        if (result.status() != RunStatus.COMPLETED) {
          o.println(
              "The run stopped early ("
                  + result.stopReason()
                  + "); continue it with: kosmos resume "
                  + workflow.artifactsDir());
        }
        return result.status() == RunStatus.FAILED ? 1 : 0;
      }
    }
  }
}
