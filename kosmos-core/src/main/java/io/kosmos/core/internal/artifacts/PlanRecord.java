package io.kosmos.core.internal.artifacts;

import io.kosmos.api.Plan;
import io.kosmos.api.PlanReview;
import io.kosmos.api.Task;
import java.time.Instant;
import java.util.List;

/**
 * The content of {@code cycles/<n>/plan.json}: the plan as proposed, its review, the revision and
 * its review if the first was rejected, the tasks dropped and why, and the plan that runs. Written
 * once, before any task of the cycle starts, so a resumed cycle runs the same plan.
 *
 * @param formatVersion {@link Json#FORMAT_VERSION}
 * @param cycle the cycle
 * @param explorationShare the share of exploration the planner was asked for
 * @param proposed the plan as first proposed (ids assigned)
 * @param review the review of the proposed plan
 * @param revised the revised plan, or {@code null} if the first was approved
 * @param revisedReview the review of the revision, or {@code null}
 * @param approved whether the plan that runs was approved
 * @param decision what the engine did, in a sentence
 * @param structuralDrops tasks removed because they cannot be carried out
 * @param novelty the novelty decision for every task that survived review
 * @param plan the plan that runs
 * @param truncated how many tasks past the cycle's limit were cut from the proposals
 * @param createdAt when the plan was committed
 */
public record PlanRecord(
    int formatVersion,
    int cycle,
    double explorationShare,
    Plan proposed,
    PlanReview review,
    Plan revised,
    PlanReview revisedReview,
    boolean approved,
    String decision,
    List<Drop> structuralDrops,
    List<NoveltyRecord> novelty,
    Plan plan,
    int truncated,
    Instant createdAt) {

  /** Copies the lists. */
  public PlanRecord {
    structuralDrops = structuralDrops == null ? List.of() : List.copyOf(structuralDrops);
    novelty = novelty == null ? List.of() : List.copyOf(novelty);
  }

  /**
   * The review that decided.
   *
   * @return the revision's review if there was a revision, else the first review
   */
  public PlanReview finalReview() {
    return revisedReview != null ? revisedReview : review;
  }

  /**
   * A task removed from the plan.
   *
   * @param taskId the task
   * @param reason why
   */
  public record Drop(String taskId, String reason) {}

  /**
   * A novelty decision.
   *
   * @param taskId the task assessed
   * @param action {@code KEEP}, {@code DROP} or {@code REWRITE}
   * @param similarity the highest similarity to an earlier task, from 0 to 1
   * @param similarTo the most similar earlier task, or {@code null}
   * @param reason why, in a sentence
   * @param rewritten the rewritten task, for {@code REWRITE}; {@code null} otherwise
   */
  public record NoveltyRecord(
      String taskId,
      String action,
      double similarity,
      String similarTo,
      String reason,
      Task rewritten) {}
}
