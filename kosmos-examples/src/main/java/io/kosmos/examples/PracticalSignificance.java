package io.kosmos.examples;

import io.kosmos.api.Agents;
import io.kosmos.api.Finding;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.Statistics;
import io.kosmos.api.ValidationContext;
import io.kosmos.api.ValidationResult;
import io.kosmos.api.Validator;
import io.kosmos.core.Kosmos;
import io.kosmos.core.team.offline.OfflineScientist;
import io.kosmos.core.validation.CombinedValidator;
import io.kosmos.sandbox.DockerSandboxExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A custom {@link Validator}: a finding must be practically significant, not only statistically:
 * enough observations, and an effect at least as large as the smallest one that matters. It is
 * combined with the offline scientist's statistical validator (which keeps its false discovery rate
 * across the run), so a finding is validated only when both pass.
 *
 * <pre>
 * java io.kosmos.examples.PracticalSignificance [data.csv] [run directory]
 * </pre>
 */
public final class PracticalSignificance implements Validator {

  private final int minN;
  private final double minEffect;

  /**
   * Creates the validator.
   *
   * @param minN the fewest observations a finding may rest on
   * @param minEffect the smallest absolute effect size that matters
   */
  public PracticalSignificance(int minN, double minEffect) {
    this.minN = minN;
    this.minEffect = minEffect;
  }

  @Override
  public ValidationResult validate(Finding finding, ValidationContext context) {
    Statistics s = finding.statistics();
    if (s == null) {
      return new ValidationResult("practical", true, 1.0, Map.of(), List.of());
    }
    List<String> reasons = new ArrayList<>();
    if (s.n() != null && s.n() < minN) {
      reasons.add("rests on " + s.n() + " observations; at least " + minN + " are needed");
    }
    if (s.effectSize() != null && Math.abs(s.effectSize()) < minEffect) {
      reasons.add(
          "the effect ("
              + s.effectMeasure()
              + " "
              + s.effectSize()
              + ") is below the smallest that matters, "
              + minEffect);
    }
    return new ValidationResult(
        "practical", reasons.isEmpty(), reasons.isEmpty() ? 1.0 : 0.0, Map.of(), reasons);
  }

  /**
   * Runs one cycle of the offline scientist with this validator combined with its own.
   *
   * @param args the data file and the run directory, both optional
   */
  public static void main(String[] args) {
    Path data = Path.of(args.length > 0 ? args[0] : "kosmos-examples/data/diabetes.csv");
    Path runDir = Path.of(args.length > 1 ? args[1] : "runs/practical");

    OfflineScientist scientist = OfflineScientist.builder().build();
    Agents offline = scientist.team();
    Agents team =
        new Agents(
            offline.description() + ", with a practical-significance judge",
            offline.planCreator(),
            offline.planReviewer(),
            offline.dataAnalyst(),
            offline.literatureAnalyst(),
            CombinedValidator.of(scientist.validator(), new PracticalSignificance(100, 0.2)),
            offline.reportWriter());

    try (DockerSandboxExecutor executor = DockerSandboxExecutor.create();
        ResearchWorkflow workflow =
            Kosmos.workflow()
                .objective("What drives disease progression in this cohort?")
                .dataset(data)
                .artifactsDir(runDir)
                .executor(executor)
                .agents(team)
                .build()) {
      ResearchResult result = workflow.run(1, 3);
      long practical =
          result.findings().stream()
              .filter(f -> f.validation() != null)
              .filter(
                  f -> f.validation().reasons().stream().anyMatch(r -> r.startsWith("[practical]")))
              .count();
      System.out.printf(
          "%s: %d finding(s), %d validated, %d held back by the practical-significance judge%n",
          result.status(), result.findings().size(), result.validatedFindings().size(), practical);
    }
  }
}
