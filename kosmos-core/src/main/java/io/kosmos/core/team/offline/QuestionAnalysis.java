package io.kosmos.core.team.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.ResultLine;
import java.util.ArrayList;
import java.util.List;

/**
 * The relation the question asks about ({@link Work#QUESTION}), planned first: {@code
 * answer_question} in {@code question.py} fits it with the model the outcome calls for (logistic,
 * Poisson or negative binomial, linear; fixed effects for a panel), unadjusted and adjusted for the
 * variables the question names, by the moderators and through the mediators it names, and reports
 * the rows missing values cost with a check of what keeping them changes. Each part is a test of
 * the run and a finding (a null one too: the answer needs it), and a check of kind {@code question}
 * tells the report writer which part it is.
 */
final class QuestionAnalysis implements Analysis {

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
    for (List<String> pair : run.pairs()) {
      String x = pair.get(0);
      String y = pair.get(1);
      if (run.skipped(x, y)) {
        continue;
      }
      run.heading("### The question: how is " + x + " related to " + y + "?");
      AnalysisRun.CellResult result = run.compute(call(run, x, y), "the question " + x + " ~ " + y);
      if (result != null) {
        report(run, x, y, result);
      }
    }
  }

  private static String call(AnalysisRun run, String x, String y) {
    var p = run.task().parameters();
    return "R = answer_question(DATA, PROFILE, "
        + PythonSource.str(y)
        + ", "
        + PythonSource.str(x)
        + ", seed="
        + run.seed("question", x, y)
        + ", adjust="
        + PythonSource.list(QuestionWork.names(p.get("adjust")))
        + ", moderators="
        + PythonSource.list(QuestionWork.names(p.get("moderators")))
        + ", mediators="
        + PythonSource.list(QuestionWork.names(p.get("mediators")))
        + ", alpha="
        + run.options().alpha()
        + ", bootstrap="
        + run.options().bootstrap()
        + ")";
  }

  private static void report(AnalysisRun run, String x, String y, AnalysisRun.CellResult result) {
    JsonNode r = result.json();
    ExecutedCell figure = run.run("plot_question(DATA, PROFILE, R)");
    JsonNode tests = r.path("tests");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < tests.size(); i++) {
      JsonNode t = tests.get(i);
      String part = t.path("part").asText();
      JsonNode detail = detailOf(r, part, t);
      String by = by(part, detail);
      JsonNode stats = statistics(r, t);
      boolean sig = t.path("p").asDouble(1) < run.options().alpha();
      String claim = QuestionClaims.claim(r, part, t, detail, sig);
      Finding.Builder f =
          Finding.builder(FindingKind.DATA_ANALYSIS)
              .claim(claim)
              .summary(
                  r.path("family_model").asText()
                      + " of "
                      + y
                      + " on "
                      + x
                      + ", the relation the question asks about ("
                      + part
                      + ")"
                      + (r.path("dropped_missing").asInt(0) > 0
                          ? "; "
                              + r.path("dropped_missing").asInt()
                              + " row(s) with a missing value left out"
                          : "")
                      + ".")
              .statistics(ResultLine.statistics(stats))
              .direction(sig ? ResultLine.direction(t) : EffectDirection.NONE)
              .hypothesisId(run.hypothesis(x, y));
      int index =
          by == null
              ? run.addFinding(f, result.cell(), figure, x, y)
              : run.addFinding(f, result.cell(), figure, x, y, by.split(", "));
      run.record("question", x, y, by, stats, "tests/" + i, index, true, result.cell());
      run.check("question", x, y, part, by, claim, run.findingId(index));
      lines.add(claim + ".");
    }
    run.leadLine(String.join(" ", lines));
  }

  /** The part of the result a test summarises: the adjusted fit, a moderation, a mediation. */
  private static JsonNode detailOf(JsonNode r, String part, JsonNode t) {
    return switch (part) {
      case "adjusted" -> r.path("adjusted");
      case "moderation", "mediation" -> {
        String key = part.equals("moderation") ? "by" : "through";
        for (JsonNode d : r.path(part)) {
          if (t.path("detail").asText().endsWith(" " + d.path(key).asText())) {
            yield d;
          }
        }
        yield ResultLine.JSON.createObjectNode();
      }
      default -> r.path("unadjusted");
    };
  }

  /** The third variable(s) a part is about: the adjusters, a moderator or a mediator. */
  private static String by(String part, JsonNode detail) {
    return switch (part) {
      case "adjusted" -> {
        List<String> names = new ArrayList<>();
        detail.path("adjusted_for").forEach(n -> names.add(n.asText()));
        yield names.isEmpty() ? null : String.join(", ", names);
      }
      case "moderation" -> detail.path("by").asText(null);
      case "mediation" -> detail.path("through").asText(null);
      default -> null;
    };
  }

  /** A part's statistics: its test, with n, the rows left out and the coefficient in extra. */
  private static JsonNode statistics(JsonNode r, JsonNode t) {
    ObjectNode node = ((ObjectNode) t).deepCopy();
    if (!node.path("n").isNumber()) {
      node.set("n", r.path("n"));
    }
    node.put("assumptions_met", true);
    node.set("dropped_missing", r.path("dropped_missing"));
    ObjectNode extra = ResultLine.JSON.createObjectNode();
    JsonNode u = r.path("unadjusted");
    if (t.path("part").asText().equals("asked") && u.has("coef")) {
      extra.set("coef", u.path("coef"));
    }
    if (r.path("dispersion").isNumber()) {
      extra.set("dispersion", r.path("dispersion"));
    }
    node.set("extra", extra);
    return node;
  }

  /** "0.82 (95% CI 0.63 to 1.06)". */
  static String effectWithCi(JsonNode e) {
    JsonNode ci = e.path("ci");
    String text = Fmt.num(ResultLine.number(e, "effect"));
    if (ci.isArray() && ci.size() == 2 && ci.get(0).isNumber() && ci.get(1).isNumber()) {
      text += " (95% CI " + Fmt.ci(ci.get(0).asDouble(), ci.get(1).asDouble()) + ")";
    }
    return text;
  }
}
