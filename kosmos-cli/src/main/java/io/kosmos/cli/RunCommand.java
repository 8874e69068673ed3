package io.kosmos.cli;

import io.kosmos.api.Agents;
import io.kosmos.api.Executor;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.ResearchEvent;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.api.SkillLoader;
import io.kosmos.core.Kosmos;
import io.kosmos.core.WorkflowBuilder;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.llm.ModelConfig;
import io.kosmos.core.team.llm.LlmAgents;
import io.kosmos.core.team.offline.OfflineScientist;
import io.kosmos.core.validation.StatisticalValidator;
import io.kosmos.sandbox.KernelOptions;
import io.kosmos.sandbox.PackageOptions;
import io.kosmos.sandbox.SandboxConfig;
import io.micrometer.core.instrument.MeterRegistry;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kosmos run}: the main job. Runs research cycles on data files with an objective, in the
 * Docker sandbox, printing progress, and writes the report. With a language model configured (the
 * environment, or {@link ModelOptions}) the language model agents do the science; otherwise, or
 * with {@code --offline}, the offline statistical scientist does.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description =
        "Run Kosmos on data files with a research objective: cycles of analyses in the Docker"
            + " sandbox, a world model of the findings, and a report that cites every claim."
            + " With a language model configured (ANTHROPIC_API_KEY, OPENAI_API_KEY,"
            + " OPENAI_BASE_URL or --provider) the language model agents do the science; without"
            + " one, or with --offline, the offline statistical scientist does, with no API key."
            + " With --gateway URL the kernels run on Jupyter gateways instead of Docker.")
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

  @Mixin ModelOptions model = new ModelOptions();

  @Mixin TimeLimits timeLimits = new TimeLimits();

  @Mixin OperationsOptions operations = new OperationsOptions();

  @Mixin LiteratureOptions literature = new LiteratureOptions();

  @Mixin GatewayOptions gateways = new GatewayOptions();

  @Mixin PackageArguments packageArguments = new PackageArguments();
  @Mixin SkillOptions skills = new SkillOptions();

  private final Map<String, String> environment;

  RunCommand() {
    this(System.getenv());
  }

  RunCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    Console o = console(spec, operations, environment);
    if (cycles < 1 || tasks < 1 || concurrency < 1) {
      throw new InvalidInputException("--cycles, --tasks and --concurrency must be 1 or more");
    }
    TimeLimits.Chosen limits = timeLimits.choose(null, null);
    gateways.gateways(environment, o.writer()); // bad gateway options fail before anything starts
    long maxBytes = DataArguments.size(maxDataSize);
    List<Map<String, String>> dicts = DataArguments.dictionaries(data, dictionaries);
    for (int i = 0; i < data.size(); i++) {
      for (String w : OfflineScientist.inspect(data.get(i), dicts.get(i), maxBytes)) {
        o.warning(w);
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
        new Job(
            objective,
            data,
            dicts,
            dir,
            cycles,
            tasks,
            concurrency,
            limit,
            !noSetup,
            gateways,
            packageArguments.options(),
            skills.loader(o).orElse(null),
            literature.choice(),
            limits),
        environment,
        model,
        operations);
  }

  /**
   * Configures the log as the options ask and returns where the command speaks.
   *
   * @param spec the command
   * @param operations its operations options
   * @param environment the process environment
   * @return the console
   */
  static Console console(
      CommandLine.Model.CommandSpec spec,
      OperationsOptions operations,
      Map<String, String> environment) {
    Logs.Format format = operations.format();
    PrintWriter out = spec.commandLine().getOut();
    Logs.configure(format, out, spec.commandLine().getErr(), environment);
    return new Console(out, format);
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
   * @param gateways the gateways to run kernels on, if any given; else the local Docker sandbox
   * @param packages the packages the run starts with, what more may be installed, from where
   * @param skills where skills come from, or {@code null} for the shipped ones
   * @param literature the papers and literature sources to search
   * @param limits the cell and task time limits, {@code null} parts for the engine's defaults
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
      boolean allowSetup,
      GatewayOptions gateways,
      PackageOptions packages,
      SkillLoader skills,
      LiteratureChoice literature,
      TimeLimits.Chosen limits) {}

  /**
   * The team that does the science: the language model agents when a model is configured (by the
   * environment or the options) and {@code --offline} is not given, with the offline scientist's
   * {@link StatisticalValidator} combined with ScholarEval for findings that carry statistics; the
   * offline statistical scientist otherwise. This is the one place to add another team.
   *
   * @param environment the process environment
   * @param options the model options of the command
   * @param budget the run's budget, counted by every language model call
   * @return the team
   * @throws InvalidInputException if the model options or the environment are inconsistent
   */
  static Agents chooseAgents(Map<String, String> environment, ModelOptions options, Budget budget) {
    return ModelOptions.languageModelAgents(
            environment, options, budget, StatisticalValidator.create())
        .orElseGet(OfflineScientist::agents);
  }

  /**
   * The team that continues a run. A run keeps its team unless the command says otherwise: one the
   * offline scientist started stays offline when a model is configured only by the environment
   * (give {@code --provider} or {@code --model} to switch), and one the language model agents
   * started needs a model again (or {@code --offline} to switch).
   *
   * @param run the run directory
   * @param environment the process environment
   * @param options the model options of the command
   * @param budget the session's budget
   * @return the team
   * @throws InvalidInputException if the run needs a language model and none is configured
   */
  static Agents chooseAgentsToResume(
      RunDirectory run, Map<String, String> environment, ModelOptions options, Budget budget) {
    if (!run.byLanguageModel() && !options.namesModel()) {
      return OfflineScientist.agents();
    }
    Agents agents = chooseAgents(environment, options, budget);
    if (run.byLanguageModel()
        && !options.offline()
        && !agents.description().startsWith(LlmAgents.DESCRIPTION_PREFIX)) {
      throw new InvalidInputException(
          run.dir()
              + " was started by "
              + run.agents()
              + ", and no language model is configured now: set "
              + keyVariableOf(run.agents())
              + " (or give --provider, --model and --base-url) to continue it the same way, or"
              + " give --offline to continue it with the offline statistical scientist");
    }
    return agents;
  }

  /** The key variable of the provider a language model team's description names. */
  private static String keyVariableOf(String description) {
    String rest = description.substring(LlmAgents.DESCRIPTION_PREFIX.length());
    String provider = rest.split("[ ;)]", 2)[0];
    try {
      return ModelConfig.Provider.of(provider).keyVariable();
    } catch (RuntimeException e) {
      return "ANTHROPIC_API_KEY or OPENAI_API_KEY";
    }
  }

  static int execute(
      Console o,
      Job job,
      Map<String, String> environment,
      ModelOptions options,
      OperationsOptions operations) {
    Budget budget = options.budget();
    try (MetricsEndpoint metrics = operations.startEndpoint()) {
      options.meterRegistry = metrics == null ? null : metrics.registry();
      Agents agents = chooseAgents(environment, options, budget);
      return execute(
          o,
          job,
          environment,
          agents,
          budget,
          options.describe(environment),
          metrics,
          operations.lingerTime());
    }
  }

  /**
   * Where the run's kernels are: on the gateways given with {@code --gateway} (a pool, each cell
   * recorded in the run's {@code audit.jsonl} with the gateway and kernel it ran on), or in the
   * local Docker sandbox.
   */
  static Executor openExecutor(
      Job job,
      Map<String, String> environment,
      Console o,
      boolean awaitWarm,
      MeterRegistry registry) {
    if (!job.gateways().given()) {
      // Every execution of a run is audited, one JSON line each, beside its run.json.
      SandboxConfig config =
          SandboxLauncher.config(
              job.concurrency(), job.dir().resolve("audit.jsonl"), job.packages());
      return new SandboxLauncher(environment)
          .open(config, job.allowSetup(), o, awaitWarm, registry);
    }
    KernelOptions kernel =
        KernelOptions.builder()
            .warmupCode("%matplotlib inline\n" + SandboxLauncher.WARMUP_CODE)
            .auditLog(job.dir().toAbsolutePath().resolve("audit.jsonl"))
            .build();
    return job.gateways().open(environment, kernel, o.writer());
  }

  /**
   * Carries out a run with a team.
   *
   * @param o where progress goes
   * @param job the run
   * @param environment the process environment
   * @param agents the team
   * @param budget the run's budget (the team's calls count against it)
   * @param model which model the team uses and why, for the second line printed
   * @param metrics the metrics endpoint, or {@code null}
   * @param linger how long the endpoint keeps serving after the run
   * @return the exit code
   */
  static int execute(
      Console o,
      Job job,
      Map<String, String> environment,
      Agents agents,
      Budget budget,
      String model,
      MetricsEndpoint metrics,
      Duration linger) {
    o.line("Kosmos: " + agents.description());
    o.line(model);
    o.line("run directory: " + job.dir().toAbsolutePath());
    if (metrics != null) {
      o.line("metrics: " + metrics.url(), Map.of("metrics_url", metrics.url()));
    }
    try {
      return execute(o, job, environment, agents, budget, metrics);
    } finally {
      if (metrics != null) {
        metrics.linger(linger);
      }
    }
  }

  private static int execute(
      Console o,
      Job job,
      Map<String, String> environment,
      Agents agents,
      Budget budget,
      MetricsEndpoint metrics) {
    Progress progress = new Progress(o, job.cycles());
    try (Interruption interruption = Interruption.install(o, job.dir(), Interruption.SAVE_WAIT);
        Heartbeat heartbeat = Heartbeat.start(progress::print, job.cycles());
        LiteratureChoice.Opened literature = job.literature().open(environment, o);
        Executor executor =
            openExecutor(
                job,
                environment,
                o,
                !agents.description().startsWith(LlmAgents.DESCRIPTION_PREFIX),
                metrics == null ? null : metrics.registry())) {
      WorkflowBuilder b =
          Kosmos.workflow()
              .objective(job.objective())
              .artifactsDir(job.dir())
              .executor(executor)
              .agents(agents)
              .budget(budget)
              .maxConcurrentTasks(job.concurrency())
              .listener(progress)
              .listener(heartbeat)
              .listener(
                  e -> {
                    // kept once run.json exists: a directory without it is not a run to resume
                    if (e instanceof ResearchEvent.RunStarted) {
                      job.literature().save(job.dir());
                    }
                  });
      literature.sources().forEach(b::literatureSource);
      configure(b, job, metrics);
      try (ResearchWorkflow workflow = b.build()) {
        progress.attach(workflow);
        interruption.watch(workflow);
        ResearchResult result;
        try {
          result = workflow.run(job.cycles(), job.tasks());
        } catch (ModelAuthenticationException e) {
          // The engine stopped at once, wrote run.json and the report; say how to go on.
          Throwable provider = e.getCause() instanceof ModelAuthenticationException c ? c : e;
          throw new ModelAuthenticationException(
              provider.getMessage()
                  + " The run stopped at once with status FAILED; its report says so. Fix the key,"
                  + " then continue the run with: kosmos resume "
                  + workflow.artifactsDir(),
              e);
        }
        Path report = workflow.artifactsDir().resolve("report");
        progress.print("report: " + report.resolve("report.md"));
        progress.print("        " + report.resolve("report.html"));
        if (result.status() != RunStatus.COMPLETED && !interruption.interrupted()) {
          o.line(
              "The run stopped early ("
                  + result.stopReason()
                  + "); continue it with: kosmos resume "
                  + workflow.artifactsDir());
        }
        return result.status() == RunStatus.FAILED ? 1 : 0;
      }
    }
  }

  /** Gives the builder the job's data, limits, skills and the metrics registry. */
  private static void configure(WorkflowBuilder b, Job job, MetricsEndpoint metrics) {
    for (int i = 0; i < job.data().size(); i++) {
      b.dataset(job.data().get(i), job.dictionaries().get(i));
    }
    if (job.maxRunTime() != null) {
      b.maxRunTime(job.maxRunTime());
    }
    if (job.limits().cell() != null) {
      b.cellTimeout(job.limits().cell());
    }
    if (job.limits().task() != null) {
      b.taskTimeout(job.limits().task());
    }
    if (metrics != null) {
      b.meterRegistry(metrics.registry());
    }
    if (job.skills() != null) {
      b.skillLoader(job.skills());
    }
  }
}
