package io.kosmos.core.internal.orchestration;

import io.kosmos.api.NoveltyDetector;
import io.kosmos.api.Task;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The offline {@link NoveltyDetector}: the Jaccard similarity of the word sets of two tasks'
 * descriptions and parameters (lower-cased, common words removed), compared only between tasks of
 * the same kind. At or above the threshold the task is dropped.
 */
public final class TextNoveltyDetector implements NoveltyDetector {

  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "between", "by", "for", "from", "how", "in",
          "into", "is", "it", "its", "of", "on", "or", "the", "their", "this", "to", "using",
          "what", "whether", "which", "with");

  private final double threshold;
  // Word sets of tasks already seen: tasks are immutable and the tried list only grows, so each
  // task is tokenized once per run instead of once per comparison.
  private final Map<Task, Set<String>> cache = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Creates the detector.
   *
   * @param threshold similarity at which a task is a repeat, in (0, 1]
   */
  public TextNoveltyDetector(double threshold) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "novelty threshold must be above 0 and at most 1, was " + threshold);
    }
    this.threshold = threshold;
  }

  @Override
  public Decision assess(Task candidate, List<Task> earlier) {
    Set<String> words = words(candidate);
    double best = 0;
    Task bestTask = null;
    if (cache.size() > 100_000) {
      cache.clear();
    }
    for (Task other : earlier) {
      if (other.kind() != candidate.kind()) {
        continue;
      }
      double similarity = jaccard(words, cache.computeIfAbsent(other, TextNoveltyDetector::words));
      if (similarity > best) {
        best = similarity;
        bestTask = other;
      }
    }
    if (bestTask != null && best >= threshold) {
      return new Decision(
          Action.DROP,
          best,
          bestTask.id(),
          candidate,
          String.format(
              Locale.ROOT,
              "repeats %s (similarity %.2f >= threshold %.2f)",
              bestTask.id(),
              best,
              threshold));
    }
    return new Decision(
        Action.KEEP,
        best,
        bestTask == null ? null : bestTask.id(),
        candidate,
        bestTask == null
            ? "no earlier task of the same kind"
            : String.format(
                Locale.ROOT,
                "most similar to %s (similarity %.2f < threshold %.2f)",
                bestTask.id(),
                best,
                threshold));
  }

  @Override
  public String toString() {
    return "text similarity (Jaccard, threshold " + threshold + ")";
  }

  static Set<String> words(Task task) {
    Set<String> words = new HashSet<>();
    addWords(words, task.description());
    for (Map.Entry<String, String> e : task.parameters().entrySet()) {
      addWords(words, e.getKey());
      addWords(words, e.getValue());
    }
    return words;
  }

  private static void addWords(Set<String> words, String text) {
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_]+")) {
      if (word.length() > 1 && !STOP_WORDS.contains(word)) {
        words.add(word);
      }
    }
  }

  static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 1;
    }
    int common = 0;
    for (String w : a) {
      if (b.contains(w)) {
        common++;
      }
    }
    return (double) common / (a.size() + b.size() - common);
  }
}
