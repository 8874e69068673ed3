package io.kosmos.core.validation;

import io.kosmos.api.Finding;
import io.kosmos.api.ValidationContext;
import io.kosmos.api.ValidationResult;
import io.kosmos.api.Validator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Two validators as one: a statistical validator (sample size, adjusted p, effect size, confidence
 * interval) and a judge (usually {@link ScholarEvalValidator}).
 *
 * <ul>
 *   <li>A finding with {@link Finding#statistics()} is judged by both and passes only if both pass.
 *       The result is named {@code <statistical>+<judge>}; its score is the lower of the two; its
 *       dimensions are both validators' dimensions prefixed with the validator's name ({@code
 *       statistical.p}, {@code scholar-eval.rigor}), plus each validator's own score under its name
 *       and whether it passed under {@code <name>.passed} (1 or 0); its reasons are both
 *       validators' reasons, each prefixed with {@code [<name>]}.
 *   <li>A finding without statistics (a literature finding, a descriptive one) is judged by the
 *       judge alone, and the result is the judge's.
 *   <li>{@link #reassess} is the statistical validator's (Benjamini–Hochberg across the run, for
 *       example): it sees every finding with its statistical judgement only, and each finding it
 *       revises gets its new statistical judgement combined with the judge's judgement, which is
 *       kept as it was (read back from the combined result, so a resumed run has it too).
 * </ul>
 *
 * <p>Either validator may be any {@link Validator}. Thread-safe when both are.
 */
public final class CombinedValidator implements Validator {

  private static final String PASSED = ".passed";

  private final Validator statistical;
  private final Validator judge;

  private CombinedValidator(Validator statistical, Validator judge) {
    this.statistical = statistical;
    this.judge = judge;
  }

  /**
   * Combines a statistical validator with a judge.
   *
   * @param statistical judges findings with statistics, and reassesses the run
   * @param judge judges every finding
   * @return the combination
   */
  public static CombinedValidator of(Validator statistical, Validator judge) {
    return new CombinedValidator(
        Objects.requireNonNull(statistical, "statistical"), Objects.requireNonNull(judge, "judge"));
  }

  /** Whether either validator reads the cycle's earlier findings. */
  @Override
  public boolean readsCycleFindings() {
    return statistical.readsCycleFindings() || judge.readsCycleFindings();
  }

  @Override
  public ValidationResult validate(Finding finding, ValidationContext context) {
    if (finding.statistics() == null) {
      return judge.validate(finding, context);
    }
    ValidationResult s = statistical.validate(finding, context);
    ValidationResult j = judge.validate(finding, context);
    if (s == null) {
      return j;
    }
    if (j == null) {
      return s;
    }
    return combine(s, j);
  }

  /**
   * Judges a task's findings: the statistical validator those with statistics, the judge all of
   * them (in parallel calls, for ScholarEval), and the judgements combined as {@link #validate}
   * combines them.
   */
  @Override
  public List<ValidationResult> validateAll(List<Finding> findings, ValidationContext context) {
    List<Finding> withStatistics = findings.stream().filter(f -> f.statistics() != null).toList();
    List<ValidationResult> statistical =
        withStatistics.isEmpty()
            ? List.of()
            : this.statistical.validateAll(withStatistics, context);
    List<ValidationResult> judged = judge.validateAll(findings, context);
    List<ValidationResult> out = new ArrayList<>(findings.size());
    int k = 0;
    for (int i = 0; i < findings.size(); i++) {
      ValidationResult j = judged.get(i);
      if (findings.get(i).statistics() == null) {
        out.add(j);
        continue;
      }
      ValidationResult s = statistical.get(k++);
      out.add(s == null ? j : j == null ? s : combine(s, j));
    }
    return out;
  }

  /**
   * Combines two judgements of one finding.
   *
   * @param statistical the statistical validator's judgement
   * @param judge the judge's judgement
   * @return the combined judgement
   */
  static ValidationResult combine(ValidationResult statistical, ValidationResult judge) {
    String a = statistical.validator();
    String b = judge.validator().equals(a) ? a + "-2" : judge.validator();
    Map<String, Double> dims = new LinkedHashMap<>();
    put(dims, a, statistical);
    put(dims, b, judge);
    List<String> reasons = new ArrayList<>();
    statistical.reasons().forEach(r -> reasons.add("[" + a + "] " + r));
    judge.reasons().forEach(r -> reasons.add("[" + b + "] " + r));
    return new ValidationResult(
        a + "+" + b,
        statistical.passed() && judge.passed(),
        Math.min(statistical.score(), judge.score()),
        dims,
        reasons);
  }

  private static void put(Map<String, Double> dims, String name, ValidationResult r) {
    dims.put(name, r.score());
    dims.put(name + PASSED, r.passed() ? 1.0 : 0.0);
    r.dimensions().forEach((k, v) -> dims.put(name + "." + k, v));
  }

  /**
   * One validator's judgement, read back from a combined one.
   *
   * @param combined a judgement made by {@link #combine}, or by one validator alone
   * @param first {@code true} for the statistical validator's, {@code false} for the judge's
   * @return the judgement, or {@code null} if it holds none of that validator
   */
  static ValidationResult component(ValidationResult combined, boolean first) {
    if (combined == null) {
      return null;
    }
    String name = combined.validator();
    int plus = name.indexOf('+');
    if (plus < 0 || !combined.dimensions().containsKey(name.substring(0, plus) + PASSED)) {
      // made by one validator alone: a judge's judgement of a finding without statistics
      return first ? null : combined;
    }
    String part = first ? name.substring(0, plus) : name.substring(plus + 1);
    Double passed = combined.dimensions().get(part + PASSED);
    Double score = combined.dimensions().get(part);
    if (passed == null || score == null) {
      return null;
    }
    Map<String, Double> dims = new HashMap<>();
    String prefix = part + ".";
    combined
        .dimensions()
        .forEach(
            (k, v) -> {
              if (k.startsWith(prefix) && !k.equals(part + PASSED)) {
                dims.put(k.substring(prefix.length()), v);
              }
            });
    List<String> reasons = new ArrayList<>();
    String tag = "[" + part + "] ";
    for (String r : combined.reasons()) {
      if (r.startsWith(tag)) {
        reasons.add(r.substring(tag.length()));
      }
    }
    boolean ok = passed >= 0.5;
    if (!ok && reasons.isEmpty()) {
      reasons.add("failed (no reason kept)");
    }
    return new ValidationResult(part, ok, score, dims, reasons);
  }

  @Override
  public List<Finding> reassess(List<Finding> findings, ValidationContext context) {
    Map<String, Finding> byId = new HashMap<>();
    List<Finding> view = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      byId.put(f.id(), f);
      ValidationResult s = component(f.validation(), true);
      view.add(s == null ? f : f.withValidation(s));
    }
    List<Finding> revised = statistical.reassess(view, context);
    if (revised == null || revised.isEmpty()) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>(revised.size());
    for (Finding r : revised) {
      Finding original = byId.get(r.id());
      ValidationResult judged = original == null ? null : component(original.validation(), false);
      ValidationResult v;
      if (r.validation() == null) {
        v = original == null ? null : original.validation();
      } else if (judged != null && r.statistics() != null) {
        v = combine(r.validation(), judged);
      } else {
        v = r.validation();
      }
      out.add(v == null ? r : r.withValidation(v));
    }
    return out;
  }

  @Override
  public String toString() {
    return "CombinedValidator{" + statistical + " + " + judge + "}";
  }
}
