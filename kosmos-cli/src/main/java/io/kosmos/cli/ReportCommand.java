package io.kosmos.cli;

import io.kosmos.api.Agents;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
import io.kosmos.api.ExecutorInfo;
import io.kosmos.api.ResearchReport;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import io.kosmos.core.Kosmos;
import io.kosmos.core.WorkflowBuilder;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.team.offline.OfflineScientist;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code kosmos report DIR}: rebuilds a run's report (Markdown, HTML, JSON) from its directory,
 * with no sandbox: writing a report runs no code.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description =
        "Rebuild the report of a run from its directory (report/report.md, .html, .json); runs no"
            + " code and needs no sandbox.")
final class ReportCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The run directory.")
  Path dir;

  private final Map<String, String> environment;

  ReportCommand() {
    this(System.getenv());
  }

  ReportCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    RunDirectory run = RunDirectory.read(dir);
    WorkflowBuilder b =
        Kosmos.workflow()
            .objective(run.objective())
            .artifactsDir(dir)
            .executor(new NoExecution())
            .agents(reportAgents(run, environment));
    for (int i = 0; i < run.data().size(); i++) {
      b.dataset(run.data().get(i), run.dictionaries().get(i));
    }
    try (ResearchWorkflow workflow = b.build()) {
      ResearchReport report = workflow.report();
      var o = spec.commandLine().getOut();
      o.println("report: " + report.directory().resolve("report.md"));
      o.println("        " + report.directory().resolve("report.html"));
      o.println("        " + report.directory().resolve("report.json"));
      return 0;
    }
  }

  /**
   * The team whose report writer writes the synthesis if the saved one no longer matches the
   * findings (the report's "Produced by" line always comes from {@code run.json}): the language
   * model agents for a run they made, when a model is configured by the environment; the offline
   * scientist otherwise.
   */
  static Agents reportAgents(RunDirectory run, Map<String, String> environment) {
    if (!run.byLanguageModel()) {
      return OfflineScientist.agents();
    }
    return RunCommand.chooseAgents(environment, new ModelOptions(), Budget.unlimited());
  }

  /** The executor of a report rebuild: there is nothing to run. */
  static final class NoExecution implements Executor {
    @Override
    public ExecutionSession openSession(SessionOptions options) {
      throw new SandboxUnavailableException(
          "rebuilding a report runs no code; use kosmos resume to continue the run");
    }

    @Override
    public ExecutorInfo info() {
      return new ExecutorInfo("none", "report rebuild", Map.of());
    }

    @Override
    public void close() {}
  }
}
