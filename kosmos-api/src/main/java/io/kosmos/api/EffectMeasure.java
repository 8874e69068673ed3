package io.kosmos.api;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The closed vocabulary of effect sizes Kosmos judges. {@link Statistics#effectMeasure()} stays
 * text, so that any analyst can say what it computed, and {@link #parse(String)} maps what analysts
 * and language models write ({@code "Cramer's V"}, {@code "adjusted odds ratio"}, {@code "Pearson
 * r"}, {@code "R^2"}) onto this list; a measure it does not recognise ({@code "Kendall tau"}) is
 * reported as such rather than guessed.
 *
 * <p>Each measure belongs to a {@link Family}, which says where "no effect" lies ({@link
 * #nullValue()}: 0 for correlations and differences, 1 for ratios, 0.5 for an AUC) and whether it
 * has a direction ({@link #signed()}): Cramér's V and the shares of variance explained have none.
 */
public enum EffectMeasure {
  /** Pearson's (or point-biserial) correlation coefficient. */
  R("r", Family.CORRELATION),
  /** Spearman's rank correlation. */
  RHO("rho", Family.CORRELATION),
  /** A partial correlation, adjusted for other variables. */
  PARTIAL_R("partial r", Family.CORRELATION),
  /** The rank-biserial correlation of a Mann-Whitney U test. */
  RANK_BISERIAL_R("rank-biserial r", Family.CORRELATION),
  /** The phi coefficient of a 2×2 table. */
  PHI("phi", Family.CORRELATION),
  /** Cramér's V of a contingency table; it has no direction. */
  CRAMERS_V("Cramér's V", Family.CORRELATION),
  /** Cohen's d, a standardized mean difference. */
  COHENS_D("Cohen's d", Family.DIFFERENCE),
  /** Hedges' g, a standardized mean difference corrected for small samples. */
  HEDGES_G("Hedges' g", Family.DIFFERENCE),
  /** An odds ratio (adjusted or not, per unit or per SD). */
  ODDS_RATIO("odds ratio", Family.RATIO),
  /** A risk ratio (relative risk), or a rate ratio. */
  RISK_RATIO("risk ratio", Family.RATIO),
  /** A hazard ratio. */
  HAZARD_RATIO("hazard ratio", Family.RATIO),
  /** The area under the ROC curve (the concordance, or c statistic). */
  AUC("AUC", Family.AUC),
  /** The share of variance explained by a model (R², adjusted or not). */
  R_SQUARED("R²", Family.VARIANCE),
  /** Eta squared, the share of variance explained by groups (omega squared read as it). */
  ETA_SQUARED("η²", Family.VARIANCE),
  /** Partial eta squared. */
  PARTIAL_ETA_SQUARED("partial η²", Family.VARIANCE),
  /** Epsilon squared of a Kruskal-Wallis test. */
  EPSILON_SQUARED("ε²", Family.VARIANCE),
  /** No effect size: the test gives a statistic and a p value only. */
  NONE("none", Family.NONE);

  /** What kind of number a measure is, which says where no effect lies. */
  public enum Family {
    /** A correlation, from -1 to 1 (0 to 1 for Cramér's V); no effect at 0. */
    CORRELATION,
    /** A standardized difference of means; no effect at 0. */
    DIFFERENCE,
    /** A ratio above 0; no effect at 1. */
    RATIO,
    /** An area under the ROC curve, from 0 to 1; no effect at 0.5. */
    AUC,
    /** A share of variance explained, from 0 to 1; no effect at 0, and no direction. */
    VARIANCE,
    /** No effect size. */
    NONE
  }

  private static final Map<String, EffectMeasure> SPELLINGS = spellings();

  private final String label;
  private final Family family;

  EffectMeasure(String label, Family family) {
    this.label = label;
    this.family = family;
  }

  /**
   * The measure as Kosmos writes it, for example {@code Cramér's V} or {@code odds ratio}.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * What kind of number the measure is.
   *
   * @return the family
   */
  public Family family() {
    return family;
  }

  /**
   * The value that means no effect.
   *
   * @return 1 for ratios, 0.5 for an AUC, 0 otherwise
   */
  public double nullValue() {
    return switch (family) {
      case RATIO -> 1;
      case AUC -> 0.5;
      default -> 0;
    };
  }

  /**
   * Whether the measure has a direction: a value below its null value means the opposite of a value
   * above it.
   *
   * @return {@code false} for Cramér's V, shares of variance and no measure
   */
  public boolean signed() {
    return switch (family) {
      case CORRELATION -> this != CRAMERS_V;
      case DIFFERENCE, RATIO, AUC -> true;
      case VARIANCE, NONE -> false;
    };
  }

  /**
   * Reads what an analyst wrote as one of the measures, forgiving case, accents, apostrophes,
   * spacing and qualifiers such as "adjusted", "standardized", "per SD" or "(95% CI)": {@code
   * "Cramer's V"}, {@code "adjusted odds ratio"}, {@code "OR per SD"}, {@code "Spearman's rho"},
   * {@code "R^2"}, {@code "eta squared"}, {@code "ROC AUC"} are all recognised.
   *
   * @param text what was written, or {@code null}
   * @return the measure, or empty when the text names none of them
   */
  public static Optional<EffectMeasure> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String key = normalize(text);
    EffectMeasure exact = SPELLINGS.get(key);
    if (exact != null) {
      return Optional.of(exact);
    }
    String bare = strip(key);
    return Optional.ofNullable(SPELLINGS.get(bare));
  }

  private static String normalize(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    s = s.toLowerCase(Locale.ROOT).replace('’', '\'').replace('‘', '\'').replace('`', '\'');
    s = s.replace("²", "2").replace("^2", "2").replace("η", "eta").replace("ε", "epsilon");
    s = s.replace("ω", "omega").replace("ρ", "rho").replace("φ", "phi");
    s = s.replace('_', ' ').replace('-', ' ');
    return s.replaceAll("\\s+", " ").strip();
  }

  /** The text without the qualifiers that do not change which measure it is. */
  private static String strip(String key) {
    String s = key.replaceAll("\\(.*?\\)", " ");
    s =
        s.replaceAll(
            "\\b(adjusted|unadjusted|standardi[sz]ed|pooled|absolute|signed|estimated|"
                + "crude|marginal|sample|effect size|coefficient|per (sd|unit|1 sd|one sd|"
                + "standard deviation)|95% ci)\\b",
            " ");
    s = s.replaceAll("[,;:]", " ").replaceAll("\\s+", " ").strip();
    return s;
  }

  private static Map<String, EffectMeasure> spellings() {
    Map<String, EffectMeasure> m = new HashMap<>();
    put(m, R, "r", "pearson r", "pearson's r", "pearsons r", "pearson", "pearson correlation");
    put(m, R, "correlation", "point biserial r", "point biserial", "point biserial correlation");
    put(m, R, "pearson correlation coefficient", "correlation r");
    put(m, RHO, "rho", "spearman rho", "spearman's rho", "spearmans rho", "spearman");
    put(m, RHO, "spearman correlation", "spearman rank correlation", "rank correlation");
    put(m, RHO, "spearman's correlation", "spearman r", "rs", "r s");
    put(m, PARTIAL_R, "partial r", "partial correlation", "partial pearson r");
    put(m, RANK_BISERIAL_R, "rank biserial r", "rank biserial", "rank biserial correlation");
    put(m, RANK_BISERIAL_R, "rbc", "r rb", "rrb");
    put(m, PHI, "phi", "phi coefficient");
    put(m, CRAMERS_V, "cramer's v", "cramers v", "cramer v", "cramer's phi", "cramer's v");
    put(m, COHENS_D, "cohen's d", "cohens d", "cohen d", "d", "smd");
    put(m, COHENS_D, "standardized mean difference", "standardised mean difference");
    put(m, HEDGES_G, "hedges' g", "hedges g", "hedge's g", "hedges's g", "g", "hedges");
    put(m, ODDS_RATIO, "odds ratio", "or", "aor", "odds ratios", "log odds ratio exponentiated");
    put(m, RISK_RATIO, "risk ratio", "relative risk", "rr", "rate ratio", "incidence rate ratio");
    put(m, RISK_RATIO, "irr", "prevalence ratio");
    put(m, HAZARD_RATIO, "hazard ratio", "hr", "ahr", "hazards ratio");
    put(m, AUC, "auc", "roc auc", "auroc", "area under the curve", "area under the roc curve");
    put(m, AUC, "c statistic", "c index", "concordance", "roc", "auc roc");
    put(m, R_SQUARED, "r2", "r squared", "coefficient of determination", "model r2");
    put(m, ETA_SQUARED, "eta2", "eta squared", "eta square", "omega2", "omega squared");
    put(m, PARTIAL_ETA_SQUARED, "partial eta2", "partial eta squared", "partial eta square");
    put(m, EPSILON_SQUARED, "epsilon2", "epsilon squared", "epsilon square");
    put(m, NONE, "none", "", "n/a", "na", "null", "no effect size", "not applicable");
    for (EffectMeasure e : values()) {
      m.putIfAbsent(normalize(e.label), e);
    }
    return Map.copyOf(m);
  }

  private static void put(Map<String, EffectMeasure> m, EffectMeasure e, String... spellings) {
    for (String s : spellings) {
      m.put(normalize(s), e);
    }
  }
}
