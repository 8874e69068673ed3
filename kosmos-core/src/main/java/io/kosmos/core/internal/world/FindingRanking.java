package io.kosmos.core.internal.world;

import io.kosmos.api.Finding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The validated findings of the {@link WorldState} in rank order, as positions in its list of
 * findings, used under its lock: by validation score, then by adjusted p value (findings without
 * one after those with one), then in the order they were added. A sorted set keeps {@code
 * validatedFindings(limit)} bounded by its limit whatever the size of the world model.
 */
final class FindingRanking {
  private final List<Finding> findings;
  private final TreeSet<Integer> ranked = new TreeSet<>(this::compare);

  /**
   * Creates an empty ranking.
   *
   * @param findings the world model's findings, which positions point into
   */
  FindingRanking(List<Finding> findings) {
    this.findings = findings;
  }

  void add(int position) {
    ranked.add(position);
  }

  void remove(int position) {
    ranked.remove(position);
  }

  /**
   * The best-ranked findings.
   *
   * @param limit the most to return
   * @return an immutable list of at most {@code limit} findings
   */
  List<Finding> top(int limit) {
    List<Finding> out = new ArrayList<>(Math.min(Math.max(limit, 0), ranked.size()));
    Iterator<Integer> it = ranked.iterator();
    while (it.hasNext() && out.size() < limit) {
      out.add(findings.get(it.next()));
    }
    return Collections.unmodifiableList(out);
  }

  private int compare(Integer a, Integer b) {
    Finding fa = findings.get(a);
    Finding fb = findings.get(b);
    int byScore = Double.compare(fb.validation().score(), fa.validation().score());
    if (byScore != 0) {
      return byScore;
    }
    Double pa = fa.statistics() == null ? null : fa.statistics().significanceP();
    Double pb = fb.statistics() == null ? null : fb.statistics().significanceP();
    if (pa != null || pb != null) {
      if (pa == null) {
        return 1;
      }
      if (pb == null) {
        return -1;
      }
      int byP = Double.compare(pa, pb);
      if (byP != 0) {
        return byP;
      }
    }
    return Integer.compare(a, b);
  }

  /**
   * Orders findings for display: validated ones by rank first, then the rest in the order added.
   *
   * @return the comparator
   */
  static Comparator<Finding> displayOrder() {
    return Comparator.comparing((Finding f) -> !f.isValidated())
        .thenComparing((Finding f) -> f.validation() == null ? 0.0 : -f.validation().score())
        .thenComparing(
            (Finding f) ->
                f.statistics() == null || f.statistics().significanceP() == null
                    ? Double.MAX_VALUE
                    : f.statistics().significanceP());
  }
}
