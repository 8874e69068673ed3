package io.kosmos.core.validation;

import io.kosmos.api.BudgetExceededException;
import io.kosmos.api.Finding;
import io.kosmos.api.KosmosException;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.ValidationContext;
import io.kosmos.api.ValidationResult;
import io.kosmos.api.Validator;
import io.kosmos.core.internal.agents.Drafts.ScholarEvalScores;
import io.kosmos.core.internal.agents.Drafts.Scored;
import io.kosmos.core.internal.agents.ModelCalls;
import io.kosmos.core.internal.agents.Prompts;
import io.kosmos.core.internal.agents.Text;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.llm.LanguageModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A ScholarEval-style validator: a language model scores a finding from 0 to 1 on eight dimensions,
 * each with a reason, and the finding passes when the weighted mean is at least the overall
 * threshold and rigor is at least its own.
 *
 * <table>
 *   <caption>Dimensions and default weights</caption>
 *   <tr><th>dimension</th><th>weight</th></tr>
 *   <tr><td>rigor</td><td>0.35</td></tr>
 *   <tr><td>impact</td><td>0.08</td></tr>
 *   <tr><td>novelty</td><td>0.05</td></tr>
 *   <tr><td>reproducibility</td><td>0.15</td></tr>
 *   <tr><td>clarity</td><td>0.10</td></tr>
 *   <tr><td>coherence</td><td>0.15</td></tr>
 *   <tr><td>limitations</td><td>0.10</td></tr>
 *   <tr><td>ethics</td><td>0.02</td></tr>
 * </table>
 *
 * <p>Defaults: pass at an overall score of 0.75 and rigor of 0.70. The weights were calibrated on a
 * labelled set of sound and unsound findings (docs/llm-agents.md, "Validation"): rigor, coherence
 * and limitations decide soundness, while impact and novelty, which made sound but expected results
 * fail, count little. Weights are normalized by their sum, so they need not add up to 1. The model
 * sees the finding (claim, how it was obtained, statistics, direction, variables, citations,
 * hypothesis), the objective and up to eight related findings of the run. Scores outside 0 to 1 are
 * clamped.
 *
 * <pre>{@code
 * Validator judge = ScholarEvalValidator.builder(model)
 *     .weight("novelty", 0.30)
 *     .thresholds(0.70, 0.60)
 *     .build();
 * }</pre>
 *
 * <p>For findings with statistics, combine it with a statistical validator: {@link
 * CombinedValidator#of(Validator, Validator)}. Thread-safe.
 */
public final class ScholarEvalValidator implements Validator {

  /** The name results carry in {@link ValidationResult#validator()}. */
  public static final String NAME = "scholar-eval";

  /** The eight dimensions, in order. */
  public static final List<String> DIMENSIONS =
      List.of(
          "rigor",
          "impact",
          "novelty",
          "reproducibility",
          "clarity",
          "coherence",
          "limitations",
          "ethics");

  /** The default weight of each dimension. */
  public static final Map<String, Double> DEFAULT_WEIGHTS = defaultWeights();

  /** Default lowest overall (weighted) score that passes. */
  public static final double DEFAULT_MIN_OVERALL = 0.75;

  /** Default lowest rigor score that passes. */
  public static final double DEFAULT_MIN_RIGOR = 0.70;

  static final String PURPOSE = "validation";
  private static final int MAX_RELATED = 8;

  /** Default most scoring calls a task's findings make at once. */
  public static final int DEFAULT_MAX_PARALLEL_CALLS = 4;

  private final ModelCalls calls;
  private final Map<String, Double> weights;
  private final double minOverall;
  private final double minRigor;
  private final int maxParallel;

  ScholarEvalValidator(
      ModelCalls calls, Map<String, Double> weights, double minOverall, double minRigor) {
    this(calls, weights, minOverall, minRigor, DEFAULT_MAX_PARALLEL_CALLS);
  }

  ScholarEvalValidator(
      ModelCalls calls,
      Map<String, Double> weights,
      double minOverall,
      double minRigor,
      int maxParallel) {
    this.calls = calls;
    this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    this.minOverall = minOverall;
    this.minRigor = minRigor;
    this.maxParallel = maxParallel;
  }

  private static Map<String, Double> defaultWeights() {
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("rigor", 0.35);
    w.put("impact", 0.08);
    w.put("novelty", 0.05);
    w.put("reproducibility", 0.15);
    w.put("clarity", 0.10);
    w.put("coherence", 0.15);
    w.put("limitations", 0.10);
    w.put("ethics", 0.02);
    return Collections.unmodifiableMap(w);
  }

  /**
   * Starts a builder.
   *
   * @param model the model that scores; wrap it in the run's budget first
   * @return a new builder with the default weights and thresholds
   */
  public static Builder builder(LanguageModel model) {
    return new Builder(model);
  }

  /**
   * The weights in use.
   *
   * @return dimension to weight, in {@link #DIMENSIONS} order
   */
  public Map<String, Double> weights() {
    return weights;
  }

  /**
   * The overall threshold.
   *
   * @return the lowest overall score that passes
   */
  public double minOverall() {
    return minOverall;
  }

  /**
   * The rigor threshold.
   *
   * @return the lowest rigor score that passes
   */
  public double minRigor() {
    return minRigor;
  }

  @Override
  public ValidationResult validate(Finding finding, ValidationContext context) {
    Prompts p = calls.prompts();
    ScholarEvalScores s =
        calls
            .ask(
                PURPOSE,
                p.text(Prompts.Name.SCHOLAR_EVAL_SYSTEM),
                p.render(
                    Prompts.Name.SCHOLAR_EVAL_USER, ScholarEvalPrompt.variables(finding, context)),
                ScholarEvalScores.class)
            .value();
    Map<String, Scored> byDimension = new LinkedHashMap<>();
    byDimension.put("rigor", s.rigor());
    byDimension.put("impact", s.impact());
    byDimension.put("novelty", s.novelty());
    byDimension.put("reproducibility", s.reproducibility());
    byDimension.put("clarity", s.clarity());
    byDimension.put("coherence", s.coherence());
    byDimension.put("limitations", s.limitations());
    byDimension.put("ethics", s.ethics());
    return judge(byDimension);
  }

  /**
   * Judges a task's findings with up to {@code maxParallelCalls} model calls at once (the model
   * client's own limits on concurrent requests and requests per minute still apply). A finding
   * whose call fails gets a failing judgement that says why; a spent budget or a rejected key stops
   * them all.
   */
  @Override
  public List<ValidationResult> validateAll(List<Finding> findings, ValidationContext context) {
    return ParallelCalls.map(findings, maxParallel, f -> validateOrExplain(f, context));
  }

  private ValidationResult validateOrExplain(Finding f, ValidationContext context) {
    try {
      return validate(f, context);
    } catch (BudgetExceededException | ModelAuthenticationException e) {
      throw e;
    } catch (KosmosException e) {
      return new ValidationResult(
          NAME, false, 0, Map.of(), List.of("the judgement could not be made: " + e.getMessage()));
    }
  }

  /** Turns the eight scores into a judgement. */
  ValidationResult judge(Map<String, Scored> byDimension) {
    Map<String, Double> dims = new LinkedHashMap<>();
    List<String> explained = new ArrayList<>();
    double sum = 0;
    double weightSum = 0;
    for (String d : DIMENSIONS) {
      Scored scored = byDimension.get(d);
      double score = scored == null ? 0 : clamp(scored.score());
      dims.put(d, score);
      double w = weights.get(d);
      sum += w * score;
      weightSum += w;
      String reason =
          scored == null || Text.blank(scored.reason())
              ? "no reason given"
              : scored.reason().strip();
      explained.add(String.format(Locale.ROOT, "%s %.2f: %s", d, score, reason));
    }
    double overall = weightSum == 0 ? 0 : clamp(sum / weightSum);
    double rigor = dims.get("rigor");
    List<String> reasons = new ArrayList<>();
    boolean passed = true;
    if (overall < minOverall) {
      passed = false;
      reasons.add(
          String.format(
              Locale.ROOT,
              "overall score %s is below the %.2f needed to pass",
              FindingJudge.below(overall, minOverall),
              minOverall));
    }
    if (rigor < minRigor) {
      passed = false;
      reasons.add(
          String.format(
              Locale.ROOT,
              "rigor %s is below the %.2f needed to pass",
              FindingJudge.below(rigor, minRigor),
              minRigor));
    }
    if (passed) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "overall score %.2f (at least %.2f) and rigor %.2f (at least %.2f)",
              overall,
              minOverall,
              rigor,
              minRigor));
    }
    reasons.addAll(explained);
    return new ValidationResult(NAME, passed, overall, dims, reasons);
  }

  private static double clamp(double d) {
    if (Double.isNaN(d)) {
      return 0;
    }
    return Math.max(0, Math.min(1, d));
  }

  @Override
  public String toString() {
    return "ScholarEvalValidator{weights="
        + weights
        + ", minOverall="
        + minOverall
        + ", minRigor="
        + minRigor
        + "}";
  }

  /**
   * Builds {@link ScholarEvalValidator}s. Each option may be set once (each dimension's weight
   * once): setting it again fails with {@link IllegalStateException} naming it. A value out of
   * range fails at once with {@link IllegalArgumentException} naming the option and the value; a
   * prompt override that cannot be used fails in {@link #build()}, with {@link
   * io.kosmos.api.InvalidInputException}.
   */
  public static final class Builder {
    private final LanguageModel model;
    private final Map<String, Double> weights = new LinkedHashMap<>(DEFAULT_WEIGHTS);
    private final Set<String> weightsSet = new HashSet<>();
    private Double minOverall;
    private Double minRigor;
    private Double temperature;
    private Integer maxTokens;
    private Path promptsDirectory;
    private Budget budget;
    private Integer maxParallelCalls;

    private Builder(LanguageModel model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * Sets the weight of a dimension.
     *
     * @param dimension one of {@link #DIMENSIONS}
     * @param weight 0 or more
     * @return this builder
     */
    public Builder weight(String dimension, double weight) {
      Objects.requireNonNull(dimension, "dimension");
      if (!DIMENSIONS.contains(dimension)) {
        throw new IllegalArgumentException(
            "unknown ScholarEval dimension '" + dimension + "'; the dimensions are " + DIMENSIONS);
      }
      if (!weightsSet.add(dimension)) {
        throw new IllegalStateException(
            "the weight of " + dimension + " was already set; set each option once");
      }
      if (!(weight >= 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException(
            "the weight of " + dimension + " must be 0 or more, was " + weight);
      }
      weights.put(dimension, weight);
      return this;
    }

    /**
     * Sets the pass thresholds.
     *
     * @param minOverall lowest overall score that passes, from 0 to 1
     * @param minRigor lowest rigor score that passes, from 0 to 1
     * @return this builder
     */
    public Builder thresholds(double minOverall, double minRigor) {
      if (this.minOverall != null) {
        throw new IllegalStateException("thresholds were already set; set each option once");
      }
      if (!(minOverall >= 0 && minOverall <= 1) || !(minRigor >= 0 && minRigor <= 1)) {
        throw new IllegalArgumentException(
            "ScholarEval thresholds must be between 0 and 1, were "
                + minOverall
                + " and "
                + minRigor);
      }
      this.minOverall = minOverall;
      this.minRigor = minRigor;
      return this;
    }

    /**
     * Sets the sampling temperature of the scoring calls; unset, the provider's default is used.
     *
     * @param temperature 0 or more
     * @return this builder
     */
    public Builder temperature(double temperature) {
      if (this.temperature != null) {
        throw new IllegalStateException("temperature was already set; set each option once");
      }
      if (!(temperature >= 0 && temperature <= 2)) {
        throw new IllegalArgumentException(
            "temperature must be between 0 and 2, was " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /**
     * Sets the output token limit of a scoring call (default 2048).
     *
     * @param maxTokens 1 or more
     * @return this builder
     */
    public Builder maxTokens(int maxTokens) {
      if (this.maxTokens != null) {
        throw new IllegalStateException("maxTokens was already set; set each option once");
      }
      if (maxTokens < 1) {
        throw new IllegalArgumentException("maxTokens must be 1 or more, was " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Sets a directory whose prompt files replace the shipped ones of the same name (see {@link
     * io.kosmos.core.team.llm.LlmAgents.Builder#promptsDirectory(Path)}).
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder promptsDirectory(Path dir) {
      if (this.promptsDirectory != null) {
        throw new IllegalStateException("promptsDirectory was already set; set each option once");
      }
      this.promptsDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Counts every scoring call against a budget. Leave unset if the model given to the builder is
     * already budgeted.
     *
     * @param budget the budget
     * @return this builder
     */
    public Builder budget(Budget budget) {
      if (this.budget != null) {
        throw new IllegalStateException("budget was already set; set each option once");
      }
      this.budget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /**
     * Sets how many scoring calls the findings of one task may make at once (default {@value
     * ScholarEvalValidator#DEFAULT_MAX_PARALLEL_CALLS}); the model client's limits on concurrent
     * requests and requests per minute apply on top.
     *
     * @param calls 1 or more
     * @return this builder
     */
    public Builder maxParallelCalls(int calls) {
      if (this.maxParallelCalls != null) {
        throw new IllegalStateException("maxParallelCalls was already set; set each option once");
      }
      if (calls < 1) {
        throw new IllegalArgumentException("maxParallelCalls must be 1 or more, was " + calls);
      }
      this.maxParallelCalls = calls;
      return this;
    }

    /**
     * Builds the validator.
     *
     * @return the validator
     * @throws io.kosmos.api.InvalidInputException if the prompts directory does not exist, or a
     *     prompt override in it is malformed or uses an unknown variable
     * @throws IllegalStateException if every weight was set to 0
     */
    public ScholarEvalValidator build() {
      Prompts prompts = prompts(promptsDirectory);
      LanguageModel with = budget == null ? model : LanguageModels.budgeted(model, budget);
      double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
      if (!(sum > 0)) {
        throw new IllegalStateException(
            "every ScholarEval weight was set to 0; set at least one weight above 0");
      }
      return new ScholarEvalValidator(
          new ModelCalls(with, prompts, temperature, maxTokens == null ? 2048 : maxTokens),
          weights,
          minOverall == null ? DEFAULT_MIN_OVERALL : minOverall,
          minRigor == null ? DEFAULT_MIN_RIGOR : minRigor,
          maxParallelCalls == null ? DEFAULT_MAX_PARALLEL_CALLS : maxParallelCalls);
    }

    // A prompt override is the user's own file: when it cannot be used, say so as bad input, as a
    // missing dataset is, so that a command line reports it without a stack trace.
    private static Prompts prompts(Path overrides) {
      if (overrides == null) {
        return Prompts.builtIn();
      }
      try {
        return Prompts.load(overrides);
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        throw new io.kosmos.api.InvalidInputException(e.getMessage(), e);
      }
    }
  }
}
