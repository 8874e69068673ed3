package io.kosmos.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Executor;
import io.kosmos.api.Finding;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.WorldModel;
import io.kosmos.core.Kosmos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the offline scientist on a {@link PlantedQuestions} scenario and scores what its report's
 * "Answer" says and what it validated.
 *
 * <ul>
 *   <li>The asked relation is <b>answered correctly</b> when the answer says what was planted: for
 *       a planted effect, the question's own test is validated with the planted direction and the
 *       answer opens with "Yes" and names the exposure; for a U-shape, a validated non-linearity
 *       finding on the pair and an answer that says so; for a moderator, a validated difference by
 *       it that the answer states; for a mediator, a validated indirect effect that the answer
 *       states.
 *   <li>An <b>identifier was tested</b> when the ledger holds a test of an identifier, date, free
 *       text or constant column.
 *   <li>A <b>discovery</b> is a validated finding with a p value and a direction other than {@code
 *       NONE}; it is <b>false</b> when the model does not support it: a marginal claim (screening,
 *       robustness, the question's unadjusted test) about a pair not associated; an adjusted claim
 *       (adjustment, joint model) about a pair with no direct effect; a shape claim other than the
 *       planted U; a subgroup or interaction claim other than the planted one; a mediation claim
 *       other than the planted one.
 * </ul>
 */
public final class QuestionEvaluation {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The score of one run.
   *
   * @param scenario the scenario
   * @param seed the seed
   * @param answered whether the asked relation was answered correctly
   * @param why what was missing when it was not, or what the answer said
   * @param answer the report's answer, sentences joined
   * @param identifiersTested identifier, date, text or constant columns the run tested
   * @param discoveries validated findings claiming an effect
   * @param falseDiscoveries of those, the ones the model does not support
   * @param falseClaims their claims
   * @param tests tests the run recorded
   */
  public record Result(
      String scenario,
      long seed,
      boolean answered,
      String why,
      String answer,
      List<String> identifiersTested,
      int discoveries,
      int falseDiscoveries,
      List<String> falseClaims,
      int tests) {}

  private QuestionEvaluation() {}

  /**
   * Generates a scenario's data for a seed, runs the default offline scientist on it and scores the
   * run.
   *
   * @param s the scenario
   * @param dir where to put the data and the run
   * @param seed the seed
   * @param n rows
   * @param cycles cycles
   * @param tasks tasks per cycle
   * @param executor the sandbox
   * @return the score
   */
  public static Result run(
      PlantedQuestions.Scenario s,
      Path dir,
      long seed,
      int n,
      int cycles,
      int tasks,
      Executor executor) {
    Path data = PlantedQuestions.write(s, dir.resolve(s.name() + "-" + seed), n, seed);
    Path runDir = dir.resolve(s.name() + "-" + seed).resolve("run");
    try (ResearchWorkflow workflow =
        Kosmos.workflow()
            .objective(s.question())
            .dataset(data)
            .artifactsDir(runDir)
            .executor(executor)
            .build()) {
      workflow.run(cycles, tasks);
      return score(s, seed, workflow.world(), answer(runDir));
    }
  }

  /** The report's answer sentences, joined. */
  private static String answer(Path runDir) {
    try {
      JsonNode report = JSON.readTree(runDir.resolve("report/report.json").toFile());
      List<String> sentences = new ArrayList<>();
      report.path("answer").forEach(st -> sentences.add(st.path("text").asText()));
      return String.join(" ", sentences);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Scores a run.
   *
   * @param s the scenario
   * @param seed the seed
   * @param world the run's world model
   * @param answer the report's answer
   * @return the score
   */
  public static Result score(
      PlantedQuestions.Scenario s, long seed, WorldModel world, String answer) {
    List<JsonNode> tests = notes(world, "tests:", "tests");
    List<JsonNode> checks = notes(world, "checks:", "checks");
    Map<String, JsonNode> byFinding = new HashMap<>();
    List<String> ids = new ArrayList<>();
    for (JsonNode t : tests) {
      if (t.path("finding").asInt(0) > 0) {
        byFinding.put("F-" + t.path("task").asText() + "-" + t.path("finding").asInt(), t);
      }
      for (String col :
          List.of(t.path("x").asText(), t.path("y").asText(), t.path("by").asText())) {
        if (PlantedQuestions.NEVER_TESTED.contains(col) && !ids.contains(col)) {
          ids.add(col);
        }
      }
    }
    int discoveries = 0;
    List<String> falseClaims = new ArrayList<>();
    for (Finding f : world.findings()) {
      JsonNode t = byFinding.get(f.id());
      if (t == null || !f.isValidated() || f.direction() == EffectDirection.NONE) {
        continue;
      }
      discoveries++;
      if (!supported(s, t)) {
        falseClaims.add(f.id() + " [" + t.path("kind").asText() + "] " + f.claim());
      }
    }
    String why = answered(s, world, checks, byFinding, answer);
    return new Result(
        s.name(),
        seed,
        why == null,
        why == null ? "" : why,
        answer,
        ids,
        discoveries,
        falseClaims.size(),
        falseClaims,
        tests.size());
  }

  /** Whether the model supports a validated claim, by the kind of test behind it. */
  private static boolean supported(PlantedQuestions.Scenario s, JsonNode t) {
    String kind = t.path("kind").asText();
    String x = t.path("x").asText();
    String y = t.path("y").asText();
    String by = t.path("by").asText("");
    String test = t.path("test").asText("");
    boolean asked = PlantedData.key(x, y).equals(PlantedData.key(s.exposure(), s.outcome()));
    return switch (kind) {
      case "screen", "robustness" -> s.associated(x, y);
      case "confounding", "model" -> s.direct(x, y);
      case "nonlinearity" -> s.expected().shape() && asked;
      case "subgroups", "interactions" ->
          !s.expected().moderator().isEmpty()
              && (asked
                  || PlantedData.key(x, y)
                      .equals(PlantedData.key(s.expected().moderator(), s.outcome())))
              && (by.equals(s.expected().moderator()) || by.equals(s.exposure()));
      case "question" -> {
        if (test.startsWith("Sobel")) {
          yield asked && by.equals(s.expected().mediator());
        }
        if (test.contains("interaction")) {
          yield asked && by.equals(s.expected().moderator());
        }
        yield by.isEmpty() ? s.associated(x, y) : s.direct(x, y);
      }
      default -> false;
    };
  }

  /** Why the answer is not what was planted, or {@code null} when it is. */
  private static String answered(
      PlantedQuestions.Scenario s,
      WorldModel world,
      List<JsonNode> checks,
      Map<String, JsonNode> byFinding,
      String answer) {
    PlantedQuestions.Expected e = s.expected();
    if (!e.direction().isEmpty()) {
      Finding asked = questionFinding(world, checks, "asked");
      if (asked == null) {
        return "the question's own test did not run";
      }
      EffectDirection want =
          e.direction().equals("positive") ? EffectDirection.POSITIVE : EffectDirection.NEGATIVE;
      if (!asked.isValidated() || asked.direction() != want) {
        return "the asked relation was not validated as " + e.direction() + ": " + asked.claim();
      }
      if (!answer.startsWith("Yes:") || !answer.contains(s.exposure())) {
        return "the answer does not open with yes about " + s.exposure();
      }
    }
    if (e.shape()) {
      boolean validated =
          world.findings().stream()
              .anyMatch(
                  f -> {
                    JsonNode t = byFinding.get(f.id());
                    return t != null
                        && f.isValidated()
                        && t.path("kind").asText().equals("nonlinearity")
                        && PlantedData.key(t.path("x").asText(), t.path("y").asText())
                            .equals(PlantedData.key(s.exposure(), s.outcome()));
                  });
      if (!validated || !(answer.contains("U-shaped") || answer.contains("non-linear"))) {
        return "the U-shape was not validated and stated in the answer";
      }
    }
    if (!e.moderator().isEmpty()) {
      Finding mod = questionFinding(world, checks, "moderation");
      if (mod == null || !mod.isValidated() || !answer.contains("differs by " + e.moderator())) {
        return "the difference by " + e.moderator() + " was not validated and stated";
      }
    }
    if (!e.mediator().isEmpty()) {
      Finding med = questionFinding(world, checks, "mediation");
      if (med == null || !med.isValidated() || !answer.contains("runs through " + e.mediator())) {
        return "the path through " + e.mediator() + " was not validated and stated";
      }
    }
    return null;
  }

  private static Finding questionFinding(WorldModel world, List<JsonNode> checks, String part) {
    for (JsonNode c : checks) {
      if (c.path("kind").asText().equals("question") && c.path("verdict").asText().equals(part)) {
        return world.finding(c.path("finding").asText()).orElse(null);
      }
    }
    return null;
  }

  private static List<JsonNode> notes(WorldModel world, String prefix, String field) {
    List<JsonNode> out = new ArrayList<>();
    for (Map.Entry<String, String> note : world.notes().entrySet()) {
      if (note.getKey().startsWith(prefix)) {
        try {
          JSON.readTree(note.getValue()).path(field).forEach(out::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return out;
  }

  /**
   * A one-line summary of a run.
   *
   * @param r the result
   * @return the line
   */
  public static String line(Result r) {
    return String.format(
        Locale.ROOT,
        "%-11s seed %3d  answered: %-3s  discoveries %3d  false %2d  identifiers tested: %s"
            + "  (%d tests)",
        r.scenario(),
        r.seed(),
        r.answered() ? "yes" : "NO",
        r.discoveries(),
        r.falseDiscoveries(),
        r.identifiersTested().isEmpty() ? "none" : String.join(", ", r.identifiersTested()),
        r.tests());
  }
}
