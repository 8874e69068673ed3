package io.kosmos.core.internal.literature;

import io.kosmos.core.literature.LiteratureChain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a report says about the run's literature searches: who answered, and who fell back. */
public final class SearchLog {

  private SearchLog() {}

  /**
   * One sentence on the run's searches, or {@code null} if it made none: how many, which source
   * answered how many, and which sources failed before another answered (and why).
   *
   * @param root the artifacts directory
   * @return the sentence, or {@code null}
   */
  public static String summary(Path root) {
    List<LiteratureFiles.SearchFile> searches = new LiteratureFiles(root).searches();
    List<LiteratureFiles.SearchFile> asked =
        searches.stream().filter(s -> !s.kind().equals("read")).toList();
    if (asked.isEmpty()) {
      return null;
    }
    Map<String, Integer> answered = new TreeMap<>();
    Map<String, Integer> failures = new TreeMap<>();
    int none = 0;
    int fellBack = 0;
    for (LiteratureFiles.SearchFile s : asked) {
      if (s.answeredBy() == null) {
        none++;
      } else {
        answered.merge(s.answeredBy(), 1, Integer::sum);
      }
      boolean failed = false;
      for (LiteratureChain.Attempt a : s.attempts()) {
        if (a.outcome() == LiteratureChain.Outcome.FAILED
            || a.outcome() == LiteratureChain.Outcome.SKIPPED) {
          String why = a.reason() == null ? "left out while resting after a failure" : reason(a);
          failures.merge(a.source() + ": " + why, 1, Integer::sum);
          failed = true;
        }
      }
      if (failed && s.answeredBy() != null) {
        fellBack++;
      }
    }
    List<String> parts = new ArrayList<>();
    answered.forEach((k, v) -> parts.add(k + " answered " + v));
    StringBuilder sb =
        new StringBuilder("Literature: ")
            .append(asked.size())
            .append(" search(es) through ")
            .append(asked.getLast().chain())
            .append(parts.isEmpty() ? "" : "; " + String.join(", ", parts))
            .append(none == 0 ? "" : "; " + none + " found nothing in any source");
    if (!failures.isEmpty()) {
      List<String> f = new ArrayList<>();
      failures.forEach((k, v) -> f.add(k + " ×" + v));
      sb.append(". Fallbacks: ")
          .append(fellBack)
          .append(" search(es) answered by a later source because an earlier one failed (")
          .append(String.join("; ", f))
          .append(")");
    }
    return sb.append(". Every search and paper text is kept under ")
        .append(LiteratureFiles.DIR)
        .append("/.")
        .toString();
  }

  private static String reason(LiteratureChain.Attempt a) {
    return a.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
