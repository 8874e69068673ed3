package io.kosmos.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a planned task repeats work already done (tasks tried in earlier cycles, and the
 * tasks of the same plan before it). The workflow drops a repeat, or runs a rewritten task in its
 * place, and saves each decision with its similarity in the cycle's {@code plan.json}.
 *
 * <p>The workflow's default ({@code NoveltyDetectors.textSimilarity(0.8)} in kosmos-core) compares
 * words of the description and the parameters. An implementation backed by a language model may
 * rewrite instead of dropping. Implementations are thread-safe.
 */
@FunctionalInterface
public interface NoveltyDetector {

  /**
   * Assesses a task.
   *
   * @param candidate the planned task
   * @param earlier tasks already tried, oldest first, then the tasks of the same plan kept so far
   * @return the decision
   */
  Decision assess(Task candidate, List<Task> earlier);

  /** What to do with a task. */
  enum Action {
    /** Run it. */
    KEEP,
    /** Do not run it: it repeats earlier work. */
    DROP,
    /** Run {@link Decision#task()} in its place. */
    REWRITE
  }

  /**
   * A decision about one task.
   *
   * @param action what to do
   * @param similarity the highest similarity found, from 0 to 1
   * @param similarTo the id of the most similar earlier task, or {@code null}
   * @param task the task to run: the candidate, or its rewrite for {@link Action#REWRITE}
   * @param reason why, in a sentence
   */
  record Decision(
      Action action, double similarity, @Nullable String similarTo, Task task, String reason) {
    /** Checks the components. */
    public Decision {
      Objects.requireNonNull(action, "action");
      if (!(similarity >= 0 && similarity <= 1)) {
        throw new IllegalArgumentException("similarity must be between 0 and 1, was " + similarity);
      }
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
