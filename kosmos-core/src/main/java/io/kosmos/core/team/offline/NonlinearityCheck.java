package io.kosmos.core.team.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.ResultLine;
import java.util.List;

/**
 * Tests whether a validated association between two numeric variables is non-linear ({@link
 * Work#NONLINEARITY}), with {@code check_nonlinearity} in {@code followups.py}: a cubic spline
 * against a straight line on the same rows. Only a non-linear shape becomes a finding (with a
 * figure); either verdict is a test and a check in the ledger.
 */
final class NonlinearityCheck implements Analysis {

  @Override
  public void perform(AnalysisRun run) {
    for (List<String> pair : run.pairs()) {
      String x = pair.get(0);
      String y = pair.get(1);
      if (!run.skipped(x, y)) {
        test(run, x, y);
      }
    }
  }

  /** Tests one pair's shape (a cell, a test of the run, a finding when it is non-linear). */
  static void test(AnalysisRun run, String x, String y) {
    run.heading("### Is " + x + " ~ " + y + " linear?");
    AnalysisRun.CellResult result =
        run.compute(
            "R = check_nonlinearity(DATA, PROFILE, "
                + PythonSource.str(x)
                + ", "
                + PythonSource.str(y)
                + ", seed="
                + run.seed("nonlinearity", x, y)
                + ", alpha="
                + run.options().alpha()
                + ")",
            "non-linearity of " + x + " ~ " + y);
    if (result != null) {
      report(run, x, y, result);
    }
  }

  private static void report(AnalysisRun run, String x, String y, AnalysisRun.CellResult result) {
    JsonNode r = result.json();
    String detail = detail(r);
    int index = 0;
    String claim;
    if (r.path("verdict").asText().equals("non-linear")) {
      claim =
          "The association of "
              + x
              + " with "
              + y
              + " is non-linear ("
              + r.path("shape").asText()
              + "): "
              + detail;
      ExecutedCell figure = run.run("plot_nonlinearity(R)");
      Finding.Builder f =
          Finding.builder(FindingKind.DATA_ANALYSIS)
              .claim(claim)
              .summary(r.path("test").asText() + ", " + r.path("why").asText() + ".")
              .statistics(ResultLine.statistics(r))
              .direction(EffectDirection.UNSPECIFIED)
              .hypothesisId(run.hypothesis(x, y));
      index = run.addFinding(f, result.cell(), figure, x, y);
    } else {
      claim = "A straight line describes " + x + " ~ " + y + " adequately: " + detail;
    }
    run.record("nonlinearity", x, y, r, index, true, result.cell());
    run.check("nonlinearity", x, y, r.path("verdict").asText(), null, claim, run.findingId(index));
    run.line(claim + ".");
  }

  /** The spline's share of what a line leaves, with its test and the fit of both. */
  private static String detail(JsonNode r) {
    JsonNode e = r.path("extra");
    boolean logistic = r.path("statistic_name").asText().startsWith("LR");
    return "a cubic spline explains "
        + Fmt.num(100 * r.path("effect").asDouble())
        + (logistic
            ? "% of the log-likelihood a straight line leaves ("
            : "% of the variance a" + " straight line leaves (")
        + r.path("statistic_name").asText("F")
        + " = "
        + Fmt.num(ResultLine.number(r, "statistic"))
        + ", p = "
        + Fmt.p(ResultLine.number(r, "p"))
        + ", n = "
        + r.path("n").asInt()
        + "; "
        + (logistic ? "pseudo R² " : "R² ")
        + Fmt.num(ResultLine.number(e, "r2_linear"))
        + " linear, "
        + Fmt.num(ResultLine.number(e, "r2_spline"))
        + " spline; the straight line alone p = "
        + Fmt.p(ResultLine.number(e, "linear_p"))
        + ")";
  }
}
