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

/**
 * Compares a validated association across the levels of a grouping variable the planner chose
 * ({@link Work#SUBGROUPS}, parameter {@code by}), with {@code check_subgroups} in {@code
 * followups.py}: the effect in each level and an interaction test. A difference becomes a finding
 * with a forest plot and an open question; either verdict is a test and a check in the ledger.
 */
final class SubgroupComparison implements Analysis {

  @Override
  public void perform(AnalysisRun run) {
    String by = run.task().parameters().getOrDefault("by", "");
    for (List<String> pair : run.pairs()) {
      String x = pair.get(0);
      String y = pair.get(1);
      String skip = run.skipReason(x, y);
      if (skip == null) {
        skip = run.skipReason(by, x);
      }
      if (skip != null) {
        run.line("Skipped " + x + " ~ " + y + " by " + by + ": " + skip + ".");
        continue;
      }
      run.heading("### " + x + " ~ " + y + " within levels of " + by);
      AnalysisRun.CellResult result =
          run.compute(
              "R = check_subgroups(DATA, PROFILE, "
                  + PythonSource.str(x)
                  + ", "
                  + PythonSource.str(y)
                  + ", "
                  + PythonSource.str(by)
                  + ", seed="
                  + run.seed("subgroups", x, y, by)
                  + ", alpha="
                  + run.options().alpha()
                  + ")",
              "subgroups of " + x + " ~ " + y);
      if (result != null) {
        report(run, x, y, by, result);
      }
    }
  }

  private static void report(
      AnalysisRun run, String x, String y, String by, AnalysisRun.CellResult result) {
    JsonNode r = result.json();
    String verdict = r.path("verdict").asText();
    if (verdict.equals("unsupported") || verdict.equals("failed")) {
      run.check("subgroups", x, y, verdict, by, r.path("why").asText(), null);
      run.line(x + " ~ " + y + " by " + by + ": " + r.path("why").asText() + ".");
      return;
    }
    String detail = detail(r, by);
    int index = 0;
    String claim;
    if (verdict.equals("differs")) {
      claim =
          "The association of "
              + x
              + " with "
              + y
              + " differs across levels of "
              + by
              + " ("
              + detail
              + ")";
      ExecutedCell figure = run.run("plot_subgroups(R)");
      Finding.Builder f =
          Finding.builder(FindingKind.DATA_ANALYSIS)
              .claim(claim)
              .summary(r.path("test").asText() + "; " + r.path("why").asText() + ".")
              .statistics(ResultLine.statistics(r))
              .direction(EffectDirection.UNSPECIFIED)
              .hypothesisId(run.hypothesis(x, y));
      index = run.addFinding(f, result.cell(), figure, x, y, by);
      run.question("What about " + by + " changes the association of " + x + " with " + y + "?");
    } else {
      claim =
          "No evidence that the association of "
              + x
              + " with "
              + y
              + " differs across levels"
              + " of "
              + by
              + " ("
              + detail
              + ")";
    }
    run.record("subgroups", x, y, by, r, null, index, true, result.cell());
    run.check("subgroups", x, y, verdict, by, claim, run.findingId(index));
    run.line(claim + ".");
  }

  /** The effect in each level, then the interaction test. */
  private static String detail(JsonNode r, String by) {
    List<String> strata = new ArrayList<>();
    for (JsonNode s : r.path("strata")) {
      strata.add(
          by
              + " = "
              + s.path("level").asText()
              + ": "
              + s.path("measure").asText()
              + " = "
              + Fmt.num(ResultLine.number(s, "effect"))
              + " (n = "
              + s.path("n").asInt()
              + ")");
    }
    return String.join("; ", strata)
        + "; interaction "
        + r.path("statistic_name").asText()
        + " = "
        + Fmt.num(ResultLine.number(r, "statistic"))
        + ", p = "
        + Fmt.p(ResultLine.number(r, "p"));
  }
}
