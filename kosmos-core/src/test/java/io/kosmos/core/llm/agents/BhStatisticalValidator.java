package io.kosmos.core.llm.agents;

import io.kosmos.api.Finding;
import io.kosmos.api.Statistics;
import io.kosmos.api.ValidationContext;
import io.kosmos.api.ValidationResult;
import io.kosmos.api.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A small statistical validator for tests of the combination: a finding passes when its p value
 * (adjusted when there is one) is below 0.05 and n is at least 30; {@link #reassess} adjusts every
 * p value of the run with Benjamini–Hochberg and returns the findings whose adjusted p changed.
 * Stands in for the offline scientist's statistical validator.
 */
public final class BhStatisticalValidator implements Validator {

  @Override
  public ValidationResult validate(Finding f, ValidationContext context) {
    Statistics s = f.statistics();
    Double p = s.significanceP();
    List<String> reasons = new ArrayList<>();
    boolean ok = true;
    if (p == null) {
      ok = false;
      reasons.add("no p value");
    } else if (p >= 0.05) {
      ok = false;
      reasons.add("p " + p + " is not below 0.05");
    }
    if (s.n() == null || s.n() < 30) {
      ok = false;
      reasons.add("n " + s.n() + " is below 30");
    }
    if (ok) {
      reasons.add("p " + p + " below 0.05 with n " + s.n());
    }
    return new ValidationResult(
        "statistical", ok, ok ? 0.9 : 0.3, Map.of("p", p == null ? 1.0 : p), reasons);
  }

  @Override
  public List<Finding> reassess(List<Finding> findings, ValidationContext context) {
    List<Finding> tested =
        findings.stream()
            .filter(f -> f.statistics() != null && f.statistics().pValue() != null)
            .sorted(Comparator.comparingDouble(f -> f.statistics().pValue()))
            .toList();
    int m = tested.size();
    double[] adjusted = new double[m];
    double min = 1;
    for (int i = m - 1; i >= 0; i--) {
      min = Math.min(min, tested.get(i).statistics().pValue() * m / (i + 1));
      adjusted[i] = Math.min(1, min);
    }
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      Finding f = tested.get(i);
      if (f.statistics().adjustedP() != null && f.statistics().adjustedP() == adjusted[i]) {
        continue;
      }
      Finding revised = f.withStatistics(f.statistics().withAdjustedP(adjusted[i]));
      out.add(revised.withValidation(validate(revised, context)));
    }
    return out;
  }
}
