package io.kosmos.core.validation;

import io.kosmos.api.Finding;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.Ledger;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the follow-ups of a finding's pair concluded (the offline analyst's confounding and
 * robustness checks in its ledger), or {@code null}s when none applies.
 *
 * @param confounding the confounding verdict, judged against the run's false discovery rate
 * @param confoundingDetail its sentence
 * @param confoundingFinding the finding that records the adjustment
 * @param robustness the robustness verdict
 * @param robustnessDetail its sentence
 */
record FollowUps(
    String confounding,
    String confoundingDetail,
    String confoundingFinding,
    String robustness,
    String robustnessDetail) {

  private static final FollowUps NONE = new FollowUps(null, null, null, null, null);

  /**
   * The follow-up verdicts about a finding's pair. Confounding verdicts apply to every claim of the
   * marginal association (the screening finding and its robustness check); robustness verdicts to
   * the screening finding only.
   *
   * @param f the finding
   * @param entry its ledger entry, or {@code null} for a finding outside the ledger
   * @param checks the ledger's follow-up verdicts
   * @param family the run's tests
   * @param fdr the false discovery rate q
   * @return the verdicts
   */
  static FollowUps of(
      Finding f,
      Ledger.TestEntry entry,
      List<Ledger.CheckEntry> checks,
      TestFamily family,
      double fdr) {
    boolean marginal =
        entry == null || entry.kind().equals("screen") || entry.kind().equals("robustness");
    boolean screening = entry == null || entry.kind().equals("screen");
    if (!marginal) {
      return NONE;
    }
    String confounding = null;
    String confoundingDetail = null;
    String confoundingFinding = null;
    String robustness = null;
    String robustnessDetail = null;
    for (Ledger.CheckEntry c : checks) {
      if (!samePair(f, entry, c) || Objects.equals(c.finding(), f.id())) {
        continue;
      }
      if (c.kind().equals("confounding")) {
        Double followAdjusted = family.ofFinding(c.finding());
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
    return new FollowUps(
        confounding, confoundingDetail, confoundingFinding, robustness, robustnessDetail);
  }

  /** Whether a verdict is about the finding's pair (by its ledger entry, else its variables). */
  private static boolean samePair(Finding f, Ledger.TestEntry entry, Ledger.CheckEntry c) {
    if (entry != null) {
      return c.pair().equals(entry.pair());
    }
    if (f.variables().size() < 2) {
      return false;
    }
    Set<String> vars = new HashSet<>(List.of(f.variables().get(0), f.variables().get(1)));
    return vars.equals(new HashSet<>(List.of(c.x(), c.y())));
  }
}
