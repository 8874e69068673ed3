package io.kosmos.cli;

import io.kosmos.api.Executor;
import io.kosmos.cli.eval.PlantedEvaluation;
import io.kosmos.cli.eval.PlantedQuestions;
import io.kosmos.cli.eval.QuestionEvaluation;
import io.kosmos.cli.eval.QuestionReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kosmos eval}: measurements of the science Kosmos does. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "Measure the quality of Kosmos's discoveries on data with known answers.",
    subcommands = {EvalCommand.Planted.class})
final class EvalCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code kosmos eval planted}: for each seed, generates data with planted effects of known size,
   * a planted confounder and noise columns, runs the offline scientist on it end to end in the
   * sandbox, and prints planted-effect recall and the false discovery proportion, per seed and
   * overall, against the targets (recall at least 0.9, false discovery proportion at most 0.1);
   * then, for each question dataset ({@link PlantedQuestions}), whether the report's answer says
   * what was planted, whether an identifier was tested, and the false discovery proportion pooled
   * over them (targets: 9 of 10 seeds answered, none, at most 0.05).
   */
  @Command(
      name = "planted",
      mixinStandardHelpOptions = true,
      usageHelpAutoWidth = true,
      description =
          "Run the offline scientist on generated data with planted effects (|r| 0.2 to 0.6), a"
              + " planted confounder and noise columns, and print recall of the planted effects and"
              + " the false discovery proportion over seeds. Exit 0 when both targets are met.")
  static final class Planted implements Callable<Integer> {

    static final double RECALL_TARGET = 0.9;
    static final double FDP_TARGET = 0.1;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--seeds",
        defaultValue = "10",
        description = "Seeds 1..N (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(
        names = "--n",
        defaultValue = "1000",
        description = "Rows per dataset (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(
        names = "--cycles",
        defaultValue = "3",
        description = "Cycles per run (default: ${DEFAULT-VALUE}).")
    int cycles;

    @Option(
        names = "--tasks",
        defaultValue = "10",
        description = "Tasks per cycle (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(
        names = "--concurrency",
        defaultValue = "4",
        description = "Tasks at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Where the data and runs go (default: runs/eval-planted-<timestamp>).")
    Path out;

    @Option(names = "--no-setup", description = "Do not set up a missing sandbox.")
    boolean noSetup;

    @Option(
        names = "--datasets",
        defaultValue = "all",
        split = ",",
        description =
            "Which datasets: drivers (the original), binary, ushape, interaction, mediator,"
                + " semicolon, panel, or all (default: ${DEFAULT-VALUE}).")
    List<String> datasets;

    @Option(
        names = "--question-cycles",
        defaultValue = "2",
        description = "Cycles per run of a question dataset (default: ${DEFAULT-VALUE}).")
    int questionCycles;

    private final Map<String, String> environment;

    Planted() {
      this(System.getenv());
    }

    Planted(Map<String, String> environment) {
      this.environment = environment;
    }

    @Override
    public Integer call() {
      PrintWriter o = spec.commandLine().getOut();
      if (seeds < 1 || n < 50 || cycles < 1 || tasks < 1) {
        throw new io.kosmos.api.InvalidInputException(
            "--seeds, --cycles and --tasks must be 1 or more, and --n at least 50");
      }
      Path dir =
          out != null
              ? out
              : Path.of(
                  "runs",
                  "eval-planted-"
                      + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
      o.printf(
          Locale.ROOT,
          "Planted-effect evaluation: %d seed(s), n = %d, %d cycle(s) x %d task(s), runs in %s%n",
          seeds,
          n,
          cycles,
          tasks,
          dir.toAbsolutePath());
      o.println(
          "drivers: x1, x2, x3, z, g, c -> outcome (r = 0.5, 0.3, 0.2, 0.4, 0.25, 0.245), z -> a (r"
              + " = 0.6); a ~ outcome only through z (confounded); n1..n5 noise; id set aside."
              + " Question datasets: a binary outcome, a U-shape, an interaction, a confounder and"
              + " a mediator, a semicolon/decimal-comma file, a wide panel; 10% missing values;"
              + " id, date, text and constant columns.");
      o.flush();
      long start = System.nanoTime();
      List<String> chosen = chosen();
      boolean met = true;
      try (Executor executor =
          new SandboxLauncher(environment).open(concurrency, !noSetup, Console.plain(o))) {
        if (chosen.contains("drivers")) {
          met = printOverall(runSeeds(dir, o, executor), o);
        }
        List<QuestionEvaluation.Result> questions = new ArrayList<>();
        List<PlantedQuestions.Scenario> scenarios =
            PlantedQuestions.SCENARIOS.stream().filter(sc -> chosen.contains(sc.name())).toList();
        for (PlantedQuestions.Scenario sc : scenarios) {
          o.println("Question: " + sc.question() + " (" + sc.file() + ")");
        }
        // seed by seed across the datasets, so that a stopped evaluation has measured each alike
        for (int seed = 1; seed <= seeds; seed++) {
          for (PlantedQuestions.Scenario sc : scenarios) {
            QuestionEvaluation.Result r =
                QuestionEvaluation.run(sc, dir, seed, n, questionCycles, tasks, executor);
            questions.add(r);
            o.println(QuestionEvaluation.line(r));
            if (!r.answered()) {
              o.println("    not answered: " + r.why());
            }
            for (String f : r.falseClaims()) {
              o.println("    false discovery: " + f);
            }
            o.flush();
          }
        }
        met &= QuestionReport.print(questions, o);
      }
      o.printf(Locale.ROOT, "         %.0f s in all%n", (System.nanoTime() - start) / 1e9);
      return met ? 0 : 1;
    }

    private List<String> chosen() {
      List<String> all = new ArrayList<>(List.of("drivers"));
      PlantedQuestions.SCENARIOS.forEach(sc -> all.add(sc.name()));
      if (datasets.contains("all")) {
        return all;
      }
      for (String d : datasets) {
        if (!all.contains(d)) {
          throw new io.kosmos.api.InvalidInputException(
              "--datasets names '" + d + "'; choose from " + String.join(", ", all) + " or all");
        }
      }
      return datasets;
    }

    /** Runs and scores each seed in the sandbox, printing each as it ends. */
    private List<PlantedEvaluation.SeedResult> runSeeds(
        Path dir, PrintWriter o, Executor executor) {
      List<PlantedEvaluation.SeedResult> results = new ArrayList<>();
      {
        for (int s = 1; s <= seeds; s++) {
          PlantedEvaluation.SeedResult r =
              PlantedEvaluation.run(dir, s, n, cycles, tasks, executor, null);
          results.add(r);
          o.println(PlantedEvaluation.line(r));
          for (String m : r.missed()) {
            o.println("    missed: " + m);
          }
          for (String f : r.falseClaims()) {
            o.println("    false discovery: " + f);
          }
          o.flush();
        }
      }
      return results;
    }

    /**
     * Prints recall and false discovery proportion over every seed against the targets.
     *
     * @return whether both targets were met
     */
    private static boolean printOverall(List<PlantedEvaluation.SeedResult> results, PrintWriter o) {
      int recovered = results.stream().mapToInt(PlantedEvaluation.SeedResult::recovered).sum();
      int planted = results.stream().mapToInt(PlantedEvaluation.SeedResult::planted).sum();
      int discoveries = results.stream().mapToInt(PlantedEvaluation.SeedResult::discoveries).sum();
      int falses = results.stream().mapToInt(PlantedEvaluation.SeedResult::falseDiscoveries).sum();
      double recall = planted == 0 ? 1 : recovered / (double) planted;
      double fdp = discoveries == 0 ? 0 : falses / (double) discoveries;
      double meanFdp =
          results.stream().mapToDouble(PlantedEvaluation.SeedResult::fdp).average().orElse(0);
      double maxFdp =
          results.stream().mapToDouble(PlantedEvaluation.SeedResult::fdp).max().orElse(0);
      long flagged =
          results.stream().filter(PlantedEvaluation.SeedResult::confoundedFlagged).count();
      o.println();
      o.printf(
          Locale.ROOT,
          "overall  recall %d/%d = %.3f (target >= %.1f: %s)%n",
          recovered,
          planted,
          recall,
          RECALL_TARGET,
          recall >= RECALL_TARGET ? "met" : "NOT MET");
      o.printf(
          Locale.ROOT,
          "         false discovery proportion %d/%d = %.3f pooled, %.3f mean over seeds, %.3f worst"
              + " seed (target <= %.1f: %s)%n",
          falses,
          discoveries,
          fdp,
          meanFdp,
          maxFdp,
          FDP_TARGET,
          fdp <= FDP_TARGET ? "met" : "NOT MET");
      o.printf(
          Locale.ROOT,
          "         confounded pair flagged with its confounder in %d/%d seed(s)%n",
          flagged,
          results.size());
      return recall >= RECALL_TARGET && fdp <= FDP_TARGET;
    }
  }
}
