package io.kosmos.cli;

import io.kosmos.api.Agents;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.team.llm.LlmAgents;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kosmos resume DIR}: continues a run that stopped (killed, out of time, cancelled, a
 * rejected key) from its last completed task, with the objective, data and options recorded in its
 * {@code run.json}, and with the team that started it unless the options say otherwise.
 */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description =
        "Continue a stopped run from its directory: the objective, data and options come from its"
            + " run.json; no finding is lost or repeated. A run keeps its team: one started with a"
            + " language model needs it configured again (or --offline), and its papers and"
            + " literature sources unless --papers or --literature say otherwise.")
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

  @Mixin ModelOptions model = new ModelOptions();

  @Mixin TimeLimits timeLimits = new TimeLimits();

  @Mixin OperationsOptions operations = new OperationsOptions();

  @Mixin LiteratureOptions literature = new LiteratureOptions();

  @Mixin GatewayOptions gateways = new GatewayOptions();

  @Mixin PackageArguments packageArguments = new PackageArguments();
  @Mixin SkillOptions skills = new SkillOptions();

  private final Map<String, String> environment;

  ResumeCommand() {
    this(System.getenv());
  }

  ResumeCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    Console o = RunCommand.console(spec, operations, environment);
    RunDirectory run = RunDirectory.read(dir);
    gateways.gateways(environment, o.writer()); // bad gateway options fail before anything starts
    o.line("resuming " + dir.toAbsolutePath() + " (status " + run.status() + ")");
    Budget budget = model.budget();
    try (MetricsEndpoint metrics = operations.startEndpoint()) {
      model.meterRegistry = metrics == null ? null : metrics.registry();
      return resume(o, run, budget, metrics);
    }
  }

  private int resume(Console o, RunDirectory run, Budget budget, MetricsEndpoint metrics) {
    Agents agents = RunCommand.chooseAgentsToResume(run, environment, model, budget);
    String modelLine =
        agents.description().startsWith(LlmAgents.DESCRIPTION_PREFIX) || model.offline()
            ? model.describe(environment)
            : "no language model: the offline statistical scientist started this run (give"
                + " --provider or --model to continue it with a language model)";
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
            !noSetup,
            gateways,
            packageArguments.forRun(dir),
            skills.loader(o).orElse(null),
            literature.choice().or(LiteratureChoice.saved(dir)),
            timeLimits.choose(run.cellTimeout(), run.taskTimeout())),
        environment,
        agents,
        budget,
        modelLine,
        metrics,
        operations.lingerTime());
  }
}
