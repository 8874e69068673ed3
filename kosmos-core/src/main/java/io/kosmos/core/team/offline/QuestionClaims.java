package io.kosmos.core.team.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.ResultLine;
import java.util.ArrayList;
import java.util.List;

/**
 * The claims of the question's findings, in words a reader of the answer understands: "higher x
 * goes with higher odds of y = 1: odds ratio per SD = 1.96 (95% CI 1.65 to 2.34)", "no evidence
 * that y differs with x", "adjusted for w ...", "differs by z: ...", "through m: ...". Every number
 * is one the question's cell printed.
 */
final class QuestionClaims {

  private QuestionClaims() {}

  static String claim(JsonNode r, String part, JsonNode t, JsonNode detail, boolean sig) {
    String x = r.path("x").asText();
    String y = r.path("y").asText();
    return switch (part) {
      case "adjusted" -> adjusted(r, t, detail, sig);
      case "moderation" -> moderation(x, y, t, detail, sig);
      case "mediation" -> mediation(x, y, t, detail, sig);
      default -> asked(r, t, sig);
    };
  }

  private static String asked(JsonNode r, JsonNode t, boolean sig) {
    String x = r.path("x").asText();
    String y = r.path("y").asText();
    String model =
        " ("
            + r.path("family_model").asText()
            + ", n = "
            + r.path("n").asInt()
            + (r.path("dropped_missing").asInt(0) > 0
                ? " of " + r.path("rows").asInt() + " rows; " + missing(r)
                : "")
            + ")";
    if (!t.path("measure").isTextual()) {
      return (sig
              ? y + " differs across levels of " + x
              : "No evidence that " + y + " differs across levels of " + x)
          + ": "
          + t.path("statistic_name").asText()
          + " = "
          + Fmt.num(ResultLine.number(t, "statistic"))
          + ", p = "
          + Fmt.p(ResultLine.number(t, "p"))
          + levels(r)
          + model;
    }
    String head = sig ? direction(r, t) : "No evidence that " + x + " is associated with " + y;
    return head + ": " + numbers(r, t) + model;
  }

  /** "Higher x goes with higher odds of y = 1", "y is lower when x = b than when x = a". */
  private static String direction(JsonNode r, JsonNode t) {
    String x = r.path("x").asText();
    String y = r.path("y").asText();
    String measure = t.path("measure").asText();
    double effect = t.path("effect").asDouble();
    boolean ratio = measure.startsWith("odds ratio") || measure.startsWith("rate ratio");
    boolean up = ratio ? effect > 1 : effect > 0;
    String quantity =
        measure.startsWith("odds ratio")
            ? "odds of " + y + " = " + r.path("outcome_level").asText("the second level")
            : measure.startsWith("rate ratio") ? "rate of " + y : y;
    String contrast = t.path("contrast").asText("");
    if (contrast.startsWith("per SD")) {
      return "Higher " + x + " goes with " + (up ? "higher " : "lower ") + quantity;
    }
    String[] sides = contrast.split(" vs ");
    String than = sides.length == 2 ? " when " + sides[0] + " than when " + sides[1] : "";
    return capital(quantity) + " is " + (up ? "higher" : "lower") + than;
  }

  /** "odds ratio per SD = 1.96 (95% CI 1.65 to 2.34), coefficient ..., p = 4.9e-14". */
  private static String numbers(JsonNode r, JsonNode t) {
    StringBuilder sb =
        new StringBuilder(t.path("measure").asText())
            .append(" = ")
            .append(QuestionAnalysis.effectWithCi(t));
    JsonNode u = r.path("unadjusted");
    if (t.path("part").asText().equals("asked")
        && u.path("coef").isNumber()
        && u.path("coef_unit").isTextual()) {
      JsonNode ci = u.path("coef_ci");
      sb.append(", coefficient ")
          .append(u.path("coef_unit").asText())
          .append(" = ")
          .append(Fmt.num(u.path("coef").asDouble()));
      if (ci.isArray() && ci.size() == 2) {
        sb.append(" (95% CI ")
            .append(Fmt.ci(ci.get(0).asDouble(), ci.get(1).asDouble()))
            .append(')');
      }
    }
    return sb.append(", p = ").append(Fmt.p(ResultLine.number(t, "p"))).toString();
  }

