package io.kosmos.core.validation;

import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Statistics;
import io.kosmos.api.ValidationContext;
import io.kosmos.api.ValidationResult;
import io.kosmos.api.Validator;
import io.kosmos.core.internal.stats.Ledger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Judges data-analysis findings from their statistics alone, with a ScholarEval-shaped rubric and
 * hard gates, and controls the false discovery rate across the whole run.
 *
 * <p><b>False discovery rate.</b> Every test a run performs (significant or not, follow-ups
 * included) is in its test ledger (the {@code tests:<task id>} notes the offline analyst writes). A
 * finding's adjusted p is its Benjamini–Hochberg value over all of them. {@link #validate} uses the
 * tests known when the cycle started plus those of the finding's own task; {@link #reassess}, which
 * the engine calls at the end of each cycle, recomputes every finding's adjusted p over the whole
 * run and revises the findings whose numbers or judgement change. Findings that are not in a ledger
 * (from another analyst) join the family with their own p value.
 *
 * <p><b>Dimensions</b> (0 to 1) and weights: rigor 0.25 (sample size, adjusted p against q, a CI
 * that excludes no effect, assumptions met, permutation p agreeing, robustness checks passed),
 * impact 0.20 (effect size as a correlation: 0.25 + 1.5 |r|, capped at 1, times 0.75 when the
 * finding concerns none of the variables the objective names), novelty 0.15 (0.5: the statistics
 * cannot tell what is known), reproducibility 0.15 (bootstrap, permutation and robustness
 * agreement), clarity 0.10 (share of the statistics present), coherence 0.10 (not explained away or
 * reversed by adjustment), limitations 0.03 (observational data, missing rows, unmet assumptions),
 * ethics 0.02 (0.5: not judged).
 *
 * <p><b>Pass rule.</b> Overall score at least 0.75, rigor at least 0.70, and the hard gates: n at
 * least the minimum; adjusted p at most q; for a claim of no effect (direction {@code NONE}),
 * instead, a 95% CI inside the negligible band (|r| &lt; 0.1 as a correlation); not explained away
 * or reversed by adjustment for a measured variable; not fragile (permutation null, bootstrap CI,
 * or the refit without influential points). The reasons always say why.
 *
 * <p>Where it sits: the engine calls {@link #validate} for each finding while its task commits (the
 * task's own ledger notes come as {@link ValidationContext#taskNotes()}, since they are not in the
 * world yet) and {@link #reassess} at the end of each cycle. The offline scientist's team uses one
 * built from its options; a language model team can use one too, alone or combined with ScholarEval
 * ({@link CombinedValidator}).
 *
 * <p>Immutable and thread-safe: it keeps nothing between calls.
 */
public final class StatisticalValidator implements Validator {

  /** The name in {@link ValidationResult#validator()}. */
  public static final String NAME = "statistical";

  private final FindingJudge.Thresholds thresholds;

  private StatisticalValidator(FindingJudge.Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  /**
   * A validator with the defaults: q = 0.05, alpha = 0.05, n at least 20, negligible |r| below 0.1,
   * pass at overall 0.75 and rigor 0.70.
   *
   * @return the validator
   */
  public static StatisticalValidator create() {
    return builder().build();
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds {@link StatisticalValidator}s, following the builder convention of {@code
   * WorkflowBuilder}: each option may be set once (setting it again throws {@link
   * IllegalStateException} naming it), and a value out of range throws {@link
   * IllegalArgumentException} when it is set, naming the option and the value.
   *
   * <p>Defaults (those of {@link StatisticalValidator#create()}): fdr 0.05, alpha 0.05, minN 20,
   * negligible 0.1, passAt 0.75 overall and 0.70 rigor.
   */
  public static final class Builder {
    private Double fdr;
    private Double alpha;
    private Integer minN;
    private Double negligible;
    private Double passScore;
    private Double minRigor;

    private Builder() {}

    private static void requireUnset(Object value, String option) {
      if (value != null) {
        throw new IllegalStateException(option + " was already set; set each option once");
      }
    }

    private static double unit(double v, String option, boolean open) {
      if (!(v > 0 && (open ? v < 1 : v <= 1))) {
        throw new IllegalArgumentException(
            option + " must be above 0 and " + (open ? "below" : "at most") + " 1, was " + v);
      }
      return v;
    }

    /**
     * Sets the false discovery rate q a finding's adjusted p must not exceed (default 0.05).
     *
     * @param q above 0 and below 1
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder fdr(double q) {
      requireUnset(fdr, "fdr");
      this.fdr = unit(q, "fdr", true);
      return this;
    }

    /**
     * Sets the significance level used for the permutation and bootstrap agreement checks (default
     * 0.05).
     *
     * @param alpha above 0 and below 1
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder alpha(double alpha) {
      requireUnset(this.alpha, "alpha");
      this.alpha = unit(alpha, "alpha", true);
      return this;
    }

    /**
     * Sets the fewest observations a finding may rest on (default 20).
     *
     * @param n 3 or more
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if it is below 3
     */
    public Builder minN(int n) {
      requireUnset(minN, "minN");
      if (n < 3) {
        throw new IllegalArgumentException("minN must be 3 or more, was " + n);
      }
      this.minN = n;
      return this;
    }

    /**
     * Sets the effect size, as a correlation, below which an effect is negligible: a claim of no
     * effect passes only when its 95% CI lies within it (default 0.1).
     *
     * @param r above 0 and below 1
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder negligible(double r) {
      requireUnset(negligible, "negligible");
      this.negligible = unit(r, "negligible", true);
      return this;
    }

    /**
     * Sets the lowest overall score and the lowest rigor score that pass (default 0.75 and 0.70).
     *
     * @param overall above 0 and at most 1
     * @param rigor above 0 and at most 1
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if either is out of range
     */
    public Builder passAt(double overall, double rigor) {
      requireUnset(passScore, "passAt");
      double o = unit(overall, "passAt overall", false);
      double r = unit(rigor, "passAt rigor", false);
      this.passScore = o;
      this.minRigor = r;
      return this;
    }

    /**
     * Builds the validator. Every value was checked when it was set, so this cannot fail.
     *
     * @return the validator
     */
    public StatisticalValidator build() {
      return new StatisticalValidator(
          new FindingJudge.Thresholds(
              fdr != null ? fdr : 0.05,
              alpha != null ? alpha : 0.05,
              minN != null ? minN : 20,
              negligible != null ? negligible : 0.1,
              passScore != null ? passScore : 0.75,
              minRigor != null ? minRigor : 0.70));
    }
  }

  /**
   * The false discovery rate q a finding's adjusted p must not exceed.
   *
   * @return q
   */
  public double fdr() {
    return thresholds.fdr();
  }

  /**
   * The fewest observations a finding may rest on.
   *
   * @return n
   */
  public int minN() {
    return thresholds.minN();
  }

  /**
   * The effect, as a correlation, below which an effect is negligible.
   *
   * @return |r|
   */
  public double negligible() {
    return thresholds.negligible();
  }

  /**
   * The lowest overall score that passes.
   *
   * @return the score
   */
  public double passScore() {
    return thresholds.passScore();
  }

  // ---- Validator ---------------------------------------------------------------------------

  /**
   * {@code false}: a finding is judged by its own statistics, the run's test ledger and its task's
   * notes, never by what parallel tasks of its cycle found, so its task need not wait for them.
   */
  @Override
  public boolean readsCycleFindings() {
    return false;
  }

  @Override
  public ValidationResult validate(Finding finding, ValidationContext context) {
    Objects.requireNonNull(finding, "finding");
    Objects.requireNonNull(context, "context");
    ValidationResult early = notTested(finding);
    if (early != null) {
      return early;
    }
    List<Ledger.TestEntry> tests = new ArrayList<>(Ledger.tests(context.world()));
    List<Ledger.CheckEntry> checks = new ArrayList<>(Ledger.checks(context.world()));
    // The finding's task is still committing: its own tests and checks come with the context.
    tests.addAll(Ledger.tests(context.taskNotes()));
    checks.addAll(Ledger.checks(context.taskNotes()));
    TestFamily family = new TestFamily(tests, List.of());
    Ledger.TestEntry entry = Ledger.testOf(tests, finding.id());
    Statistics s = finding.statistics().withAdjustedP(family.adjusted(finding, entry));
    return new FindingJudge(thresholds, checks, family, new ObjectiveRelevance(context))
        .judge(finding, s, entry);
  }

  @Override
  public List<Finding> reassess(List<Finding> findings, ValidationContext context) {
    List<Ledger.TestEntry> tests = Ledger.tests(context.world());
    List<Ledger.CheckEntry> checks = Ledger.checks(context.world());
    Set<String> ledgered = new HashSet<>();
    for (Ledger.TestEntry t : tests) {
      if (t.findingId() != null) {
        ledgered.add(t.findingId());
      }
    }
    List<Double> foreign = new ArrayList<>();
    for (Finding f : findings) {
      if (notTested(f) == null && !ledgered.contains(f.id())) {
        foreign.add(f.statistics().pValue());
        // a finding's further estimates (subgroups, interaction terms) are tests of the run too
        for (io.kosmos.api.Estimate e : f.statistics().estimates()) {
          if (e.pValue() != null) {
            foreign.add(e.pValue());
          }
        }
      }
    }
    TestFamily family = new TestFamily(tests, foreign);
    FindingJudge judge =
        new FindingJudge(thresholds, checks, family, new ObjectiveRelevance(context));
    List<Finding> revised = new ArrayList<>();
    for (Finding f : findings) {
      if (notTested(f) != null) {
        continue;
      }
      Ledger.TestEntry entry = ledgered.contains(f.id()) ? Ledger.testOf(tests, f.id()) : null;
      double adjusted = entry != null ? family.of(entry.p()) : family.of(f.statistics().pValue());
      Statistics s = f.statistics().withAdjustedP(adjusted);
      ValidationResult v = judge.judge(f, s, entry);
      Double old = f.statistics().adjustedP();
      boolean statsChanged = old == null || Math.abs(old - adjusted) > 1e-12;
      if (statsChanged || !v.equals(f.validation())) {
        revised.add(f.withStatistics(s).withValidation(v));
      }
    }
    return revised;
  }

  /** The result for findings that carry no test, or {@code null} for those that do. */
  private static ValidationResult notTested(Finding f) {
    if (f.kind() == FindingKind.LITERATURE) {
      return new ValidationResult(
          NAME,
          true,
          0.7,
          Map.of(),
          List.of(
              "a literature finding quoting its source; the statistical validator does not judge"
                  + " it further"));
    }
    Statistics s = f.statistics();
    if (s == null) {
      return new ValidationResult(
          NAME, false, 0, Map.of(), List.of("the finding has no statistics to judge"));
    }
    if (s.pValue() == null) {
      return new ValidationResult(
          NAME,
          true,
          0.6,
          Map.of(),
          List.of("descriptive: counts and summaries read from the data, with no inference"));
    }
    return null;
  }
}
