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
import java.util.Objects;
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

  /**
   * What the follow-ups of a finding's pair concluded, or {@code null}s when none applies.
   *
   * @param confounding the confounding verdict, judged against the run's false discovery rate
   * @param confoundingDetail its sentence
   * @param confoundingFinding the finding that records the adjustment
   * @param robustness the robustness verdict
   * @param robustnessDetail its sentence
   */
  private record FollowUps(
      String confounding,
      String confoundingDetail,
      String confoundingFinding,
      String robustness,
      String robustnessDetail) {}

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
    private boolean significant;
    private boolean equivalent;

    Judgement(Finding f, Statistics s, Ledger.TestEntry entry) {
      this.f = f;
      this.s = s;
      this.entry = entry;
      this.nullClaim = f.direction() == EffectDirection.NONE;
      this.adj = s.adjustedP() != null ? s.adjustedP() : s.pValue();
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
      FollowUps followUps = followUps();
      gateFollowUps(followUps);
      Map<String, Double> d = dimensions(followUps);
      return verdict(d);
    }

    // ---- the gates ---------------------------------------------------------------------------

    /** A claim of no effect passes only when its CI lies within the negligible band. */
    private void gateEquivalence() {
      double negligible = thresholds.negligible();
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
    }

    /** A claim of an effect must survive the false discovery rate of the whole run. */
    private void gateSignificance() {
      String q = Fmt.plain(thresholds.fdr());
      if (!significant) {
        gates.add(
            "does not survive the false discovery rate: adjusted p = "
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
                + Fmt.p(adj)
                + " <= q = "
                + q
                + " (Benjamini-Hochberg over "
                + family.size()
                + " tests)");
      }
    }

    /**
     * The follow-up verdicts about the finding's pair. Confounding verdicts apply to every claim of
     * the marginal association (the screening finding and its robustness check); robustness
     * verdicts to the screening finding only.
     */
    private FollowUps followUps() {
      String confounding = null;
      String confoundingDetail = null;
      String confoundingFinding = null;
      String robustness = null;
      String robustnessDetail = null;
      boolean marginal =
          entry == null || entry.kind().equals("screen") || entry.kind().equals("robustness");
      boolean screening = entry == null || entry.kind().equals("screen");
      if (!marginal) {
        return new FollowUps(null, null, null, null, null);
      }
      for (Ledger.CheckEntry c : checks) {
        if (!samePair(c) || Objects.equals(c.finding(), f.id())) {
          continue;
        }
        if (c.kind().equals("confounding")) {
          Double followAdjusted = family.ofFinding(c.finding());
          confounding = Ledger.verdict(c, followAdjusted, thresholds.fdr());
          confoundingDetail =
              confounding.equals(c.verdict())
                  ? c.detail()
                  : "what remains after adjusting for "
                      + c.by()
                      + " does not survive the false discovery rate (adjusted p = "
                      + Fmt.p(followAdjusted)
                      + " > q = "
                      + Fmt.plain(thresholds.fdr())
                      + "): "
                      + c.detail();
          confoundingFinding = c.finding();
        } else if (c.kind().equals("robustness") && screening) {
          robustness = c.verdict();
          robustnessDetail = c.detail();
        }
      }
      return new FollowUps(
          confounding, confoundingDetail, confoundingFinding, robustness, robustnessDetail);
    }

    /** Whether a verdict is about the finding's pair (by its ledger entry, else its variables). */
    private boolean samePair(Ledger.CheckEntry c) {
      if (entry != null) {
        return c.pair().equals(entry.pair());
      }
      if (f.variables().size() < 2) {
        return false;
      }
      Set<String> vars = Set.of(f.variables().get(0), f.variables().get(1));
      return vars.equals(Set.of(c.x(), c.y()));
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
      Double permScore = permutationAgreement();
      Map<String, Double> d = new LinkedHashMap<>();
      d.put("rigor", rigor(u, permScore));
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

    private double rigor(FollowUps u, Double permScore) {
      Integer n = s.n();
      double sample =
          n == null
              ? 0.5
              : Math.max(
                  0, Math.min(1, 0.4 + 0.6 * Math.log10(Math.max(n, 1) / 20.0) / Math.log10(25)));
      double significance = nullClaim ? (equivalent ? 1 : 0) : (significant ? 1 : 0);
      double ciScore;
      double nullValue = Effects.nullValue(s.effectMeasure());
      if (nullClaim) {
        ciScore = equivalent ? 1 : 0;
      } else if (s.ciLow() == null || s.ciHigh() == null) {
        ciScore = 0.5;
      } else if (Effects.signed(s.effectMeasure())) {
        ciScore = (s.ciLow() > nullValue || s.ciHigh() < nullValue) ? 1 : 0;
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
      return 0.15 * sample
          + 0.30 * significance
          + 0.15 * ciScore
          + 0.10 * assumptionScore
          + 0.15 * (permScore == null ? 0.6 : permScore)
          + 0.15 * robustScore;
    }

    /** The effect as a correlation (0.25 + 1.5 |r|, at most 1), weighted by relevance. */
    private double impact() {
      Double rEq =
          s.extra().containsKey("r_equivalent")
              ? s.extra().get("r_equivalent")
              : Effects.rEquivalent(s.effectSize(), s.effectMeasure());
      double magnitude =
          nullClaim ? 0.7 : rEq == null ? 0.5 : Math.min(1, 0.25 + 1.5 * Math.abs(rEq));
      return magnitude * relevance.weight(f);
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

    /** The share of the statistics present. */
    private double clarity() {
      int present = 0;
      present += s.statistic() != null ? 1 : 0;
      present += s.pValue() != null ? 1 : 0;
      present += s.effectSize() != null ? 1 : 0;
      present += s.effectMeasure() != null ? 1 : 0;
      present += s.ciLow() != null && s.ciHigh() != null ? 1 : 0;
      present += s.n() != null ? 1 : 0;
      return present / 6.0;
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
      if (relevance.weight(f) < 1) {
        reasons.add("concerns none of the variables the objective names (impact weighted 0.75)");
      }
      if (reasons.isEmpty()) {
        reasons.add(String.format(Locale.ROOT, "overall score %.2f", overall));
      }
      return new ValidationResult(
          StatisticalValidator.NAME, passed, round(overall), roundAll(d), reasons);
    }
  }

  /**
   * The weighted mean of the dimensions judged. Novelty and ethics cannot be judged from
   * statistics: they are shown at 0.5 and left out, and the weights renormalised over the rest.
   */
  private static double overall(Map<String, Double> d) {
    double overall = 0;
    double judged = 0;
    for (Map.Entry<String, Double> w : WEIGHTS.entrySet()) {
      if (NOT_JUDGED.contains(w.getKey())) {
        continue;
      }
      overall += w.getValue() * d.get(w.getKey());
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
}