  private static String adjusted(JsonNode r, JsonNode t, JsonNode detail, boolean sig) {
    List<String> adj = new ArrayList<>();
    detail.path("adjusted_for").forEach(n -> adj.add(n.asText()));
    String x = r.path("x").asText();
    String y = r.path("y").asText();
    String text =
        (sig
                ? "Adjusted for "
                    + String.join(", ", adj)
                    + ", "
                    + x
                    + " remains associated with "
                    + y
                : "Adjusted for "
                    + String.join(", ", adj)
                    + ", there is no evidence that "
                    + x
                    + " is associated with "
                    + y)
            + ": "
            + t.path("measure").asText()
            + " = "
            + QuestionAnalysis.effectWithCi(t)
            + ", p = "
            + Fmt.p(ResultLine.number(t, "p"))
            + ", n = "
            + r.path("n").asInt();
    JsonNode s = r.path("sensitivity");
    if (s.path("needed").asBoolean(false) && s.path("effect").isNumber()) {
      text +=
          "; with the rows that lack an adjuster kept (gaps filled by median or mode, with a"
              + " missing-value indicator; n = "
              + s.path("n").asInt()
              + "), "
              + s.path("measure").asText()
              + " = "
              + QuestionAnalysis.effectWithCi(s);
    }
    return text;
  }

  private static String moderation(String x, String y, JsonNode t, JsonNode d, boolean sig) {
    List<String> strata = new ArrayList<>();
    for (JsonNode s : d.path("strata")) {
      if (s.path("effect").isNumber()) {
        strata.add(
            d.path("by").asText()
                + " = "
                + s.path("level").asText()
                + ": "
                + s.path("measure").asText()
                + " = "
                + QuestionAnalysis.effectWithCi(s)
                + " (n = "
                + s.path("n").asInt()
                + ")");
      }
    }
    String head =
        sig
            ? "The association of " + x + " with " + y + " differs by " + d.path("by").asText()
            : "No evidence that the association of "
                + x
                + " with "
                + y
                + " differs by "
                + d.path("by").asText();
    return head
        + " ("
        + (strata.isEmpty() ? "" : String.join("; ", strata) + "; ")
        + "interaction "
        + t.path("statistic_name").asText()
        + " = "
        + Fmt.num(ResultLine.number(t, "statistic"))
        + ", p = "
        + Fmt.p(ResultLine.number(t, "p"))
        + ")";
  }

  private static String mediation(String x, String y, JsonNode t, JsonNode d, boolean sig) {
    String m = d.path("through").asText();
    Double share = ResultLine.number(d, "share_mediated");
    return (sig
            ? "Part of the association of " + x + " with " + y + " runs through " + m
            : "No evidence that the association of " + x + " with " + y + " runs through " + m)
        + ": indirect effect = "
        + Fmt.num(ResultLine.number(t, "effect"))
        + (t.path("ci").path(0).isNumber()
            ? " (bootstrap 95% CI "
                + Fmt.ci(t.path("ci").get(0).asDouble(), t.path("ci").get(1).asDouble())
                + ")"
            : "")
        + ", direct "
        + Fmt.num(ResultLine.number(d, "direct"))
        + ", total "
        + Fmt.num(ResultLine.number(d, "total"))
        + (share == null ? "" : ", " + Fmt.num(100 * share) + "% mediated")
        + "; Sobel p = "
        + Fmt.p(ResultLine.number(t, "p"));
  }

  private static String missing(JsonNode r) {
    List<String> parts = new ArrayList<>();
    r.path("missing").fields().forEachRemaining(e -> parts.add(e.getKey() + " " + e.getValue()));
    return r.path("dropped_missing").asInt()
        + " with a missing value left out"
        + (parts.isEmpty() ? "" : " (missing: " + String.join(", ", parts) + ")");
  }

  /** The levels of a categorical exposure against the most frequent one. */
  private static String levels(JsonNode r) {
    JsonNode levels = r.path("unadjusted").path("levels");
    if (!levels.isObject() || levels.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    levels
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode v = e.getValue();
              Double value = ResultLine.number(v, v.has("ratio") ? "ratio" : "coef");
              parts.add(
                  e.getKey()
                      + " "
                      + Fmt.num(value)
                      + " (p = "
                      + Fmt.p(ResultLine.number(v, "p"))
                      + ")");
            });
    return "; against the most frequent level: " + String.join(", ", parts);
  }

  private static String capital(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
