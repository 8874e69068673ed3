package io.kosmos.cli.bench;

import io.kosmos.api.ExecutionSession;
import io.kosmos.api.ExecutionTimeoutException;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import io.kosmos.sandbox.Gateway;
import io.kosmos.sandbox.GatewayPoolExecutor;
import io.kosmos.sandbox.GatewayStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * The failover half of {@code kosmos bench gateways}: tasks run on every gateway of a pool, then
 * one gateway is killed ({@code docker kill}: its processes die, its connections close) or frozen
 * ({@code docker pause}: it stops answering and closes nothing, as a host cut off by the network).
 * Each worker does what the engine does with a task whose sandbox was lost: open a new session and
 * start the task over. Measured from the moment of the kill or freeze: when the pool marked the
 * gateway down, and when every task that was on it had run a cell on another gateway; after a
 * freeze, also how long the gateway takes to rejoin once it answers again.
 */
final class GatewayFailover {

  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final int FAILURES = 2;
  private static final int CELLS = 16;
  private static final String CELL = "import time; time.sleep(0.25)";

  private final GatewayServers servers;
  private final PrintWriter out;

  GatewayFailover(GatewayServers servers, PrintWriter out) {
    this.servers = servers;
    this.out = out;
  }

  void run() {
    out.printf(
        Locale.ROOT,
        "Failover: health checks every %d s with a %d s time limit, down after %d failures; 2"
            + " tasks per gateway, each %d cells of 0.25 s, started over elsewhere when their"
            + " gateway is lost%n",
        INTERVAL.toSeconds(),
        TIMEOUT.toSeconds(),
        FAILURES,
        CELLS);
    out.flush();
    int n = servers.urls().size();
    scenario("killed (docker kill)", n, n - 1, servers::kill, false);
    if (n >= 3) {
      scenario("frozen (docker pause)", n - 1, n - 2, servers::pause, true);
    } else {
      out.println("  frozen: needs 3 or more gateways (one was killed)");
    }
  }

  private void scenario(String what, int gateways, int victim, IntConsumer act, boolean thaw) {
    List<String> urls = servers.urls().subList(0, gateways);
    GatewayPoolExecutor.Builder b =
        GatewayPoolExecutor.builder()
            .healthCheckInterval(INTERVAL)
            .healthCheckTimeout(TIMEOUT)
            .failuresBeforeDown(FAILURES)
            .connectTimeout(Duration.ofSeconds(2));
    for (String url : urls) {
      // room for the lost gateway's tasks on the others, so that moving them waits for nothing
      b.gateway(Gateway.builder(url).token(servers.token()).capacity(4).build());
    }
    String victimUrl = urls.get(victim);
    try (GatewayPoolExecutor pool = b.build()) {
      pool.checkNow();
      int workers = 2 * gateways;
      CountDownLatch started = new CountDownLatch(workers);
      AtomicLong actedAt = new AtomicLong();
      Worker[] all = new Worker[workers];
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        all[w] = new Worker(pool, victimUrl, started, actedAt);
        threads.add(Thread.ofPlatform().name("bench-worker-" + w).start(all[w]::run));
      }
      await(started);
      long t0 = System.nanoTime();
      actedAt.set(t0);
      act.accept(victim);
      long detected = awaitState(pool, victim, GatewayStatus.State.DOWN, t0);
      threads.forEach(GatewayFailover::join);
      long done = System.nanoTime();
      long moved = 0;
      int onVictim = 0;
      int redone = 0;
      for (Worker w : all) {
        if (w.wasOnVictim) {
          onVictim++;
          moved = Math.max(moved, w.firstCellElsewhere.get() - t0);
        }
        redone += w.cellsLost.get();
      }
      out.printf(
          Locale.ROOT,
          "  %-22s detected after %s; its %d task(s) running again elsewhere after %s"
              + " (%d cell(s) run again); all %d tasks done after %s%n",
          what,
          secs(detected - t0),
          onVictim,
          secs(moved),
          redone,
          workers,
          secs(done - t0));
      out.printf(Locale.ROOT, "  %-22s reason: %s%n", "", pool.gateways().get(victim).reason());
      if (thaw) {
        long t1 = System.nanoTime();
        servers.unpause(victim);
        long back = awaitState(pool, victim, GatewayStatus.State.UP, t1);
        out.printf(
            Locale.ROOT,
            "  %-22s rejoined %s after it answered again%n",
            "unpaused",
            secs(back - t1));
      }
      out.flush();
    }
  }

  /** One task, started over in a new session whenever its session is lost. */
  private static final class Worker {
    private final GatewayPoolExecutor pool;
    private final String victim;
    private final CountDownLatch started;
    private final AtomicLong actedAt;
    volatile boolean wasOnVictim;
    final AtomicLong firstCellElsewhere = new AtomicLong();
    final AtomicInteger cellsLost = new AtomicInteger();

    Worker(GatewayPoolExecutor pool, String victim, CountDownLatch started, AtomicLong actedAt) {
      this.pool = pool;
      this.victim = victim;
      this.started = started;
      this.actedAt = actedAt;
    }

    void run() {
      boolean counted = false;
      while (true) {
        int done = 0;
        try (ExecutionSession s = pool.openSession(SessionOptions.builder().build())) {
          boolean here = s.location().startsWith(victim);
          for (int c = 0; c < CELLS; c++) {
            GatewayBenchmark.check(s.execute(CELL, Duration.ofSeconds(60)));
            done++;
            // only after the act: under heavy load a gateway may be falsely marked down before
            if (!here && wasOnVictim && actedAt.get() != 0) {
              firstCellElsewhere.compareAndSet(0, System.nanoTime());
            }
            if (c == 1 && !counted) {
              counted = true;
              started.countDown();
            }
            if (actedAt.get() == 0) {
              wasOnVictim = here;
            }
          }
          return;
        } catch (SandboxUnavailableException | ExecutionTimeoutException e) {
          cellsLost.addAndGet(done);
        }
      }
    }
  }

  private static long awaitState(
      GatewayPoolExecutor pool, int index, GatewayStatus.State state, long since) {
    long deadline = since + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (pool.gateways().get(index).state() == state) {
        return System.nanoTime();
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException("the gateway did not become " + state + " within 3 minutes");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the tasks did not start within 5 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String secs(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }
}
