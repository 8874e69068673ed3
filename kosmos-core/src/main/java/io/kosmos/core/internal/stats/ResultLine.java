package io.kosmos.core.internal.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.KosmosException;
import io.kosmos.api.Statistics;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the one machine-readable line an analysis cell prints, {@code KOSMOS_RESULT {json}}: the
 * numbers exactly as Python computed them (JSON floats are written with {@code repr}, which
 * round-trips). Free text is never parsed.
 *
 * <p>The offline analyses turn a result into a finding's {@link Statistics} and direction and into
 * the numbers its claim quotes with the methods at the end, so that every finding reads its numbers
 * the same way.
 */
public final class ResultLine {

  public static final String PREFIX = "KOSMOS_RESULT ";
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              false);

  private ResultLine() {}

  /**
   * The last result line a cell printed.
   *
   * @param stdout the cell's standard output
   * @return the parsed JSON, if the cell printed one
   * @throws KosmosException if the line is not valid JSON
   */
  public static Optional<JsonNode> parse(String stdout) {
    int at = stdout.lastIndexOf(PREFIX);
    while (at > 0 && stdout.charAt(at - 1) != '\n') {
      at = stdout.lastIndexOf(PREFIX, at - 1);
    }
    if (at < 0) {
      return Optional.empty();
    }
    int end = stdout.indexOf('\n', at);
    String json = stdout.substring(at + PREFIX.length(), end < 0 ? stdout.length() : end).strip();
    try {
      return Optional.of(JSON.readTree(json));
    } catch (JsonProcessingException e) {
      throw new KosmosException(
          "the analysis printed a result line that is not valid JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  /**
   * The result of a cell, or why there is none: the Python error, a timeout, or a missing line.
   *
   * @param cell the executed cell
   * @return the result, or a failure that says what happened
   */
  public static Outcome of(ExecutedCell cell) {
    if (!cell.result().isOk()) {
      String error =
          cell.result()
              .errorOutput()
              .map(e -> e.name() + ": " + e.value())
              .orElse(cell.result().status().name());
      return new Outcome(null, "cell " + cell.index() + " failed (" + error + ")");
    }
    Optional<JsonNode> node = parse(cell.result().stdout());
    if (node.isEmpty()) {
      return new Outcome(null, "cell " + cell.index() + " printed no result line");
    }
    JsonNode error = node.get().get("error");
    if (error != null && !error.isNull()) {
      return new Outcome(node.get(), "cell " + cell.index() + ": " + error.asText());
    }
    return new Outcome(node.get(), null);
  }

  /**
   * A cell's result, or the reason it has none.
   *
   * @param json the result line, or {@code null}
   * @param failure why there is no usable result, or {@code null}
   */
  public record Outcome(JsonNode json, String failure) {
    public boolean ok() {
      return failure == null;
    }
  }

  /** A number of a result, or {@code null} when it is absent or JSON null. */
  public static Double number(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || !v.isNumber() ? null : v.asDouble();
  }

  /** A text of a result, or {@code null}. */
  public static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /**
   * The statistics of a result: test, statistic, raw p, effect, CI and n as printed, and every
   * numeric field of its {@code extra} (text there is not kept), with {@code assumptions_met},
   * {@code r_equivalent} and {@code dropped_missing}. The adjusted p is left to the validator.
   *
   * @param r a test's result
   * @return the statistics
   */
  public static Statistics statistics(JsonNode r) {
    Map<String, Double> extra = new LinkedHashMap<>();
    JsonNode e = r.path("extra");
    for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNumber()) {
        extra.put(field.getKey(), field.getValue().asDouble());
      }
    }
    if (r.has("assumptions_met")) {
      extra.put("assumptions_met", r.path("assumptions_met").asBoolean() ? 1.0 : 0.0);
    }
    Double rEq = number(r, "r_equivalent");
    if (rEq != null) {
      extra.put("r_equivalent", rEq);
    }
    Double missing = number(r, "dropped_missing");
    if (missing != null) {
      extra.put("dropped_missing", missing);
    }
    JsonNode ci = r.path("ci");
    Double lo =
        ci.isArray() && ci.size() == 2 && ci.get(0).isNumber() ? ci.get(0).asDouble() : null;
    Double hi =
        ci.isArray() && ci.size() == 2 && ci.get(1).isNumber() ? ci.get(1).asDouble() : null;
    Double p = number(r, "p");
    JsonNode n = r.path("n");
    return new Statistics(
        r.path("test").asText("test"),
        number(r, "statistic"),
        p == null ? null : Math.max(0, Math.min(1, p)),
        null,
        number(r, "effect"),
        text(r, "measure"),
        lo,
        hi,
        n.isNumber() ? n.asInt() : null,
        extra);
  }

  /**
   * The direction a result states.
   *
   * @param r a test's result
   * @return positive, negative or none as printed, else unspecified
   */
  public static EffectDirection direction(JsonNode r) {
    return switch (r.path("direction").asText("")) {
      case "positive" -> EffectDirection.POSITIVE;
      case "negative" -> EffectDirection.NEGATIVE;
      case "none" -> EffectDirection.NONE;
      default -> EffectDirection.UNSPECIFIED;
    };
  }

  /**
   * A result's confidence interval for a claim.
   *
   * @param r a test's result
   * @return " (95% CI 0.522 to 0.644)", or empty when the result has no interval
   */
  public static String ci(JsonNode r) {
    JsonNode ci = r.path("ci");
    if (ci.isArray() && ci.size() == 2 && ci.get(0).isNumber() && ci.get(1).isNumber()) {
      return " (95% CI " + Fmt.ci(ci.get(0).asDouble(), ci.get(1).asDouble()) + ")";
    }
    return "";
  }

  /**
   * The numbers a claim quotes: "Pearson correlation, r = 0.586, 95% CI 0.522 to 0.644, p =
   * 3.47e-42, n = 442" (the statistic stands in for an effect the result does not have).
   *
   * @param r a test's result
   * @param withTest whether to start with the test's name
   * @return the numbers
   */
  public static String numbers(JsonNode r, boolean withTest) {
    StringBuilder sb = new StringBuilder();
    String test = r.path("test").asText("");
    String measure = r.path("measure").asText("");
    if (withTest) {
      sb.append(test).append(", ");
    }
    if (!measure.isEmpty() && r.path("effect").isNumber()) {
      sb.append(measure).append(" = ").append(Fmt.num(r.path("effect").asDouble()));
      JsonNode ci = r.path("ci");
      if (ci.isArray() && ci.size() == 2 && ci.get(0).isNumber() && ci.get(1).isNumber()) {
        sb.append(", 95% CI ").append(Fmt.ci(ci.get(0).asDouble(), ci.get(1).asDouble()));
      }
      sb.append(", ");
    } else if (r.path("statistic").isNumber()) {
      sb.append(r.path("statistic_name").asText("statistic"))
          .append(" = ")
          .append(Fmt.num(r.path("statistic").asDouble()))
          .append(", ");
    }
    sb.append("p = ").append(Fmt.p(number(r, "p")));
    if (r.path("n").isNumber()) {
      sb.append(", n = ").append(r.path("n").asInt());
    }
    return sb.toString();
  }

  /**
   * The summary of a screening result: the test and why it was chosen, then the permutation p, the
   * bootstrap CI and the rows left out, when the result has them.
   *
   * @param r a pair's result
   * @return the summary
   */
  public static String summary(JsonNode r) {
    StringBuilder sb = new StringBuilder(r.path("test").asText());
    sb.append(": ").append(r.path("why").asText()).append('.');
    JsonNode e = r.path("extra");
    if (e.hasNonNull("perm_p")) {
      sb.append(" Permutation p = ")
          .append(Fmt.p(e.path("perm_p").asDouble()))
          .append(" (")
          .append(e.path("permutations").asInt())
          .append(" shuffles of the real data).");
    }
    if (e.hasNonNull("boot_lo") && e.hasNonNull("boot_hi")) {
      sb.append(" Bootstrap 95% CI ")
          .append(Fmt.ci(e.path("boot_lo").asDouble(), e.path("boot_hi").asDouble()))
          .append(" (")
          .append(e.path("bootstrap").asInt())
          .append(" resamples).");
    }
    int dropped = r.path("dropped_missing").asInt(0);
    if (dropped > 0) {
      sb.append(" ").append(dropped).append(" row(s) with a missing value left out.");
    }
    return sb.toString();
  }
}
