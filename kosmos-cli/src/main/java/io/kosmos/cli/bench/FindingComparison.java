package io.kosmos.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether two runs of the same job found the same things: the same finding ids, each with the same
 * statistics to the precision a report prints (three significant digits). A faster build must not
 * change what the science found; this is how {@code kosmos bench run --baseline} checks it.
 *
 * @param identical whether the findings are the same
 * @param compared findings present in both runs
 * @param differences one line per difference (a finding only in one run, or a statistic that
 *     differs), in id order
 */
public record FindingComparison(boolean identical, int compared, List<String> differences) {

  /** Copies the list. */
  public FindingComparison {
    differences = List.copyOf(differences);
  }

  /**
   * Compares the findings of two runs.
   *
   * @param before the baseline run
   * @param after the run measured
   * @return the comparison
   */
  public static FindingComparison of(RunFigures before, RunFigures after) {
    Map<String, RunFigures.FindingFigures> a = byId(before.findings());
    Map<String, RunFigures.FindingFigures> b = byId(after.findings());
    Set<String> ids = new LinkedHashSet<>(a.keySet());
    ids.addAll(b.keySet());
    List<String> diffs = new ArrayList<>();
    int compared = 0;
    for (String id : ids.stream().sorted().toList()) {
      RunFigures.FindingFigures x = a.get(id);
      RunFigures.FindingFigures y = b.get(id);
      if (x == null) {
        diffs.add(id + ": only in the new run (" + y.claim() + ")");
        continue;
      }
      if (y == null) {
        diffs.add(id + ": only in the baseline (" + x.claim() + ")");
        continue;
      }
      compared++;
      Set<String> names = new LinkedHashSet<>(x.statistics().keySet());
      names.addAll(y.statistics().keySet());
      for (String name : names) {
        String u = x.statistics().get(name);
        String v = y.statistics().get(name);
        if (!Objects.equals(u, v)) {
          diffs.add(id + ": " + name + " " + show(u) + " -> " + show(v));
        }
      }
      if (!x.claim().equals(y.claim())) {
        diffs.add(id + ": claim \"" + x.claim() + "\" -> \"" + y.claim() + "\"");
      }
    }
    return new FindingComparison(diffs.isEmpty(), compared, diffs);
  }

  private static Map<String, RunFigures.FindingFigures> byId(
      List<RunFigures.FindingFigures> findings) {
    Map<String, RunFigures.FindingFigures> map = new LinkedHashMap<>();
    for (RunFigures.FindingFigures f : findings) {
      map.put(f.id(), f);
    }
    return map;
  }

  private static String show(String value) {
    return value == null ? "(none)" : value;
  }
}
