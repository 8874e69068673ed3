package io.kosmos.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Executor;
import io.kosmos.api.Finding;
import io.kosmos.api.ResearchListener;
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
 * Runs the offline scientist on {@link PlantedData} and scores what it validated.
 *
 * <p>Definitions (also in {@code docs/offline-scientist.md}):
 *
 * <ul>
 *   <li>A <b>discovery</b> is a validated data-analysis finding that claims an effect: it has a p
 *       value and a direction other than {@code NONE} (claims of no effect and the data profile are
 *       not discoveries).
 *   <li>A discovery is <b>true</b> when the model supports its claim: a marginal claim (screening,
 *       robustness) about a pair associated in the model, directly or through the confounder; an
 *       adjusted claim (confounder adjustment, joint model) about a direct cause; a non-linearity
 *       or subgroup claim never (none is planted). Otherwise it is a <b>false discovery</b>. The
 *       false discovery proportion is false discoveries over discoveries (0 when there are none).
 *   <li>A planted effect is <b>recovered</b> when a validated screening or robustness finding on
 *       its pair has the planted direction (or, for the categorical effect, any significant
 *       effect).
 *   <li>The confounded pair is <b>flagged</b> when none of its screening findings is validated and
 *       one of them gives the confounder as the reason.
 * </ul>
 */
public final class PlantedEvaluation {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The score of one seed.
   *
   * @param seed the seed
   * @param recovered planted effects recovered
   * @param planted planted effects
   * @param discoveries validated findings claiming an effect
   * @param falseDiscoveries of those, the ones the model does not support
   * @param confoundedFlagged whether the confounded pair was flagged with the confounder named
   * @param missed planted effects not recovered
   * @param falseClaims the false discoveries' claims
   * @param findings findings of the run
   * @param tests tests the run recorded
   */
  public record SeedResult(
      long seed,
      int recovered,
      int planted,
      int discoveries,
      int falseDiscoveries,
      boolean confoundedFlagged,
      List<String> missed,
      List<String> falseClaims,
      int findings,
      int tests) {

    /** Recovered over planted. */
    public double recall() {
      return planted == 0 ? 1 : recovered / (double) planted;
    }

    /** False discoveries over discoveries, 0 when there are none. */
    public double fdp() {
      return discoveries == 0 ? 0 : falseDiscoveries / (double) discoveries;
    }
  }

  private PlantedEvaluation() {}

  /**
   * Generates the data for a seed, runs the default offline scientist on it, and scores the run.
   *
   * @param dir where to put the data and the run
   * @param seed the seed
   * @param n rows
   * @param cycles cycles to run
   * @param tasks tasks per cycle
   * @param executor the sandbox
   * @param listener progress, or {@code null}
   * @return the score
   */
  public static SeedResult run(
      Path dir,
      long seed,
      int n,
      int cycles,
      int tasks,
      Executor executor,
      ResearchListener listener) {
    Path data = PlantedData.write(dir.resolve("planted-" + seed + ".csv"), n, seed);
    var builder =
        Kosmos.workflow()
            .objective(PlantedData.OBJECTIVE)
            .dataset(data, PlantedData.dictionary())
            .artifactsDir(dir.resolve("run-" + seed))
            .executor(executor);
    if (listener != null) {
      builder.listener(listener);
    }
    try (ResearchWorkflow workflow = builder.build()) {
      workflow.run(cycles, tasks);
      return score(seed, workflow.world());
    }
  }

