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
 * Adjusts a validated association for measured confounders ({@link Work#CONFOUNDING}), with {@code
 * adjust_for_confounders} in {@code followups.py}: the candidates are the variables associated with
 * both sides (never the outcome, when the pair does not involve it). The sandbox's verdict
 * (explained, reversed, attenuated or persists) becomes a finding and a check in the ledger, which
 * the validator applies to the pair's screening finding; a reversal also raises an open question.
 */
final class ConfounderAdjustment implements Analysis {

  private static final List<String> VERDICTS =
      List.of("explained", "reversed", "attenuated", "persists");

  @Override
  public void perform(AnalysisRun run) {
    for (List<String> pair : run.pairs()) {
      String x = pair.get(0);
      String y = pair.get(1);
      if (run.skipped(x, y)) {
        continue;
      }
      run.heading("### Confounders of " + x + " ~ " + y);
      AnalysisRun.CellResult result =
          run.compute(call(run, x, y), "confounders of " + x + " ~ " + y);
      if (result != null) {
        report(run, x, y, result);
      }
    }
  }

  private static String call(AnalysisRun run, String x, String y) {
    String outcome = run.outcome();
    List<String> exclude =
        outcome != null && !x.equals(outcome) && !y.equals(outcome) ? List.of(outcome) : List.of();
    return "R = adjust_for_confounders(DATA, PROFILE, "
        + PythonSource.str(x)
        + ", "
        + PythonSource.str(y)
        + ", seed="
        + run.seed("confounding", x, y)
        + ", max_confounders="
        + run.options().maxConfounders()
        + ", alpha="
        + run.options().alpha()
        + ", exclude="
        + PythonSource.list(exclude)
        + ")";
  }

  private static void report(AnalysisRun run, String x, String y, AnalysisRun.CellResult result) {
    JsonNode r = result.json();
    String verdict = r.path("verdict").asText();
    if (!VERDICTS.contains(verdict)) {
      // Nothing to adjust (no candidate confounder, kinds the adjustment does not support, a model
      // that could not be fit): a verdict for the ledger, no finding.
      String why = r.path("why").asText(verdict);
      run.check("confounding", x, y, verdict, null, why, null);
      run.line(x + " ~ " + y + ": " + why + ".");
      return;
    }
    String main = r.path("main_confounder").asText();
    List<String> confounders = new ArrayList<>();
    r.path("confounders").forEach(c -> confounders.add(c.asText()));
    String claim = claim(verdict, x, y, main, String.join(", ", confounders), r);
    ExecutedCell figure = run.run("plot_adjustment(R)");
    EffectDirection dir =
        verdict.equals("explained") ? EffectDirection.NONE : ResultLine.direction(r);
    Finding.Builder f =
        Finding.builder(FindingKind.DATA_ANALYSIS)
            .claim(claim)
            .summary(
                r.path("why").asText()
                    + ". Candidate confounders are variables associated with both (p < "
                    + Fmt.plain(run.options().alpha())
                    + ", |r| >= 0.1); an effect that disappears may be confounded or mediated"
                    + " by them: observational data cannot tell which.")
            .statistics(ResultLine.statistics(r))
            .direction(dir)
            .hypothesisId(run.hypothesis(x, y));
    int index = run.addFinding(f, result.cell(), figure, x, y, confounders.toArray(String[]::new));
    run.record("confounding", x, y, r, index, true, result.cell());
    run.check("confounding", x, y, verdict, main, claim, run.findingId(index));
    run.line(claim + ".");
    if (verdict.equals("reversed")) {
      run.question(
          "Why does the association of "
              + x
              + " with "
              + y
              + " reverse when "
              + main
              + " is held fixed?");
    }
  }

  /** The claim for a verdict, with the adjusted and unadjusted numbers. */
  private static String claim(
      String verdict, String x, String y, String main, String confounders, JsonNode r) {
    String adjusted = adjusted(r);
    String against = unadjusted(r);
    String shrink = shrink(r, verdict);
    String subject = "The association of " + x + " with " + y;
    return switch (verdict) {
      case "explained" ->
          subject
              + " is accounted for by "
              + main
              + ": adjusted for "
              + confounders
              + ", "
              + adjusted
              + ", "
              + against
              + shrink;
      case "reversed" ->
          subject
              + " reverses after adjusting for "
              + confounders
              + " (mostly "
              + main
              + "): "
              + adjusted
              + ", "
              + against;
      case "attenuated" ->
          subject
              + " weakens but remains after adjusting for "
              + confounders
              + ": "
              + adjusted
              + ", "
              + against
              + shrink;
      default ->
          subject
              + " persists after adjusting for "
              + confounders
              + ": "
              + adjusted
              + ", "
              + against
              + shrink;
    };
  }

  /** "partial r = 0.4 (95% CI 0.32 to 0.47), p = 1e-15, n = 442". */
  private static String adjusted(JsonNode r) {
    return r.path("measure").asText("effect")
        + " = "
        + Fmt.num(ResultLine.number(r, "effect"))
        + ResultLine.ci(r)
        + ", p = "
        + Fmt.p(ResultLine.number(r, "p"))
        + ", n = "
        + r.path("n").asInt();
  }

  /** "against 0.5 unadjusted (p = 1e-20)". */
  private static String unadjusted(JsonNode r) {
    JsonNode un = r.path("unadjusted");
    return "against "
        + Fmt.num(ResultLine.number(un, "effect"))
        + " unadjusted (p = "
        + Fmt.p(ResultLine.number(un, "p"))
        + ")";
  }

  /**
   * "; 20% smaller", "; the sign reverses" (only when the reversed effect is itself significant),
   * "; the estimate crosses zero" (its sign flips but its CI includes no effect), or nothing when
   * the reduction is unknown.
   */
  private static String shrink(JsonNode r, String verdict) {
    Double reduction = ResultLine.number(r, "reduction");
    if (reduction == null) {
      return "";
    }
    if (reduction <= 1) {
      return "; " + Fmt.num(100 * reduction) + "% smaller";
    }
    return verdict.equals("reversed") ? "; the sign reverses" : "; the estimate crosses zero";
  }
}
