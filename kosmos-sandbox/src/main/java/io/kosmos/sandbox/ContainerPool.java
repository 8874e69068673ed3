package io.kosmos.sandbox;

import io.kosmos.api.ExecutionTimeoutException;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.sandbox.internal.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps warm containers (kernel started and warmed up) ready and hands one to each session.
 *
 * <ul>
 *   <li>At most {@code PoolOptions.maxContainers} containers exist at once, busy, warm and starting
 *       together; an acquisition beyond that waits, up to {@code acquireTimeout}.
 *   <li>At least {@code PoolOptions.minIdle} warm containers are kept ready; they are started in
 *       the background after each acquisition, so a session usually gets a container in
 *       milliseconds.
 *   <li>A container is never shared between runs: once handed to a run it is tagged with it, and
 *       goes back to the pool (kernel restarted, workspace and data emptied) only for later
 *       sessions of the same run, and only while it has served fewer than {@code
 *       maxSessionsPerContainer} sessions (default 1: discarded after one session); with {@code
 *       PoolOptions.keepKernel} it keeps its warm kernel, its namespace reset ({@link
 *       KernelReuse}). Warm containers older than {@code maxContainerAge} are discarded instead of
 *       handed out.
 * </ul>
 */
final class ContainerPool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerPool.class);

  private final ContainerLauncher launcher;
  private final ContainerResets resets;
  private final SandboxConfig config;
  private final ExecutorService background;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Deque<SandboxContainer>> warm = new HashMap<>();
  private final Map<String, Integer> warmingOf = new HashMap<>();
  private final Map<String, Deque<SandboxContainer>> reusable = new HashMap<>();
  private final Map<String, Integer> resettingOf = new HashMap<>();
  private final Set<SandboxContainer> busy = new HashSet<>();
  private final List<CompletableFuture<Void>> pending = new ArrayList<>();
  private final List<CompletableFuture<Void>> launches = new ArrayList<>();
  private int total;
  private int warming;
  private boolean closed;

  private final SandboxMetrics metrics;

  /** The image warm containers are started from: the one asked for last. */
  private String preferred;

  ContainerPool(
      ContainerLauncher launcher, SandboxConfig config, String image, SandboxMetrics metrics) {
    this.launcher = launcher;
    this.resets = new ContainerResets(launcher, config);
    this.config = config;
    this.metrics = metrics;
    this.preferred = image;
    this.background =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "kosmos-sandbox-pool");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts the warm containers of {@code PoolOptions.minIdle}. */
  void start() {
    lock.lock();
    try {
      refill();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Hands out a ready container for a session of a run.
   *
   * @param runId the run; a container that served another run is never returned
   * @param image the image the container must run (the run's environment)
   * @return the container, now busy
   * @throws ExecutionTimeoutException if none could be had within {@code acquireTimeout}
   * @throws SandboxUnavailableException if a container cannot be started
   */
  SandboxContainer acquire(String runId, String image) {
    long deadline = System.nanoTime() + config.pool().acquireTimeout().toNanos();
    lock.lock();
    try {
      if (!image.equals(preferred)) {
        // Warm containers follow demand: the environment asked for last.
        preferred = image;
      }
      while (true) {
        if (closed) {
          throw new IllegalStateException("the executor is closed");
        }
        SandboxContainer c = pollUsable(reusable.get(runId), image);
        if (c == null && config.pool().keepKernel() && resettingOf.containsKey(runId)) {
          // a kept kernel of this run is being reset: ready sooner than a new one, at no CPU cost
          changed.awaitNanos(Math.max(1, deadline - System.nanoTime()));
          continue;
        }
        if (c == null) {
          c = pollUsable(warm.get(image), image);
        }
        if (c != null) {
          c.runId = runId;
          busy.add(c);
          refill();
          return c;
        }
        if (total < config.pool().maxContainers()) {
          return launchFor(runId, image);
        }
        if (evictIdle(runId, image)) {
          continue;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new ExecutionTimeoutException(
              "no sandbox container became free within "
                  + Durations.human(config.pool().acquireTimeout())
                  + ": all "
                  + config.pool().maxContainers()
                  + " are busy; close sessions sooner or raise PoolOptions.maxContainers");
        }
        changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxUnavailableException("interrupted while waiting for a sandbox container", e);
    } finally {
      lock.unlock();
    }
  }

  /** Starts a container for a session (a cold start). Holds the lock, and releases it meanwhile. */
  private SandboxContainer launchFor(String runId, String image) {
    total++;
    lock.unlock();
    SandboxContainer launched;
    try {
      launched = launcher.launch(image);
      metrics.launched(true);
      resets.snapshotIfKept(launched);
    } catch (IOException | RuntimeException e) {
      metrics.launched(false);
      lock.lock();
      total--;
      changed.signalAll();
      throw ContainerResets.unavailable(e);
    }
    lock.lock();
    if (closed) {
      total--;
      removeLater(launched);
      throw new IllegalStateException("the executor is closed");
    }
    launched.runId = runId;
    busy.add(launched);
    refill();
    return launched;
  }

  /**
   * Takes a container back after a session. It is kept for the same run if it may serve more
   * sessions and is healthy; otherwise it is removed (in the background).
   *
   * @param container the container
   * @param healthy whether the session left it working
   */
  void release(SandboxContainer container, boolean healthy) {
    lock.lock();
    try {
      busy.remove(container);
      container.sessionsServed++;
      boolean keep =
          healthy
              && !closed
              && container.sessionsServed < config.pool().maxSessionsPerContainer()
              && !tooOld(container);
      if (!keep) {
        total--;
        removeLater(container);
        refill();
        changed.signalAll();
        return;
      }
      // Reset in the background, then offer it to the same run again.
      String run = container.runId;
      resettingOf.merge(run, 1, Integer::sum);
      pending.add(
          CompletableFuture.runAsync(
              () -> {
                boolean ok = resets.reset(container);
                lock.lock();
                try {
                  resettingOf.computeIfPresent(run, (k, n) -> n > 1 ? n - 1 : null);
                  if (ok && !closed) {
                    reusable
                        .computeIfAbsent(container.runId, k -> new ArrayDeque<>())
                        .add(container);
                  } else {
                    total--;
                    removeLater(container);
                    refill();
                  }
                  changed.signalAll();
                } finally {
                  lock.unlock();
                }
              },
              background));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes a container that went bad while a session held it, freeing its place.
   *
   * @param container the container
   */
  void discard(SandboxContainer container) {
    lock.lock();
    try {
      if (busy.remove(container)) {
        total--;
        removeLater(container);
        refill();
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private SandboxContainer pollUsable(Deque<SandboxContainer> queue, String image) {
    if (queue == null) {
      return null;
    }
    while (!queue.isEmpty()) {
      SandboxContainer c = queue.pollFirst();
      if (c.healthy() && !tooOld(c) && c.image.equals(image)) {
        return c;
      }
      // Broken, too old, or of an environment its run has left.
      total--;
      removeLater(c);
      changed.signalAll();
    }
    return null;
  }

  /** Frees a place: an idle container of another run, or a warm one of another image. */
  private boolean evictIdle(String runId, String image) {
    for (Map.Entry<String, Deque<SandboxContainer>> entry : reusable.entrySet()) {
      if (!entry.getKey().equals(runId) && !entry.getValue().isEmpty()) {
        total--;
        removeLater(entry.getValue().pollFirst());
        return true;
      }
    }
    for (Map.Entry<String, Deque<SandboxContainer>> entry : warm.entrySet()) {
      if (!entry.getKey().equals(image) && !entry.getValue().isEmpty()) {
        total--;
        removeLater(entry.getValue().pollFirst());
        return true;
      }
    }
    return false;
  }

  private boolean tooOld(SandboxContainer c) {
    return System.nanoTime() - c.createdNanos > config.pool().maxContainerAge().toNanos();
  }

  /**
   * Starts warm containers until {@code PoolOptions.minIdle} are ready or starting. Holds the lock.
   */
  private void refill() {
    String image = preferred;
    while (!closed
        && warmCount(image) + warmingOf.getOrDefault(image, 0) < config.pool().minIdle()
        && total < config.pool().maxContainers()) {
      total++;
      warming++;
      warmingOf.merge(image, 1, Integer::sum);
      launches.add(CompletableFuture.runAsync(() -> warmOne(image), background));
    }
    pending.removeIf(CompletableFuture::isDone);
    launches.removeIf(CompletableFuture::isDone);
  }

  private int warmCount(String image) {
    Deque<SandboxContainer> queue = warm.get(image);
    return queue == null ? 0 : queue.size();
  }

  private void warmOne(String image) {
    SandboxContainer c = null;
    try {
      c = launcher.launch(image);
      metrics.launched(true);
      resets.snapshotIfKept(c);
    } catch (IOException | RuntimeException e) {
      lock.lock();
      boolean closing = closed;
      lock.unlock();
      if (closing) {
        LOG.debug("a warm-up ended as the executor closed: {}", e.getMessage());
      } else {
        metrics.launched(false);
        LOG.warn("cannot start a warm sandbox container: {}", e.getMessage());
      }
    }
    lock.lock();
    try {
      warming--;
      warmingOf.merge(image, -1, Integer::sum);
      if (c == null) {
        total--;
      } else if (closed) {
        total--;
        removeLater(c);
      } else {
        warm.computeIfAbsent(image, k -> new ArrayDeque<>()).addLast(c);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void removeLater(SandboxContainer c) {
    pending.add(CompletableFuture.runAsync(() -> launcher.remove(c), background));
  }

  /** Counts for the meters, tests and the benchmark. */
  record Stats(int total, int warm, int warming, int busy, int idle) {}

  /** The meters, for the sessions that count what only they see (out-of-memory kills). */
  SandboxMetrics metrics() {
    return metrics;
  }

  Stats stats() {
    lock.lock();
    try {
      int ready = warm.values().stream().mapToInt(Deque::size).sum();
      int idle = reusable.values().stream().mapToInt(Deque::size).sum();
      return new Stats(total, ready, warming, busy.size(), idle);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@code PoolOptions.minIdle} warm containers are ready (for benchmarks and tests).
   *
   * @param timeout how long to wait
   * @return whether they are
   */
  boolean awaitWarm(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (warmCount(preferred) < config.pool().minIdle()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes every container (busy ones too) and waits for the removals. Warm-ups in progress are
   * not waited for: their containers are removed at once and the launches fail quickly (closing
   * took 10 to 55 s while a warm-up finished before).
   */
  @Override
  public void close() {
    List<CompletableFuture<Void>> waitFor;
    List<CompletableFuture<Void>> starting;
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        List<SandboxContainer> all = new ArrayList<>();
        warm.values().forEach(all::addAll);
        warm.clear();
        reusable.values().forEach(all::addAll);
        reusable.clear();
        all.addAll(busy);
        busy.clear();
        for (SandboxContainer c : all) {
          total--;
          removeLater(c);
        }
        changed.signalAll();
      }
      waitFor = new ArrayList<>(pending);
      starting = new ArrayList<>(launches);
    } finally {
      lock.unlock();
    }
    int aborted = launcher.abortLaunches();
    if (aborted > 0) {
      LOG.debug("removed {} container(s) still starting", aborted);
    }
    // A launch whose container was removed fails within moments; one that finished first sees
    // `closed` and queues its container's removal, which the loop below waits for.
    awaitQuietly(starting, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
    lock.lock();
    try {
      waitFor = new ArrayList<>(pending);
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      for (CompletableFuture<Void> f : waitFor) {
        try {
          f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
          LOG.debug("pool task ended: {}", e.toString());
        }
      }
      lock.lock();
      try {
        pending.removeIf(CompletableFuture::isDone);
        if (pending.isEmpty() || System.nanoTime() > deadline) {
          break;
        }
        waitFor = new ArrayList<>(pending);
      } finally {
        lock.unlock();
      }
    }
    background.shutdown();
  }

  private static void awaitQuietly(List<CompletableFuture<Void>> futures, long deadline) {
    for (CompletableFuture<Void> f : futures) {
      try {
        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        LOG.debug("pool task ended: {}", e.toString());
      }
    }
  }
}
