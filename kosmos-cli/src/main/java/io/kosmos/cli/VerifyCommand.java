package io.kosmos.cli;

import io.kosmos.api.Executor;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.Verification;
import io.kosmos.core.Kosmos;
import io.kosmos.core.WorkflowBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kosmos verify DIR}: re-executes every cited cell of a finished run in a fresh sandbox,
 * checks every number of every report statement against what the cells print again, prints a table,
 * saves the result with the report (which then shows it) and exits 1 when anything was not
 * reproduced.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description =
        "Re-execute every cited cell of a finished run in a fresh sandbox and check that every"
            + " number in every report statement is reproduced (within its printed precision)."
            + " Prints a table; exits 1 on any mismatch.")
final class VerifyCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The run directory.")
  Path dir;

  @Option(
      names = "--concurrency",
      defaultValue = "2",
      description = "Notebooks re-executed at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--no-setup", description = "Do not set up a missing sandbox.")
  boolean noSetup;

  @Option(names = "--all", description = "List every number checked, not only those that failed.")
  boolean all;

  private final Map<String, String> environment;

  VerifyCommand() {
    this(System.getenv());
  }

  VerifyCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    if (concurrency < 1) {
      throw new io.kosmos.api.InvalidInputException("--concurrency must be 1 or more");
    }
    PrintWriter o = spec.commandLine().getOut();
    RunDirectory run = RunDirectory.read(dir);
    long start = System.nanoTime();
    Verification v;
    try (Executor executor = executor(run, o)) {
      WorkflowBuilder b =
          Kosmos.workflow()
              .objective(run.objective())
              .artifactsDir(dir)
              .executor(executor)
              .maxConcurrentTasks(concurrency)
              .agents(ReportCommand.reportAgents(run, environment));
      for (int i = 0; i < run.data().size(); i++) {
        b.dataset(run.data().get(i), run.dictionaries().get(i));
      }
      try (ResearchWorkflow workflow = b.build()) {
        o.println(
            "Verifying run "
                + workflow.runId()
                + ": re-executing its cited cells in a fresh sandbox ("
                + executor.info().name()
                + ", "
                + executor.info().environment()
                + ")");
        o.flush();
        v = workflow.verify();
      }
    }
    print(v, o);
    o.printf(Locale.ROOT, "         %.0f s%n", (System.nanoTime() - start) / 1e9);
    o.println("report: " + dir.resolve("report").resolve("report.md") + " (shows this result)");
    return v.passed() ? 0 : 1;
  }

  /**
   * The executor the cells run again in: the Docker sandbox, pinned to the environment the run
   * recorded (the same image, or the same locked packages built again), so that a run that
   * installed packages is verified with them and with nothing else.
   */
  Executor executor(RunDirectory run, PrintWriter o) {
    return new SandboxLauncher(environment)
        .openForRun(run.dir(), concurrency, !noSetup, Console.plain(o));
  }

  /** The table: one row per statement, then every number that was not reproduced, then totals. */
  void print(Verification v, PrintWriter o) {
    Map<String, int[]> rows = new LinkedHashMap<>();
    Map<String, String> sections = new LinkedHashMap<>();
    for (Verification.NumberCheck n : v.numbers()) {
      String key = n.section() + "|" + n.statement();
      sections.put(key, n.section());
      int[] c = rows.computeIfAbsent(key, k -> new int[2]);
      c[0]++;
      if (n.status() == Verification.Status.REPRODUCED) {
        c[1]++;
      }
    }
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"section", "statement", "numbers", "reproduced"});
    rows.forEach(
        (key, c) ->
            table.add(
                new String[] {
                  sections.get(key),
                  clip(key.substring(key.indexOf('|') + 1), 70),
                  Integer.toString(c[0]),
                  c[0] == c[1] ? Integer.toString(c[1]) : c[1] + "  MISMATCH"
                }));
    printTable(table, o);
    List<Verification.NumberCheck> shown =
        v.numbers().stream()
            .filter(n -> all || n.status() != Verification.Status.REPRODUCED)
            .toList();
    if (!shown.isEmpty()) {
      o.println();
      o.println(all ? "Every number:" : "Not reproduced:");
      for (Verification.NumberCheck n : shown) {
        o.println(
            "  "
                + n.status()
                + "  "
                + n.section()
                + ": "
                + n.number()
                + " in \""
                + clip(n.statement(), 60)
                + "\": "
                + n.source());
      }
    }
    List<Verification.CellCheck> badCells =
        v.cells().stream().filter(c -> c.status() != Verification.Status.REPRODUCED).toList();
    if (!badCells.isEmpty()) {
      o.println();
      o.println("Cells not reproduced:");
      for (Verification.CellCheck c : badCells) {
        o.println("  " + c.status() + "  " + c.cell() + ": " + c.detail());
      }
    }
    o.println();
    long cells = v.cellsReproduced();
    long numbers = v.numbersReproduced();
    o.printf(
        Locale.ROOT,
        "Cells:   %d of %d cited cells re-executed with the same output%n",
        cells,
        v.cells().size());
    o.printf(
        Locale.ROOT,
        "Numbers: %d of %d reproduced (%.1f%%)%n",
        numbers,
        v.numbers().size(),
        v.numbers().isEmpty() ? 100.0 : 100.0 * numbers / v.numbers().size());
    o.println(
        v.passed()
            ? "RESULT: every number reproduced"
            : "RESULT: MISMATCH: the report states numbers its cells do not reproduce");
  }

  private static void printTable(List<String[]> table, PrintWriter o) {
    int[] width = new int[table.getFirst().length];
    for (String[] r : table) {
      for (int c = 0; c < r.length; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    for (int i = 0; i < table.size(); i++) {
      String[] r = table.get(i);
      o.printf(
          Locale.ROOT,
          "%-" + width[0] + "s  %-" + width[1] + "s  %" + width[2] + "s  %s%n",
          r[0],
          r[1],
          r[2],
          r[3]);
      if (i == 0) {
        o.println("-".repeat(width[0] + width[1] + width[2] + 16));
      }
    }
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
