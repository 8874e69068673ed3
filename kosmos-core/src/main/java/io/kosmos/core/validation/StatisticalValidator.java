package io.kosmos.core.validation;

import io.kosmos.api.Dataset;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Statistics;
import io.kosmos.api.ValidationContext;
import io.kosmos.api.ValidationResult;
import io.kosmos.api.Validator;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.stats.BenjaminiHochberg;
import io.kosmos.core.internal.stats.Effects;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.Ledger;
import io.kosmos.core.internal.stats.ObjectiveMatcher;
import io.kosmos.core.internal.stats.Profile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * <p>Thread-safe. Usable on its own ({@link #create()}) or with the offline scientist, which shares
 * the tests of tasks still in flight with it.
 */
public final class StatisticalValidator implements Validator {

  /** The name in {@link ValidationResult#validator()}. */
  public static final String NAME = "statistical";

  /** Dimension weights, ScholarEval-shaped; they sum to 1. */
  static final Map<String, Double> WEIGHTS;

  static {
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("rigor", 0.25);
    w.put("impact", 0.20);
    w.put("novelty", 0.15);
    w.put("reproducibility", 0.15);
    w.put("clarity", 0.10);
    w.put("coherence", 0.10);
    w.put("limitations", 0.03);
    w.put("ethics", 0.02);
    WEIGHTS = java.util.Collections.unmodifiableMap(w);
  }

  /** Dimensions reported at 0.5 and left out of the overall score. */
  static final Set<String> NOT_JUDGED = Set.of("novelty", "ethics");

  private final double fdr;
  private final double alpha;
  private final int minN;
  private final double negligible;
  private final double passScore;
  private final double minRigor;

  private StatisticalValidator(Builder b) {
    this.fdr = b.fdr;
    this.alpha = b.alpha;
    this.minN = b.minN;
    this.negligible = b.negligible;
    this.passScore = b.passScore;
    this.minRigor = b.minRigor;
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

  /** Builds {@link StatisticalValidator}s; each option may be set once. */
  public static final class Builder {
    private double fdr = 0.05;
    private double alpha = 0.05;
    private int minN = 20;
    private double negligible = 0.1;
    private double passScore = 0.75;
    private double minRigor = 0.70;
    private final Set<String> set = new HashSet<>();

    private Builder() {}

    private void once(String option) {
      if (!set.add(option)) {
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
     * Sets the false discovery rate q a finding's adjusted p must not exceed.
     *
     * @param q from 0 to 1, exclusive
     * @return this builder
     */
    public Builder fdr(double q) {
      once("fdr");
      this.fdr = unit(q, "fdr", true);
      return this;
    }

    /**
     * Sets the significance level used for the permutation and bootstrap agreement checks.
     *
     * @param alpha from 0 to 1, exclusive
     * @return this builder
     */
    public Builder alpha(double alpha) {
      once("alpha");
      this.alpha = unit(alpha, "alpha", true);
      return this;
    }

    /**
     * Sets the fewest observations a finding may rest on.
     *
     * @param n 3 or more
     * @return this builder
     */
    public Builder minN(int n) {
      once("minN");
      if (n < 3) {
        throw new IllegalArgumentException("minN must be 3 or more, was " + n);
      }
      this.minN = n;
      return this;
    }

    /**
     * Sets the effect size, as a correlation, below which an effect is negligible: a claim of no
     * effect passes only when its 95% CI lies within it.
     *
     * @param r from 0 to 1, exclusive
     * @return this builder
     */
    public Builder negligible(double r) {
      once("negligible");
      this.negligible = unit(r, "negligible", true);
      return this;
    }

    /**
     * Sets the lowest overall score and the lowest rigor score that pass.
     *
     * @param overall from 0 to 1
     * @param rigor from 0 to 1
     * @return this builder
     */
    public Builder passAt(double overall, double rigor) {
      once("passAt");
      this.passScore = unit(overall, "overall", false);
      this.minRigor = unit(rigor, "rigor", false);
      return this;
    }

    /**
     * Builds the validator.
     *
     * @return the validator
     */
    public StatisticalValidator build() {
      return new StatisticalValidator(this);
    }
  }

  // ---- Validator ---------------------------------------------------------------------------

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
    Family family = new Family(tests, List.of());
    Ledger.TestEntry entry = Ledger.testOf(tests, finding.id());
    double adjusted = family.adjusted(finding, entry);
    Statistics s = finding.statistics().withAdjustedP(adjusted);
    return judge(
        finding,
        s,
        entry,
        checks,
        family.size(),
        new Relevance(context),
        id -> family.ofFinding(tests, id));
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
      }
    }
    Family family = new Family(tests, foreign);
    Relevance relevance = new Relevance(context);
    List<Finding> revised = new ArrayList<>();
    for (Finding f : findings) {
      if (notTested(f) != null) {
        continue;
      }
      Ledger.TestEntry entry = ledgered.contains(f.id()) ? Ledger.testOf(tests, f.id()) : null;
      double adjusted = entry != null ? family.of(entry.p()) : family.of(f.statistics().pValue());
      Statistics s = f.statistics().withAdjustedP(adjusted);
      ValidationResult v =
          judge(f, s, entry, checks, family.size(), relevance, id -> family.ofFinding(tests, id));
      Double old = f.statistics().adjustedP();
      boolean statsChanged = old == null || Math.abs(old - adjusted) > 1e-12;
      if (statsChanged || !v.equals(f.validation())) {
        revised.add(f.withStatistics(s).withValidation(v));
      }
    }
    return revised;
  }

  // ---- the family of tests -------------------------------------------------------------------

  /** The raw p values of every counted test, sorted, for step-up adjustment. */
  private static final class Family {
    final double[] p;

    Family(List<Ledger.TestEntry> tests, List<Double> foreign) {
      List<Double> all = new ArrayList<>();
      for (Ledger.TestEntry t : tests) {
        if (t.inFamily()) {
          all.add(t.p());
        }
      }
      all.addAll(foreign);
      p = all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    int size() {
      return p.length;
    }

    double of(double raw) {
      return p.length == 0 ? raw : BenjaminiHochberg.against(p, raw);
    }

    /** The adjusted p of the test behind a finding, or {@code null} if the ledger lacks it. */
    Double ofFinding(List<Ledger.TestEntry> tests, String findingId) {
      Ledger.TestEntry t = findingId == null ? null : Ledger.testOf(tests, findingId);
      return t == null ? null : of(t.p());
    }

    /** A finding's adjusted p: from its ledger entry, or as one more test of the family. */
    double adjusted(Finding f, Ledger.TestEntry entry) {
      if (entry != null) {
        return of(entry.p());
      }
      return BenjaminiHochberg.adjustOne(p, f.statistics().pValue());
    }
  }

  // ---- judgement -----------------------------------------------------------------------------

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

  ValidationResult judge(
      Finding f,
      Statistics s,
      Ledger.TestEntry entry,
      List<Ledger.CheckEntry> checks,
      int familySize,
      Relevance relevance,
      java.util.function.Function<String, Double> adjustedOf) {
    List<String> gates = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean nullClaim = f.direction() == EffectDirection.NONE;
    double adj = s.adjustedP() != null ? s.adjustedP() : s.pValue();
    Integer n = s.n();
    Double rEq =
        s.extra().containsKey("r_equivalent")
            ? s.extra().get("r_equivalent")
            : Effects.rEquivalent(s.effectSize(), s.effectMeasure());

    if (n != null && n < minN) {
      gates.add("n = " + n + " is below the minimum of " + minN);
    }
    boolean significant = adj <= fdr;
    boolean equivalent = false;
    if (nullClaim) {
      Double lo = Effects.rEquivalentSigned(s.ciLow(), s.effectMeasure());
      Double hi = Effects.rEquivalentSigned(s.ciHigh(), s.effectMeasure());
      if (lo == null || hi == null) {
        gates.add(
            "a claim of no effect needs a confidence interval to show the effect is"
                + " negligible, and this one has none");
      } else if (Math.max(Math.abs(lo), Math.abs(hi)) < negligible) {
        equivalent = true;
        notes.add(
            "no effect: the 95% CI "
                + Fmt.ci(s.ciLow(), s.ciHigh())
                + " lies within the negligible band (|r| < "
                + Fmt.plain(negligible)
                + ")");
      } else {
        gates.add(
            "no significant effect, but the 95% CI "
                + Fmt.ci(s.ciLow(), s.ciHigh())
                + " does not rule out a non-negligible one (|r| >= "
                + Fmt.plain(negligible)
                + "); absence of evidence is not evidence of absence");
      }
    } else if (!significant) {
      gates.add(
          "does not survive the false discovery rate: adjusted p = "
              + Fmt.p(adj)
              + " > q = "
              + Fmt.plain(fdr)
              + " (Benjamini-Hochberg over "
              + familySize
              + " tests of the run; raw p = "
              + Fmt.p(s.pValue())
              + ")");
    } else {
      notes.add(
          "adjusted p = "
              + Fmt.p(adj)
              + " <= q = "
              + Fmt.plain(fdr)
              + " (Benjamini-Hochberg over "
              + familySize
              + " tests)");
    }

    // Follow-up verdicts about this finding's pair apply to its screening finding.
    String confounding = null;
    String robustness = null;
    String confoundingDetail = null;
    String robustnessDetail = null;
    String confoundingFinding = null;
    // Confounding verdicts apply to every claim of the marginal association (the screening finding
    // and its robustness check); robustness verdicts to the screening finding.
    boolean marginal =
        entry == null || entry.kind().equals("screen") || entry.kind().equals("robustness");
    boolean screening = entry == null || entry.kind().equals("screen");
    if (marginal) {
      for (Ledger.CheckEntry c : checks) {
        if (!samePair(c, f, entry) || Objects.equals(c.finding(), f.id())) {
          continue;
        }
        if (c.kind().equals("confounding")) {
          Double followAdjusted = adjustedOf.apply(c.finding());
          confounding = Ledger.verdict(c, followAdjusted, fdr);
          confoundingDetail =
              confounding.equals(c.verdict())
                  ? c.detail()
                  : "what remains after adjusting for "
                      + c.by()
                      + " does not survive the false discovery rate (adjusted p = "
                      + Fmt.p(followAdjusted)
                      + " > q = "
                      + Fmt.plain(fdr)
                      + "): "
                      + c.detail();
          confoundingFinding = c.finding();
        } else if (c.kind().equals("robustness") && screening) {
          robustness = c.verdict();
          robustnessDetail = c.detail();
        }
      }
    }
    if ("explained".equals(confounding)) {
      gates.add(
          "confounded: "
              + confoundingDetail
              + (confoundingFinding == null ? "" : " (" + confoundingFinding + ")"));
    } else if ("reversed".equals(confounding)) {
      gates.add(
          "not coherent after adjustment: "
              + confoundingDetail
              + (confoundingFinding == null ? "" : " (" + confoundingFinding + ")"));
    } else if ("attenuated".equals(confounding)) {
      notes.add("attenuated by adjustment: " + confoundingDetail);
    } else if ("persists".equals(confounding)) {
      notes.add("persists after adjustment (" + confoundingFinding + ")");
    }
    if ("fragile".equals(robustness)) {
      gates.add("fragile: " + robustnessDetail);
    } else if ("robust".equals(robustness)) {
      notes.add("robust to resampling and influential points");
    }

    // Dimensions.
    Map<String, Double> d = new LinkedHashMap<>();
    Double perm = s.extra().get("perm_p");
    Double bootLo = s.extra().get("boot_lo");
    Double bootHi = s.extra().get("boot_hi");
    Double assumptions = s.extra().get("assumptions_met");
    boolean signed = Effects.signed(s.effectMeasure());
    double nullValue = Effects.nullValue(s.effectMeasure());
    double sample =
        n == null
            ? 0.5
            : Math.max(
                0, Math.min(1, 0.4 + 0.6 * Math.log10(Math.max(n, 1) / 20.0) / Math.log10(25)));
    double significance = nullClaim ? (equivalent ? 1 : 0) : (significant ? 1 : 0);
    double ciScore;
    if (nullClaim) {
      ciScore = equivalent ? 1 : 0;
    } else if (s.ciLow() == null || s.ciHigh() == null) {
      ciScore = 0.5;
    } else if (signed) {
      ciScore = (s.ciLow() > nullValue || s.ciHigh() < nullValue) ? 1 : 0;
    } else {
      ciScore = 0.75;
    }
    double assumptionScore = assumptions == null ? 0.7 : assumptions >= 0.5 ? 1 : 0.4;
    if (assumptions != null && assumptions < 0.5) {
      notes.add("an assumption of the test was not met (see the summary)");
    }
    Double permScore = null;
    if (perm != null) {
      boolean analytic = s.pValue() < alpha;
      boolean permuted = perm < alpha;
      permScore = analytic == permuted ? 1.0 : 0.0;
      if (analytic != permuted) {
        notes.add("the permutation p (" + Fmt.p(perm) + ") disagrees with the test's");
      }
    }
    double robustScore =
        robustness == null && confounding == null
            ? 0.6
            : "fragile".equals(robustness) ? 0 : "attenuated".equals(confounding) ? 0.7 : 1;
    double rigor =
        0.15 * sample
            + 0.30 * significance
            + 0.15 * ciScore
            + 0.10 * assumptionScore
            + 0.15 * (permScore == null ? 0.6 : permScore)
            + 0.15 * robustScore;
    d.put("rigor", rigor);
    double weight = relevance.weight(f);
    double magnitude =
        nullClaim ? 0.7 : rEq == null ? 0.5 : Math.min(1, 0.25 + 1.5 * Math.abs(rEq));
    d.put("impact", magnitude * weight);
    d.put("novelty", 0.5);
    List<Double> repro = new ArrayList<>();
    if (permScore != null) {
      repro.add(permScore);
    }
    if (signed && bootLo != null && bootHi != null && s.ciLow() != null && s.ciHigh() != null) {
      boolean bootExcludes = bootLo > nullValue || bootHi < nullValue;
      boolean ciExcludes = s.ciLow() > nullValue || s.ciHigh() < nullValue;
      repro.add(bootExcludes == ciExcludes ? 1.0 : 0.0);
    }
    if (robustness != null) {
      repro.add("robust".equals(robustness) ? 1.0 : 0.0);
    }
    d.put(
        "reproducibility",
        repro.isEmpty()
            ? 0.7
            : repro.stream().mapToDouble(Double::doubleValue).average().orElse(0.7));
    int present = 0;
    present += s.statistic() != null ? 1 : 0;
    present += s.pValue() != null ? 1 : 0;
    present += s.effectSize() != null ? 1 : 0;
    present += s.effectMeasure() != null ? 1 : 0;
    present += s.ciLow() != null && s.ciHigh() != null ? 1 : 0;
    present += n != null ? 1 : 0;
    d.put("clarity", present / 6.0);
    double coherence =
        "explained".equals(confounding)
            ? 0.1
            : "reversed".equals(confounding) ? 0 : "attenuated".equals(confounding) ? 0.7 : 1;
    d.put("coherence", coherence);
    double missing = 0;
    Double dropped = s.extra().get("dropped_missing");
    if (dropped != null && n != null && n + dropped > 0) {
      missing = dropped / (n + dropped);
    }
    double limitations =
        Math.max(0, 0.8 - 0.5 * missing - (assumptions != null && assumptions < 0.5 ? 0.2 : 0));
    d.put("limitations", limitations);
    d.put("ethics", 0.5);
    // Novelty and ethics cannot be judged from statistics: they are shown at 0.5 and left out of
    // the overall score, whose weights are renormalised over the dimensions judged.
    double overall = 0;
    double judged = 0;
    for (Map.Entry<String, Double> w : WEIGHTS.entrySet()) {
      if (NOT_JUDGED.contains(w.getKey())) {
        continue;
      }
      overall += w.getValue() * d.get(w.getKey());
      judged += w.getValue();
    }
    overall = Math.max(0, Math.min(1, overall / judged));
    List<String> reasons = new ArrayList<>();
    boolean passed = gates.isEmpty() && overall >= passScore && rigor >= minRigor;
    reasons.addAll(gates);
    if (gates.isEmpty() && overall < passScore) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "overall score %.2f is below %.2f (impact %.2f, rigor %.2f)",
              overall,
              passScore,
              d.get("impact"),
              rigor));
    }
    if (gates.isEmpty() && rigor < minRigor) {
      reasons.add(String.format(Locale.ROOT, "rigor %.2f is below %.2f", rigor, minRigor));
    }
    reasons.addAll(notes);
    if (weight < 1) {
      reasons.add("concerns none of the variables the objective names (impact weighted 0.75)");
    }
    if (reasons.isEmpty()) {
      reasons.add(String.format(Locale.ROOT, "overall score %.2f", overall));
    }
    return new ValidationResult(NAME, passed, round(overall), roundAll(d), reasons);
  }

  /** Whether a verdict is about the finding's pair (by its ledger entry, else its variables). */
  private static boolean samePair(Ledger.CheckEntry c, Finding f, Ledger.TestEntry entry) {
    if (entry != null) {
      return c.pair().equals(entry.pair());
    }
    if (f.variables().size() < 2) {
      return false;
    }
    Set<String> vars = Set.of(f.variables().get(0), f.variables().get(1));
    return vars.equals(Set.of(c.x(), c.y()));
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  private static Map<String, Double> roundAll(Map<String, Double> d) {
    Map<String, Double> out = new LinkedHashMap<>();
    d.forEach((k, v) -> out.put(k, round(v)));
    return out;
  }

  /**
   * Whether a finding is about the objective: one of its variables matches the objective's words
   * (by name or dictionary description). Findings about other variables weigh 0.75 on impact when
   * the objective matched some column; when it matched none, or nothing is known of the columns,
   * every finding weighs 1.
   */
  static final class Relevance {
    private final List<String> terms;
    private final boolean objectiveMatchedSomething;
    private final Map<String, String> descriptions = new LinkedHashMap<>();

    Relevance(ValidationContext context) {
      this.terms = ObjectiveMatcher.terms(context.objective());
      WorldModel world = context.world();
      List<ObjectiveMatcher.Column> columns = new ArrayList<>();
      for (Dataset d : world.datasets()) {
        Profile profile =
            world.note(Ledger.PROFILE + d.name()).flatMap(Profile::parse).orElse(null);
        List<String> names =
            profile != null ? profile.usable() : new ArrayList<>(d.dictionary().keySet());
        for (String c : names) {
          String description = d.dictionary().getOrDefault(c, "");
          descriptions.put(c, description);
          columns.add(new ObjectiveMatcher.Column(d.name(), c, description));
        }
      }
      this.objectiveMatchedSomething =
          !columns.isEmpty()
              && !ObjectiveMatcher.match(context.objective(), columns).matchedNothing();
    }

    double weight(Finding f) {
      if (!objectiveMatchedSomething) {
        return 1;
      }
      for (String v : f.variables()) {
        List<String> words = new ArrayList<>(ObjectiveMatcher.terms(ObjectiveMatcher.splitName(v)));
        words.addAll(ObjectiveMatcher.terms(descriptions.getOrDefault(v, "")));
        for (String t : terms) {
          if (words.contains(t)) {
            return 1;
          }
        }
      }
      return 0.75;
    }
  }
}
