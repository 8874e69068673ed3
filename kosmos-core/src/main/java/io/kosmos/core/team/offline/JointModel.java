package io.kosmos.core.team.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.Profile;
import io.kosmos.core.internal.stats.ResultLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a joint model of the outcome on every usable predictor ({@link Work#MODEL}), with {@code
 * multivariable_model} in {@code followups.py}: a linear or logistic regression on standardized
 * predictors. Each term is read like a pair's result and is a test of the run; a term with p below
 * alpha becomes a finding that the predictor is associated with the outcome independently of the
 * others.
 */
final class JointModel implements Analysis {

  @Override
  public void perform(AnalysisRun run) {
    String y = run.task().parameters().getOrDefault("outcome", "");
    List<String> predictors = new ArrayList<>(run.profile().usable());
    predictors.remove(y);
    if (run.profile().column(y).filter(Profile.Column::usable).isEmpty()) {
      run.line(y + " is not a usable column of " + run.dataset().name() + "; no joint model.");
      return;
    }
    run.heading("### Joint model of " + y);
    AnalysisRun.CellResult result =
        run.compute(
            "R = multivariable_model(DATA, PROFILE, "
                + PythonSource.str(y)
                + ", "
                + PythonSource.list(predictors)
                + ", seed="
                + run.seed("model", y)
                + ", alpha="
                + run.options().alpha()
                + ")",
            "joint model of " + y);
    if (result != null) {
      report(run, y, result);
    }
  }

  private static void report(AnalysisRun run, String y, AnalysisRun.CellResult result) {
    JsonNode r = result.json();
    ExecutedCell figure = run.run("plot_model(R)");
    String fit =
        r.path("fit").has("r2")
            ? "R² = " + Fmt.num(ResultLine.number(r.path("fit"), "r2"))
            : "pseudo R² = " + Fmt.num(ResultLine.number(r.path("fit"), "pseudo_r2"));
    int n = r.path("n").asInt();
    List<String> independent = new ArrayList<>();
    for (JsonNode term : r.path("terms")) {
      String x = term.path("variable").asText();
      boolean significant = term.path("p").asDouble(1) < run.options().alpha();
      JsonNode t = asPair(term, r, x, y, n);
      int index = 0;
      if (significant) {
        index = run.addFinding(finding(run, term, r, t, fit), result.cell(), figure, x, y);
        independent.add(x);
      }
      run.record("model", x, y, null, t, "terms/" + x, index, true, result.cell());
      run.check(
          "model",
          x,
          y,
          significant ? "independent" : "not-independent",
          null,
          x + " in the joint model of " + y + ": " + ResultLine.numbers(t, false),
          run.findingId(index));
    }
    run.line(
        "Joint model of "
            + y
            + " ("
            + r.path("test").asText()
            + ", n = "
            + n
            + ", "
            + fit
            + "): independently associated: "
            + (independent.isEmpty() ? "none" : String.join(", ", independent))
            + ".");
  }

  private static Finding.Builder finding(
      AnalysisRun run, JsonNode term, JsonNode model, JsonNode t, String fit) {
    String x = t.path("x").asText();
    String y = t.path("y").asText();
    String claim =
        "In a joint model of "
            + y
            + " on all "
            + model.path("terms").size()
            + " predictors, "
            + x
            + " is associated with "
            + y
            + " independently of the others ("
            + ResultLine.numbers(t, false)
            + "; model "
            + fit
            + ")";
    return Finding.builder(FindingKind.DATA_ANALYSIS)
        .claim(claim)
        .summary(
            model.path("test").asText()
                + ", "
                + model.path("why").asText()
                + (term.hasNonNull("vif")
                    ? "; VIF of " + x + " = " + Fmt.num(term.path("vif").asDouble())
                    : "")
                + ".")
        .statistics(ResultLine.statistics(t))
        .direction(ResultLine.direction(term))
        .hypothesisId(run.hypothesis(x, y));
  }

  /**
   * A term of the model read like a pair's result (test, p, effect, CI, n), so that it is recorded,
   * quoted and validated like any other test; its VIF, the model's fit and heteroscedasticity go to
   * {@code extra}, and a VIF above 10 marks the assumptions as not met.
   */
  private static JsonNode asPair(JsonNode term, JsonNode model, String x, String y, int n) {
    ObjectNode node = ResultLine.JSON.createObjectNode();
    node.put("x", x);
    node.put("y", y);
    node.put("test", model.path("test").asText() + ": " + term.path("test").asText() + " of " + x);
    node.set("statistic", term.path("statistic"));
    node.put("statistic_name", term.path("test").asText());
    node.set("p", term.path("p"));
    node.set("effect", term.path("effect"));
    node.set("measure", term.path("measure"));
    node.set("ci", term.path("ci"));
    node.put("n", n);
    node.set("direction", term.path("direction"));
    node.set("r_equivalent", term.path("r_equivalent"));
    ObjectNode extra = ResultLine.JSON.createObjectNode();
    for (String field : List.of("vif", "df", "coef")) {
      if (term.hasNonNull(field)) {
        extra.set(field, term.path(field));
      }
    }
    if (model.path("fit").hasNonNull("r2")) {
      extra.set("model_r2", model.path("fit").path("r2"));
    }
    if (model.hasNonNull("heteroscedasticity_p")) {
      extra.set("heteroscedasticity_p", model.path("heteroscedasticity_p"));
    }
    node.set("extra", extra);
    boolean collinear = term.hasNonNull("vif") && term.path("vif").asDouble() > 10;
    node.put("assumptions_met", !collinear);
    return node;
  }
}
