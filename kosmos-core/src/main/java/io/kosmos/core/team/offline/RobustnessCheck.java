package io.kosmos.core.team.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.core.internal.stats.ResultLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks whether a validated association is robust ({@link Work#ROBUSTNESS}), with {@code
 * check_robustness} in {@code followups.py}: a bootstrap CI, a permutation null on the real data,
 * and the effect refit without influential points. The verdict (robust or fragile) becomes a
 * finding and a check in the ledger; a fragile association fails validation. The refit counts as a
 * test of the run only when it removed a point, since otherwise it repeats the screening test.
 */
final class RobustnessCheck implements Analysis {

  @Override
  public void perform(AnalysisRun run) {
    int resamples = run.options().robustnessResamples();
    for (List<String> pair : run.pairs()) {
      String x = pair.get(0);
      String y = pair.get(1);
      if (run.skipped(x, y)) {
        continue;
      }
      run.heading("### Robustness of " + x + " ~ " + y);
      AnalysisRun.CellResult result =
          run.compute(
              "R = check_robustness(DATA, PROFILE, "
                  + PythonSource.str(x)
                  + ", "
                  + PythonSource.str(y)
                  + ", seed="
                  + run.seed("robustness", x, y)
                  + ", permutations="
                  + resamples
                  + ", bootstrap="
                  + resamples
                  + ", alpha="
                  + run.options().alpha()
                  + ")",
              "robustness of " + x + " ~ " + y);
      if (result != null) {
        report(run, x, y, result);
      }
    }
  }

  private static void report(AnalysisRun run, String x, String y, AnalysisRun.CellResult result) {
    JsonNode r = result.json();
    String verdict = r.path("verdict").asText();
    List<String> reasons = new ArrayList<>();
    r.path("reasons").forEach(n -> reasons.add(n.asText()));
    String claim =
        "The association of "
            + x
            + " with "
            + y
            + " is "
            + verdict
            + ": "
            + String.join("; ", reasons);
    ExecutedCell figure = run.run("plot_robustness(R)");
    Finding.Builder f =
        Finding.builder(FindingKind.DATA_ANALYSIS)
            .claim(claim)
            .summary(r.path("why").asText() + ".")
            .statistics(ResultLine.statistics(r))
            .direction(ResultLine.direction(r))
            .hypothesisId(run.hypothesis(x, y));
    int index = run.addFinding(f, result.cell(), figure, x, y);
    boolean refit = r.path("extra").path("removed").asInt(0) > 0;
    run.record("robustness", x, y, r, index, refit, result.cell());
    run.check("robustness", x, y, verdict, null, claim, run.findingId(index));
    run.line(claim + ".");
  }
}
