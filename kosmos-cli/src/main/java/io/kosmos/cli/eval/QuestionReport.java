package io.kosmos.cli.eval;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary {@code kosmos eval planted} prints for the question scenarios: per scenario, how
 * often the asked relation was answered correctly, identifiers tested, discoveries and false ones;
 * then the pooled false discovery proportion, against the targets (answered correctly on at least 9
 * of 10 seeds each, no identifier ever tested, pooled false discovery proportion at most 0.05).
 */
public final class QuestionReport {

  /** The share of seeds each scenario must answer correctly. */
  public static final double ANSWER_TARGET = 0.9;

  /** The most pooled false discovery proportion over the question scenarios. */
  public static final double FDP_TARGET = 0.05;

  private QuestionReport() {}

  /**
   * Prints the summary.
   *
   * @param results every run
   * @param o where to print
   * @return whether every target was met
   */
  public static boolean print(List<QuestionEvaluation.Result> results, PrintWriter o) {
    if (results.isEmpty()) {
      return true;
    }
    Map<String, int[]> by = new LinkedHashMap<>();
    int discoveries = 0;
    int falses = 0;
    int idRuns = 0;
    for (QuestionEvaluation.Result r : results) {
      int[] c = by.computeIfAbsent(r.scenario(), k -> new int[5]);
      c[0]++;
      c[1] += r.answered() ? 1 : 0;
      c[2] += r.identifiersTested().isEmpty() ? 0 : 1;
      c[3] += r.discoveries();
      c[4] += r.falseDiscoveries();
      discoveries += r.discoveries();
      falses += r.falseDiscoveries();
      idRuns += r.identifiersTested().isEmpty() ? 0 : 1;
    }
    o.println();
    o.println(
        "scenario     answered correctly   runs testing an identifier   discoveries   false   FDP");
    boolean answers = true;
    for (Map.Entry<String, int[]> e : by.entrySet()) {
      int[] c = e.getValue();
      boolean met = c[1] >= Math.ceil(ANSWER_TARGET * c[0] - 1e-9);
      answers &= met;
      o.printf(
          Locale.ROOT,
          "%-12s %3d/%-3d %-10s %8d %28d %8d   %.3f%n",
          e.getKey(),
          c[1],
          c[0],
          met ? "" : "NOT MET",
          c[2],
          c[3],
          c[4],
          c[3] == 0 ? 0 : c[4] / (double) c[3]);
    }
    double fdp = discoveries == 0 ? 0 : falses / (double) discoveries;
    o.printf(
        Locale.ROOT,
        "questions: answered correctly on >= %.0f%% of seeds in every scenario: %s; identifiers"
            + " tested in %d run(s): %s; false discovery proportion %d/%d = %.3f pooled (target <="
            + " %.2f: %s)%n",
        100 * ANSWER_TARGET,
        answers ? "met" : "NOT MET",
        idRuns,
        idRuns == 0 ? "met" : "NOT MET",
        falses,
        discoveries,
        fdp,
        FDP_TARGET,
        fdp <= FDP_TARGET ? "met" : "NOT MET");
    return answers && idRuns == 0 && fdp <= FDP_TARGET;
  }
}