  /**
   * Scores a run's world model against the planted model.
   *
   * @param seed the seed, for the record
   * @param world the run's world model
   * @return the score
   */
  public static SeedResult score(long seed, WorldModel world) {
    Map<String, JsonNode> tests = new HashMap<>();
    int testCount = recordedTests(world, tests);
    Tally tally = new Tally();
    for (Finding f : world.findings()) {
      JsonNode t = tests.get(f.id());
      if (t == null || f.statistics() == null || f.statistics().pValue() == null) {
        continue;
      }
      tally.add(f, t);
    }
    List<String> missed = new ArrayList<>();
    int recovered = 0;
    for (PlantedData.Effect e : PlantedData.EFFECTS) {
      if (tally.recoveredKeys.contains(PlantedData.key(e.x(), e.y()))) {
        recovered++;
      } else {
        missed.add(e.x() + " ~ " + e.y() + " (r = " + e.r() + ")");
      }
    }
    return new SeedResult(
        seed,
        recovered,
        PlantedData.EFFECTS.size(),
        tally.discoveries,
        tally.falseDiscoveries,
        !tally.confoundedValidated && tally.confoundedReason,
        missed,
        tally.falseClaims,
        world.findings().size(),
        testCount);
  }

  /**
   * Reads the tests the offline scientist recorded in the world model's notes ({@code tests:...}).
   *
   * @param world the run's world model
   * @param byFinding receives each test that produced a finding, by the finding's id
   * @return how many tests were recorded
   */
  private static int recordedTests(WorldModel world, Map<String, JsonNode> byFinding) {
    int tests = 0;
    for (Map.Entry<String, String> note : world.notes().entrySet()) {
      if (!note.getKey().startsWith("tests:")) {
        continue;
      }
      try {
        for (JsonNode t : JSON.readTree(note.getValue()).path("tests")) {
          tests++;
          int f = t.path("finding").asInt(0);
          if (f > 0) {
            byFinding.put("F-" + t.path("task").asText() + "-" + f, t);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return tests;
  }

  /** The findings of a run held against the planted model, one by one. */
  private static final class Tally {
    private static final String CONFOUNDED_KEY =
        PlantedData.key(PlantedData.CONFOUNDED.x(), PlantedData.CONFOUNDED.y());

    int discoveries;
    int falseDiscoveries;
    final List<String> falseClaims = new ArrayList<>();
    final List<String> recoveredKeys = new ArrayList<>();
    boolean confoundedValidated;
    boolean confoundedReason;

    /** Counts a finding with a p value, given the test that produced it. */
    void add(Finding f, JsonNode test) {
      String kind = test.path("kind").asText();
      String x = test.path("x").asText();
      String y = test.path("y").asText();
      String key = PlantedData.key(x, y);
      if (kind.equals("screen") && key.equals(CONFOUNDED_KEY)) {
        if (f.isValidated()) {
          confoundedValidated = true;
        } else if (f.validation() != null
            && f.validation().reasons().stream()
                .anyMatch(r -> r.contains("confounded") && r.contains(PlantedData.CONFOUNDER))) {
          confoundedReason = true;
        }
      }
      if (!f.isValidated() || f.direction() == EffectDirection.NONE) {
        return;
      }
      discoveries++;
      boolean marginal = kind.equals("screen") || kind.equals("robustness");
      boolean truth =
          switch (kind) {
            case "screen", "robustness" -> PlantedData.associated(x, y);
            case "confounding", "model" -> PlantedData.direct(x, y);
            default -> false;
          };
      if (!truth) {
        falseDiscoveries++;
        falseClaims.add(f.id() + " [" + kind + "] " + f.claim());
      }
      if (marginal && truth) {
        for (PlantedData.Effect e : PlantedData.EFFECTS) {
          if (PlantedData.key(e.x(), e.y()).equals(key)
              && (!e.signed() || f.direction() == EffectDirection.POSITIVE)) {
            recoveredKeys.add(key);
          }
        }
      }
    }
  }

  /**
   * A one-line summary of a seed.
   *
   * @param r the result
   * @return the line
   */
  public static String line(SeedResult r) {
    return String.format(
        Locale.ROOT,
        "seed %3d  recall %d/%d = %.2f  discoveries %3d  false %2d  FDP %.3f  confounded pair"
            + " flagged: %s  (%d findings, %d tests)",
        r.seed(),
        r.recovered(),
        r.planted(),
        r.recall(),
        r.discoveries(),
        r.falseDiscoveries(),
        r.fdp(),
        r.confoundedFlagged() ? "yes" : "NO",
        r.findings(),
        r.tests());
  }
}
