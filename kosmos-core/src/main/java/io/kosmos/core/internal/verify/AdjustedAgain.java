package io.kosmos.core.internal.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.Finding;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.numbers.PrintedNumbers;
import io.kosmos.core.internal.stats.BenjaminiHochberg;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.Ledger;
import io.kosmos.core.internal.stats.ResultLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The run's adjusted p values computed again from the re-executed cells: each test of the ledger
 * reads its p value where its cell prints it again, and Benjamini-Hochberg runs over the family as
 * the statistical validator forms it (counted tests, plus the findings of other analysts with their
 * own p). A test recorded before the ledger kept its cell keeps its saved p.
 */
final class AdjustedAgain {

  private final Map<String, Double> byFinding = new HashMap<>();
  private final int familySize;

  private AdjustedAgain(int familySize) {
    this.familySize = familySize;
  }

  static AdjustedAgain of(
      List<Ledger.TestEntry> tests,
      WorldModel world,
      Map<String, NotebookReplay> replays,
      Function<String, String> notebookOf) {
    List<Double> family = new ArrayList<>();
    Map<String, Double> rawByFinding = new HashMap<>();
    Set<String> ledgered = new HashSet<>();
    for (Ledger.TestEntry t : tests) {
      double p = again(t, replays, notebookOf);
      if (t.inFamily()) {
        family.add(p);
      }
      if (t.findingId() != null) {
        rawByFinding.put(t.findingId(), p);
        ledgered.add(t.findingId());
      }
    }
    for (Finding f : world.findings()) {
      if (!ledgered.contains(f.id())
          && f.statistics() != null
          && f.statistics().pValue() != null
          && f.kind() != io.kosmos.api.FindingKind.LITERATURE) {
        family.add(f.statistics().pValue());
        rawByFinding.put(f.id(), f.statistics().pValue());
      }
    }
    double[] fam = family.stream().mapToDouble(Double::doubleValue).toArray();
    AdjustedAgain out = new AdjustedAgain(fam.length);
    rawByFinding.forEach(
        (id, p) -> out.byFinding.put(id, fam.length == 0 ? p : BenjaminiHochberg.against(fam, p)));
    return out;
  }

  /** A test's p value as its cell prints it again, else as saved. */
  private static double again(
      Ledger.TestEntry t, Map<String, NotebookReplay> replays, Function<String, String> nb) {
    if (t.cell() == null) {
      return t.p();
    }
    NotebookReplay r = replays.get(nb.apply(t.task()));
    ExecutionResult res = r == null ? null : r.rerun().get(t.cell());
    if (res == null || !res.isOk()) {
      // the cell's failure is reported with the cells; the family keeps the p it had
      return t.p();
    }
    JsonNode line = ResultLine.parse(res.stdout()).orElse(null);
    JsonNode at = line == null ? null : RunVerifier.at(line, t.part());
    Double p = at == null ? null : ResultLine.number(at, "p");
    return p == null ? t.p() : Math.max(0, Math.min(1, p));
  }

  int familySize() {
    return familySize;
  }

  /** The recomputed adjusted p of the cited findings that a printed value matches, or null. */
  Double matching(PrintedNumbers.Printed printed, List<String> findingIds, WorldModel world) {
    for (String id : findingIds) {
      Double adj = byFinding.get(id);
      if (adj != null && !adj.isNaN() && printed.matchesExact(adj)) {
        return adj;
      }
    }
    return null;
  }

  /** The cited findings' recomputed adjusted p values, for a mismatch's detail. */
  String describe(List<String> findingIds) {
    List<String> parts = new ArrayList<>();
    for (String id : findingIds) {
      Double adj = byFinding.get(id);
      parts.add(id + " " + (adj == null ? "none" : Fmt.p(adj)));
    }
    return String.join(", ", parts);
  }
}
