package io.kosmos.core.validation;

import io.kosmos.api.Finding;
import io.kosmos.core.internal.stats.BenjaminiHochberg;
import io.kosmos.core.internal.stats.Ledger;
import java.util.ArrayList;
import java.util.List;

/**
 * The family the {@link StatisticalValidator} adjusts p values over: the raw p of every counted
 * test in the run's ledger, plus those of findings from other analysts that are not in it.
 */
final class TestFamily {
  private final List<Ledger.TestEntry> tests;
  private final double[] p;

  /**
   * Makes the family of a run.
   *
   * @param tests the ledger's tests
   * @param foreign the raw p values of findings outside the ledger
   */
  TestFamily(List<Ledger.TestEntry> tests, List<Double> foreign) {
    this.tests = tests;
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

  /** The Benjamini-Hochberg value of a raw p that is one of the family's. */
  double of(double raw) {
    return p.length == 0 ? raw : BenjaminiHochberg.against(p, raw);
  }

  /** The adjusted p of the test behind a finding, or {@code null} if the ledger lacks it. */
  Double ofFinding(String findingId) {
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
