package io.kosmos.core.team.llm;

import io.kosmos.api.Validator;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.validation.StatisticalValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells the data analyst how its findings are judged, from the team's validators as they are
 * configured, so that what the prompt says is what happens: the statistical validator's thresholds
 * when it is the {@link StatisticalValidator}, and ScholarEval's pass marks.
 */
final class Judging {

  private Judging() {}

  /**
   * The lines of the analyst's system prompt that say how findings are judged.
   *
   * @param statistical the statistical validator combined with ScholarEval, or {@code null}
   * @param minOverall ScholarEval's overall pass mark
   * @param minRigor ScholarEval's rigor pass mark
   * @return Markdown list items, one per line
   */
  static String describe(Validator statistical, double minOverall, double minRigor) {
    List<String> lines = new ArrayList<>();
    if (statistical instanceof StatisticalValidator sv) {
      double r = sv.negligible();
      double d = 2 * r / Math.sqrt(1 - r * r);
      double or = Math.exp(d * Math.PI / Math.sqrt(3));
      lines.add(
          "- A statistical validator judges each finding that has statistics. It needs n of at"
              + " least "
              + sv.minN()
              + ". A claim of an effect needs its p value, adjusted for every test of the run"
              + " (Benjamini-Hochberg), at or below q = "
              + Fmt.plain(sv.fdr())
              + ". A claim of no effect (direction NONE) needs the 95% CI of its effect size inside"
              + " the negligible band (|r| < "
              + Fmt.plain(r)
              + " as a correlation: |d| < "
              + Fmt.num(d)
              + ", an odds ratio between "
              + Fmt.num(1 / or)
              + " and "
              + Fmt.num(or)
              + "), because a p value above the significance level alone is no evidence of no"
              + " effect. Its overall score (rigor, effect size, complete statistics) must reach "
              + Fmt.plain(sv.passScore())
              + ".");
    } else if (statistical != null) {
      lines.add("- A statistical validator judges each finding that has statistics.");
    }
    lines.add(
        "- A peer-review judge (ScholarEval) reads each claim with the code and output of the cells"
            + " it cites and with related findings, and scores rigor, impact, novelty,"
            + " reproducibility, clarity, coherence, limitations and ethics; a finding passes when"
            + " its weighted score reaches "
            + Fmt.plain(minOverall)
            + " and its rigor "
            + Fmt.plain(minRigor)
            + (statistical != null ? ". A finding with statistics must pass both judges." : ".")
            + " Claim no more than the statistics show: an association is not a cause.");
    return String.join("\n", lines);
  }
}
