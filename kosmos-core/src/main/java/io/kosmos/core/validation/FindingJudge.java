package io.kosmos.core.validation;

import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.Statistics;
import io.kosmos.api.ValidationResult;
import io.kosmos.core.internal.stats.Effects;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.Ledger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rule of the {@link StatisticalValidator} (its class comment states it), applied to findings
 * against one state of the run: the follow-up verdicts of its ledger, its family of tests, and what
 * the objective names. The validator makes one for each {@code validate} and one for each {@code
 * reassess}; a judgement goes step by step: the hard gates of sample size and significance, the
 * follow-ups of the finding's pair, the eight dimensions, and the verdict with its reasons.
 */
final class FindingJudge {

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
    WEIGHTS = Collections.unmodifiableMap(w);
  }

  /** Dimensions reported at 0.5 and left out of the overall score. */
  static final Set<String> NOT_JUDGED = Set.of("novelty", "ethics");

  /**
   * The validator's settings.
   *
   * @param fdr the false discovery rate q
   * @param alpha the level of the permutation and bootstrap agreement checks
   * @param minN the fewest observations a finding may rest on
   * @param negligible the effect, as a correlation, below which an effect is negligible
   * @param passScore the lowest overall score that passes
   * @param minRigor the lowest rigor score that passes
   */
  record Thresholds(
      double fdr, double alpha, int minN, double negligible, double passScore, double minRigor) {}

  private final Thresholds thresholds;
  private final List<Ledger.CheckEntry> checks;
  private final TestFamily family;
  private final ObjectiveRelevance relevance;

  FindingJudge(
      Thresholds thresholds,
      List<Ledger.CheckEntry> checks,
      TestFamily family,
      ObjectiveRelevance relevance) {
    this.thresholds = thresholds;
    this.checks = checks;
    this.family = family;
    this.relevance = relevance;
  }

  /**
   * Judges a finding that carries a test.
   *
   * @param f the finding
   * @param s its statistics, with the adjusted p to judge by
   * @param entry the ledger's record of its test, or {@code null} for a finding outside the ledger
   * @return the judgement
   */
  ValidationResult judge(Finding f, Statistics s, Ledger.TestEntry entry) {
    return new Judgement(f, s, entry).result();
  }

  /** One finding's judgement while it is made: the gates failed and the notes gathered so far. */
  private final class Judgement {
    private final Finding f;
    private final Statistics s;
    private final Ledger.TestEntry entry;
    private final boolean nullClaim;
    private final double adj;
    private final List<String> gates = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final EffectEvidence effect;
    private boolean significant;
    private boolean equivalent;

    Judgement(Finding f, Statistics s, Ledger.TestEntry entry) {
      this.f = f;
      this.s = s;
      this.entry = entry;
      this.nullClaim = f.direction() == EffectDirection.NONE;
      this.adj = s.adjustedP() != null ? s.adjustedP() : s.pValue();
      this.effect = new EffectEvidence(s);
    }

    ValidationResult result() {
      if (s.n() != null && s.n() < thresholds.minN()) {
        gates.add("n = " + s.n() + " is below the minimum of " + thresholds.minN());
      }
      significant = adj <= thresholds.fdr();
      if (nullClaim) {
        gateEquivalence();
      } else {
        gateSignificance();
      }
      FollowUps followUps = FollowUps.of(f, entry, checks, family, thresholds.fdr());
      gateFollowUps(followUps);
      Map<String, Double> d = dimensions(followUps);
      return verdict(d);
    }

    // ---- the gates ---------------------------------------------------------------------------

    /** A claim of no effect passes only when its CI lies within the negligible band. */
    private void gateEquivalence() {
      EffectEvidence.NullClaim verdict = effect.nullClaim(thresholds.negligible());
      if (verdict.equivalence() == EffectEvidence.Equivalence.SHOWN) {
        equivalent = true;
        notes.add(verdict.reason());
        return;
      }
      gates.add(verdict.reason());
      if (significant) {
        gates.add(
            "it claims no effect, yet its test is significant (adjusted p = "
                + Fmt.p(adj)
                + " <= q = "
                + Fmt.plain(thresholds.fdr())
                + ")");
      }
    }

    /** A claim of an effect must survive the false discovery rate of the whole run. */
    private void gateSignificance() {
      String q = Fmt.plain(thresholds.fdr());
      if (!significant) {
        gates.add(
            "does not survive the false discovery rate: adjusted p = "
                + (s.pValueIsBound() ? "at most " : "")
                + Fmt.p(adj)
                + " > q = "
                + q
                + " (Benjamini-Hochberg over "
                + family.size()
                + " tests of the run; raw p = "
                + Fmt.p(s.pValue())
                + ")");
      } else {
        notes.add(
            "adjusted p = "
                + (s.pValueIsBound() ? "at most " : "")
                + Fmt.p(adj)
                + " <= q = "
                + q
                + " (Benjamini-Hochberg over "
                + family.size()
                + " tests)");
      }
    }

    private void gateFollowUps(FollowUps u) {
      String cites = u.confoundingFinding() == null ? "" : " (" + u.confoundingFinding() + ")";
      switch (u.confounding() == null ? "" : u.confounding()) {
        case "explained" -> gates.add("confounded: " + u.confoundingDetail() + cites);
        case "reversed" ->
            gates.add("not coherent after adjustment: " + u.confoundingDetail() + cites);
        case "attenuated" -> notes.add("attenuated by adjustment: " + u.confoundingDetail());
        case "persists" -> notes.add("persists after adjustment (" + u.confoundingFinding() + ")");
        default -> {}
      }
      if ("fragile".equals(u.robustness())) {
        gates.add("fragile: " + u.robustnessDetail());
      } else if ("robust".equals(u.robustness())) {
        notes.add("robust to resampling and influential points");
      }
    }

    // ---- the dimensions ----------------------------------------------------------------------

    private Map<String, Double> dimensions(FollowUps u) {
      Double assumptions = s.extra().get("assumptions_met");
      if (assumptions != null && assumptions < 0.5) {
        notes.add("an assumption of the test was not met (see the summary)");
      }
      Boolean excludes = effect.ciExcludesNoEffect();
      if (!nullClaim && Boolean.FALSE.equals(excludes)) {
        notes.add(
            "its 95% CI "
                + Fmt.ci(s.ciLow(), s.ciHigh())
                + " of the "
                + effect.label()
                + " includes no effect ("
                + Fmt.num(Effects.nullValue(s.effectMeasure()))
                + ")");
      }
      Double permScore = permutationAgreement();
      Map<String, Double> d = new LinkedHashMap<>();
      d.put("rigor", rigor(u, permScore, excludes));
      d.put("impact", impact());
      d.put("novelty", 0.5);
      d.put("reproducibility", reproducibility(u, permScore));
      d.put("clarity", clarity());
      d.put("coherence", coherence(u));
      d.put("limitations", limitations());
      d.put("ethics", 0.5);
      return d;
    }

    /**
     * 1 when the permutation p and the test's p agree about alpha, 0 when they do not (and a note
     * says so), {@code null} without a permutation p.
     */
    private Double permutationAgreement() {
      Double perm = s.extra().get("perm_p");
      if (perm == null) {
        return null;
      }
      boolean analytic = s.pValue() < thresholds.alpha();
      boolean permuted = perm < thresholds.alpha();
      if (analytic != permuted) {
        notes.add("the permutation p (" + Fmt.p(perm) + ") disagrees with the test's");
      }
      return analytic == permuted ? 1.0 : 0.0;
    }

    /**
     * The weighted mean of what rigor is made of: sample size, significance (or, for a claim of no
     * effect, equivalence), the CI, assumptions, permutation agreement and robustness. A test that
     * states it gives no effect size is judged without the CI part.
     */
    private double rigor(FollowUps u, Double permScore, Boolean excludes) {
      Integer n = s.n();
      double sample =
          n == null
              ? 0.5
              : Math.max(
                  0, Math.min(1, 0.4 + 0.6 * Math.log10(Math.max(n, 1) / 20.0) / Math.log10(25)));
      double significance = nullClaim ? (equivalent ? 1 : 0) : (significant ? 1 : 0);
      Double ciScore;
      if (nullClaim) {
        ciScore = equivalent ? 1.0 : 0.0;
      } else if (effect.noEffectSize()) {
        ciScore = null;
      } else if (s.ciLow() == null || s.ciHigh() == null) {
        ciScore = 0.5;
      } else if (excludes != null) {
        ciScore = excludes ? 1.0 : 0.0;
      } else {
        ciScore = 0.75;
      }
      Double assumptions = s.extra().get("assumptions_met");
      double assumptionScore = assumptions == null ? 0.7 : assumptions >= 0.5 ? 1 : 0.4;
      double robustScore =
          u.robustness() == null && u.confounding() == null
              ? 0.6
              : "fragile".equals(u.robustness())
                  ? 0
                  : "attenuated".equals(u.confounding()) ? 0.7 : 1;
      double sum =
          0.15 * sample
              + 0.30 * significance
              + 0.10 * assumptionScore
              + 0.15 * (permScore == null ? 0.6 : permScore)
              + 0.15 * robustScore;
      return ciScore == null ? sum / 0.85 : sum + 0.15 * ciScore;
    }

    /**
     * The effect as a correlation (0.25 + 1.5 |r|, at most 1), weighted by relevance; {@code null}
     * when no effect size can be put on that scale, and impact is then not judged.
     */
    private Double impact() {
      if (nullClaim) {
        return 0.7 * relevance.weight(f);
      }
      Double rEq =
          s.extra().containsKey("r_equivalent")
              ? s.extra().get("r_equivalent")
              : effect.magnitude();
      if (rEq == null) {
        return null;
      }
      return Math.min(1, 0.25 + 1.5 * Math.abs(rEq)) * relevance.weight(f);
    }

    /** The share of agreement among the permutation, bootstrap and robustness checks. */
    private double reproducibility(FollowUps u, Double permScore) {
      List<Double> repro = new ArrayList<>();
      if (permScore != null) {
        repro.add(permScore);
      }
      Double bootLo = s.extra().get("boot_lo");
      Double bootHi = s.extra().get("boot_hi");
      double nullValue = Effects.nullValue(s.effectMeasure());
      if (Effects.signed(s.effectMeasure())
          && bootLo != null
          && bootHi != null
          && s.ciLow() != null
          && s.ciHigh() != null) {
        boolean bootExcludes = bootLo > nullValue || bootHi < nullValue;
        boolean ciExcludes = s.ciLow() > nullValue || s.ciHigh() < nullValue;
        repro.add(bootExcludes == ciExcludes ? 1.0 : 0.0);
      }
      if (u.robustness() != null) {
        repro.add("robust".equals(u.robustness()) ? 1.0 : 0.0);
      }
      return repro.isEmpty()
          ? 0.7
          : repro.stream().mapToDouble(Double::doubleValue).average().orElse(0.7);
    }

    /**
     * The share of the statistics present, of those that apply: a test that states it gives no
     * effect size is not asked for one, nor for its CI.
     */
    private double clarity() {
      int present = 0;
      int applicable = 3;
      present += s.statistic() != null ? 1 : 0;
      present += s.pValue() != null ? 1 : 0;
      present += s.n() != null ? 1 : 0;
      if (!effect.noEffectSize()) {
        applicable += 3;
        present += s.effectSize() != null ? 1 : 0;
        present += s.effectMeasure() != null ? 1 : 0;
        present += s.ciLow() != null && s.ciHigh() != null ? 1 : 0;
      }
      return present / (double) applicable;
    }

    private double coherence(FollowUps u) {
      return "explained".equals(u.confounding())
          ? 0.1
          : "reversed".equals(u.confounding()) ? 0 : "attenuated".equals(u.confounding()) ? 0.7 : 1;
    }

    /** Observational data, less the share of rows left out and any unmet assumption. */
    private double limitations() {
      Integer n = s.n();
      double missing = 0;
      Double dropped = s.extra().get("dropped_missing");
      if (dropped != null && n != null && n + dropped > 0) {
        missing = dropped / (n + dropped);
      }
      Double assumptions = s.extra().get("assumptions_met");
      return Math.max(
          0, 0.8 - 0.5 * missing - (assumptions != null && assumptions < 0.5 ? 0.2 : 0));
    }

    // ---- the verdict -------------------------------------------------------------------------

    private ValidationResult verdict(Map<String, Double> d) {
      boolean impactJudged = d.get("impact") != null;
      if (!impactJudged) {
        notes.add("impact not judged: " + effect.whyNoMagnitude());
      }
      double overall = overall(d);
      double rigor = d.get("rigor");
      double passScore = thresholds.passScore();
      double minRigor = thresholds.minRigor();
      List<String> reasons = new ArrayList<>(gates);
      boolean passed = gates.isEmpty() && overall >= passScore && rigor >= minRigor;
      if (gates.isEmpty() && overall < passScore) {
        reasons.add(
            String.format(
                Locale.ROOT,
                "overall score %s is below %.2f (impact %s, rigor %.2f)",
                below(overall, passScore),
                passScore,
                impactJudged ? String.format(Locale.ROOT, "%.2f", d.get("impact")) : "not judged",
                rigor));
      }
      if (gates.isEmpty() && rigor < minRigor) {
        reasons.add(
            String.format(Locale.ROOT, "rigor %s is below %.2f", below(rigor, minRigor), minRigor));
      }
      reasons.addAll(notes);
      if (relevance.weight(f) < 1) {
        reasons.add("concerns none of the variables the objective names (impact weighted 0.75)");
      }
      if (reasons.isEmpty()) {
        reasons.add(String.format(Locale.ROOT, "overall score %.2f", overall));
      }
      Map<String, Double> shown = new LinkedHashMap<>(d);
      if (!impactJudged) {
        shown.remove("impact");
      }
      return new ValidationResult(
          StatisticalValidator.NAME, passed, round(overall), roundAll(shown), reasons);
    }
  }

  /**
   * The weighted mean of the dimensions judged. Novelty and ethics cannot be judged from
   * statistics, nor impact without an effect size: they are left out, and the weights renormalised
   * over the rest.
   */
  private static double overall(Map<String, Double> d) {
    double overall = 0;
    double judged = 0;
    for (Map.Entry<String, Double> w : WEIGHTS.entrySet()) {
      Double score = d.get(w.getKey());
      if (NOT_JUDGED.contains(w.getKey()) || score == null) {
        continue;
      }
      overall += w.getValue() * score;
      judged += w.getValue();
    }
    return Math.max(0, Math.min(1, overall / judged));
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
   * A score that fell short of its bound, with as many decimals as it takes not to read as the
   * bound itself ("0.748 is below 0.75", never "0.75 is below 0.75").
   */
  static String below(double value, double bound) {
    for (int decimals = 2; decimals < 6; decimals++) {
      String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
      if (!text.equals(String.format(Locale.ROOT, "%." + decimals + "f", bound))) {
        return text;
      }
    }
    return Double.toString(value);
  }
}
