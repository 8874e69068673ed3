package io.kosmos.core.internal.artifacts;

import io.kosmos.api.TokenUsage;
import java.time.Instant;

/**
 * {@code usage.json}: what the run's language model calls have used, over all its sessions, as of
 * the last call. {@code run.json} holds the same totals as of the last cycle; a resumed run counts
 * the larger of the two, so tokens spent after the last cycle ended are not lost when the process
 * is killed.
 *
 * @param usage tokens used by the run so far
 * @param costUsd US dollars spent by the run so far
 * @param updatedAt when it was written
 * @param cacheSavingUsd what prompt caching saved the run so far, in US dollars
 */
public record UsageRecord(
    TokenUsage usage, double costUsd, Instant updatedAt, double cacheSavingUsd) {

  /** Defaults what an older or hand-edited file lacks. */
  public UsageRecord {
    usage = usage == null ? TokenUsage.ZERO : usage;
    costUsd = Double.isFinite(costUsd) && costUsd > 0 ? costUsd : 0;
    updatedAt = updatedAt == null ? Instant.EPOCH : updatedAt;
    cacheSavingUsd = Double.isFinite(cacheSavingUsd) ? cacheSavingUsd : 0;
  }
}
