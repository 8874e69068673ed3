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
 * Screens interactions among the outcome's strongest predictors ({@link Work#INTERACTIONS}): for
 * each pair the task names, whether the association of one with the outcome differs by the other
 * ({@code test_interaction} in {@code question.py}: a model that fits the outcome with and without
 * the product term, and the effect within each level of a grouping partner). Every pair is a test
 * of the run, so the screen stays under the run's false discovery rate; a difference becomes a
 * finding with a forest plot.
 */
final class InteractionScreen implements Analysis {

  @Override
  public List<PythonSource.Module> modules() {
    return List.of(
        PythonSource.Module.COMMON,
        PythonSource.Module.TABLES,
        PythonSource.Module.PAIRS,
        PythonSource.Module.FOLLOW_UPS,
        PythonSource.Module.QUESTION);
  }

  @Override
  public void perform(AnalysisRun run) {
    String y = run.outcome();
    if (y == null) {
      run.line("No outcome, so no interaction with it to screen.");
      return;
    }
    int differ = 0;
    for (List<String> pair : run.pairs()) {
      String a = pair.get(0);
      String b = pair.get(1);
      String skip = run.skipReason(a, b);
      if (skip == null) {
        skip = run.skipReason(a, y);
      }
      if (skip != null) {
        run.line("Skipped " + a + " x " + b + ": " + skip + ".");
        continue;
      }
      run.heading("### Does the association of " + a + " with " + y + " differ by " + b + "?");
      AnalysisRun.CellResult result =
          run.compute(
              "R = test_interaction(DATA, PROFILE, "
                  + PythonSource.str(y)
                  + ", "
                  + PythonSource.str(a)
                  + ", "
                  + PythonSource.str(b)
                  + ", seed="
                  + run.seed("interaction", a, b)
                  + ", alpha="
                  + run.options().alpha()
                  + ")",
              "interaction " + a + " x " + b);
      if (result != null && report(run, a, y, b, result)) {
        differ++;
      }
    }
    run.leadLine(
        "Screened "
            + run.pairs().size()
            + " interaction(s) with "
            + y
            + ": "
            + differ
            + " with p < "
            + Fmt.plain(run.options().alpha())
            + ".");
  }

  private static boolean report(
      AnalysisRun run, String a, String y, String b, AnalysisRun.CellResult result) {
    JsonNode r = result.json();
    boolean differs = r.path("p").asDouble(1) < run.options().alpha();
    String claim = claim(r, a, y, b, differs);
    int index = 0;
    if (differs) {
      ExecutedCell figure = run.run("plot_subgroups(dict(R, x=" + PythonSource.str(a) + "))");
      Finding.Builder f =
          Finding.builder(FindingKind.DATA_ANALYSIS)
              .claim(claim)
              .summary(
                  r.path("test").asText()
                      + ": the same model with and without the "
                      + a
                      + " x "
                      + b
                      + " term, on the same rows.")
              .statistics(ResultLine.statistics(r))
              .direction(EffectDirection.UNSPECIFIED)
              .hypothesisId(run.hypothesis(a, y));
      index = run.addFinding(f, result.cell(), figure, a, y, b);
    }
    run.record("interactions", a, y, b, r, null, index, true, result.cell());
    run.check(
        "interactions", a, y, differs ? "differs" : "consistent", b, claim, run.findingId(index));
    run.line(claim + ".");
    return differs;
  }

  private static String claim(JsonNode r, String a, String y, String b, boolean differs) {
    List<String> strata = new ArrayList<>();
    for (JsonNode s : r.path("strata")) {
      if (s.path("effect").isNumber()) {
        strata.add(
            b
                + " = "
                + s.path("level").asText()
                + ": "
                + s.path("measure").asText()
                + " = "
                + QuestionAnalysis.effectWithCi(s));
      }
    }
    return (differs
            ? "The association of " + a + " with " + y + " differs by " + b
            : "No evidence that the association of " + a + " with " + y + " differs by " + b)
        + " ("
        + (strata.isEmpty() ? "" : String.join("; ", strata) + "; ")
        + "interaction "
        + r.path("statistic_name").asText()
        + " = "
        + Fmt.num(ResultLine.number(r, "statistic"))
        + ", p = "
        + Fmt.p(ResultLine.number(r, "p"))
        + ", n = "
        + r.path("n").asInt()
        + ")";
  }
}
