package io.kosmos.core.team.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.ResultLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Screens pairs of variables ({@link Work#SCREEN}), the exploration of the offline scientist: each
 * pair gets the test its two kinds call for ({@code test_pair} in {@code pairs.py}, with a
 * permutation null and a bootstrap CI when p is below alpha). A significant pair becomes a finding
 * with a figure, and so does an informative null about the outcome; every test, significant or not,
 * is recorded for the run's false discovery rate. Validated findings are what the follow-ups
 * examine in later cycles.
 */
final class PairScreening implements Analysis {

  @Override
  public List<PythonSource.Module> modules() {
    return List.of(
        PythonSource.Module.COMMON,
        PythonSource.Module.TABLES,
        PythonSource.Module.PAIRS,
        PythonSource.Module.FOLLOW_UPS);
  }

  @Override
  public void perform(AnalysisRun run) {
    Options options = run.options();
    int significant = 0;
    int nulls = 0;
    List<String> strongest = new ArrayList<>();
    for (List<String> pair : run.pairs()) {
      String x = pair.get(0);
      String y = pair.get(1);
      if (run.skipped(x, y)) {
        continue;
      }
      run.heading("### " + x + " ~ " + y);
      AnalysisRun.CellResult result = run.compute(call(run, x, y), x + " ~ " + y);
      if (result == null) {
        continue;
      }
      JsonNode r = result.json();
      boolean sig = r.path("p").asDouble() < options.alpha();
      boolean informativeNull = !sig && y.equals(run.outcome());
      int index = 0;
      if (sig || informativeNull) {
        ExecutedCell figure = run.run("plot_pair(DATA, PROFILE, R)");
        index = run.addFinding(finding(run, r, sig), result.cell(), figure, x, y);
      }
      run.record("screen", x, y, r, index, true, result.cell());
      if (shapeScreened(run, x, y)) {
        NonlinearityCheck.test(run, x, y);
      }
      if (sig) {
        significant++;
        strongest.add(
            x
                + " ~ "
                + y
                + " "
                + r.path("measure").asText()
                + " = "
                + Fmt.num(r.path("effect").asDouble()));
      } else {
        nulls++;
      }
    }
    run.leadLine(
        String.format(
            Locale.ROOT,
            "Screened %d pair(s) of %s: %d with p < %s%s, %d without.",
            significant + nulls,
            run.dataset().name(),
            significant,
            Fmt.plain(options.alpha()),
            strongest.isEmpty() ? "" : " (" + String.join("; ", strongest) + ")",
            nulls));
  }

  /**
   * Whether a pair's shape is screened too: every numeric predictor of a numeric or binary outcome
   * gets a spline test, not only those a linear test found, so that a U-shape a straight line
   * misses is found.
   */
  private static boolean shapeScreened(AnalysisRun run, String x, String y) {
    if (run.outcome() == null || !y.equals(run.outcome())) {
      return false;
    }
    var px = run.profile().column(x);
    var py = run.profile().column(y);
    return px.isPresent()
        && px.get().numeric()
        && py.isPresent()
        && (py.get().numeric() || py.get().kind().equals("binary"));
  }

  private static String call(AnalysisRun run, String x, String y) {
    Options options = run.options();
    return "R = test_pair(DATA, PROFILE, "
        + PythonSource.str(x)
        + ", "
        + PythonSource.str(y)
        + ", seed="
        + run.seed(x, y)
        + ", permutations="
        + options.permutations()
        + ", bootstrap="
        + options.bootstrap()
        + ", alpha="
        + options.alpha()
        + ")";
  }

  private static Finding.Builder finding(AnalysisRun run, JsonNode r, boolean significant) {
    String x = r.path("x").asText();
    String y = r.path("y").asText();
    String numbers = ResultLine.numbers(r, true);
    String claim =
        significant
            ? r.path("describe").asText() + " (" + numbers + ")"
            : "No association of " + x + " with " + y + " was detected (" + numbers + ")";
    return Finding.builder(FindingKind.DATA_ANALYSIS)
        .claim(claim)
        .summary(ResultLine.summary(r))
        .statistics(ResultLine.statistics(r))
        .direction(significant ? ResultLine.direction(r) : EffectDirection.NONE)
        .hypothesisId(run.hypothesis(x, y));
  }
}
