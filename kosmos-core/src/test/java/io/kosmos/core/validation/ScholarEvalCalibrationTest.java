package io.kosmos.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.ValidationResult;
import io.kosmos.core.fixtures.ScriptedModel;
import io.kosmos.core.internal.agents.Drafts.Scored;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ScholarEval's default weights and pass mark against a labelled set of findings: the eight
 * dimension scores a careful judge gave each finding, and whether the finding is sound. 22 come
 * from a recorded run on the example data (the judge's answers as recorded), 17 were written for
 * the calibration (causal overreach, numbers no cell printed, post-hoc subgroups, null claims from
 * p alone; and sound but expected results). Prints the agreement of the defaults and of the
 * previous defaults, which failed sound but unsurprising results on impact and novelty.
 */
class ScholarEvalCalibrationTest {

  private static final Map<String, Double> PREVIOUS_WEIGHTS =
      Map.of(
          "rigor", 0.25,
          "impact", 0.20,
          "novelty", 0.15,
          "reproducibility", 0.15,
          "clarity", 0.10,
          "coherence", 0.10,
          "limitations", 0.03,
          "ethics", 0.02);

  private record Labelled(String claim, boolean sound, Map<String, Scored> scores) {}

  private static List<Labelled> labelled() throws Exception {
    JsonNode root;
    try (InputStream in =
        ScholarEvalCalibrationTest.class.getResourceAsStream(
            "/calibration/scholar-eval-labelled.json")) {
      root = new ObjectMapper().readTree(in);
    }
    List<Labelled> out = new ArrayList<>();
    for (JsonNode item : root) {
      Map<String, Scored> scores = new LinkedHashMap<>();
      item.path("scores")
          .properties()
          .forEach(e -> scores.put(e.getKey(), new Scored(e.getValue().asDouble(), "labelled")));
      out.add(
          new Labelled(
              item.path("claim").asText(), item.path("label").asText().equals("sound"), scores));
    }
    return out;
  }

  private static double agreement(ScholarEvalValidator judge, List<Labelled> set, String name) {
    int agree = 0;
    int soundFailed = 0;
    int unsoundPassed = 0;
    for (Labelled l : set) {
      ValidationResult r = judge.judge(l.scores());
      if (r.passed() == l.sound()) {
        agree++;
      } else if (l.sound()) {
        soundFailed++;
      } else {
        unsoundPassed++;
      }
    }
    double share = (double) agree / set.size();
    System.out.printf(
        Locale.ROOT,
        "ScholarEval calibration, %s weights %s, pass at %.2f and rigor %.2f: agreement %d/%d"
            + " (%.3f); sound failed %d, unsound passed %d%n",
        name,
        judge.weights(),
        judge.minOverall(),
        judge.minRigor(),
        agree,
        set.size(),
        share,
        soundFailed,
        unsoundPassed);
    return share;
  }

  @Test
  void theDefaultsAgreeWithTheLabelsBetterThanThePreviousOnes() throws Exception {
    List<Labelled> set = labelled();
    assertThat(set).hasSizeGreaterThanOrEqualTo(30);
    assertThat(set).anyMatch(Labelled::sound).anyMatch(l -> !l.sound());

    double now =
        agreement(ScholarEvalValidator.builder(new ScriptedModel()).build(), set, "default");
    var previous = ScholarEvalValidator.builder(new ScriptedModel());
    PREVIOUS_WEIGHTS.forEach(previous::weight);
    double before = agreement(previous.build(), set, "previous");

    assertThat(now).isGreaterThanOrEqualTo(0.9).isGreaterThan(before);
  }
}
