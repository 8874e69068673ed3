package io.kosmos.core.internal.workflow;

import io.kosmos.core.internal.artifacts.AtomicFiles;
import io.kosmos.core.internal.artifacts.CompressionRecord;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.artifacts.ReassessmentRecord;
import io.kosmos.core.internal.artifacts.RunRecord;
import io.kosmos.core.internal.world.WorldFiles;
import io.kosmos.core.internal.world.WorldState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the end of each cycle to disk without holding up the next one. The cycle's summary,
 * compression figures and reassessment are written at once, so that their syncs overlap; then the
 * cycle's folder is synced and {@code run.json} counts the cycle. Meanwhile the {@link RunSession}
 * plans the next cycle, whose plan is committed only after that ({@link #awaitCommit}). The world
 * snapshot under {@code world/} is for people and tools (the engine rebuilds the world from the
 * results), so it is written off the critical path.
 */
final class CycleCommits {

  private static final Logger LOG = LoggerFactory.getLogger(CycleCommits.class);

  private final Layout layout;
  private final ExecutorService threads;
  private CompletableFuture<Void> pendingSnapshot = CompletableFuture.completedFuture(null);
  private CompletableFuture<Void> cycleCommit = CompletableFuture.completedFuture(null);

  CycleCommits(Layout layout, ExecutorService threads) {
    this.layout = layout;
    this.threads = threads;
  }

  /**
   * Writes the world snapshot after the cycle, in the background; its content is taken now.
   *
   * @param world the world model, the cycle applied
   * @param cycle the cycle
   */
  void snapshot(WorldState world, int cycle) {
    WorldFiles.Snapshot snapshot = WorldFiles.capture(world, cycle);
    pendingSnapshot =
        pendingSnapshot.thenRunAsync(() -> WorldFiles.write(layout.worldDir(), snapshot), threads);
  }

  /**
   * Commits the end of a cycle in the background: its files, then {@code run.json}.
   *
   * @param cycle the cycle
   * @param summary its summary
   * @param compression its compression figures
   * @param reassessment its reassessment, or {@code null} if it was saved already
   * @param progress the run record that counts the cycle
   */
  void commit(
      int cycle,
      String summary,
      CompressionRecord compression,
      ReassessmentRecord reassessment,
      RunRecord progress) {
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    writes.add(
        CompletableFuture.runAsync(
            () ->
                AtomicFiles.writeString(
                    layout.summaryMd(cycle), summary, AtomicFiles.Durability.STAGED),
            threads));
    writes.add(
        CompletableFuture.runAsync(
            () ->
                Json.write(
                    layout.compressionJson(cycle), compression, AtomicFiles.Durability.STAGED),
            threads));
    if (reassessment != null) {
      writes.add(
          CompletableFuture.runAsync(
              () ->
                  Json.write(
                      layout.reassessmentJson(cycle), reassessment, AtomicFiles.Durability.STAGED),
              threads));
    }
    cycleCommit =
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
            .thenRun(
                () -> {
                  AtomicFiles.syncDirectory(layout.cycleDir(cycle));
                  Json.write(layout.runJson(), progress);
                });
  }

  /** Waits until the last completed cycle is counted in run.json. */
  void awaitCommit() {
    try {
      cycleCommit.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  /** Waits for the world snapshot; failing to write it is worth a warning, not the run. */
  void awaitSnapshot() {
    // The snapshot is rebuilt from the results whenever the run is opened.
    try {
      pendingSnapshot.join();
    } catch (CompletionException | CancellationException e) {
      LOG.warn("the world snapshot under {} was not written: {}", layout.worldDir(), e.getCause());
    }
  }
}
