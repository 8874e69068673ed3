package io.kosmos.sandbox;

import io.kosmos.sandbox.internal.JupyterClient;
import io.kosmos.sandbox.internal.RemoteSession;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway of a {@link GatewayPool}: its client and the settings of its sessions, the sessions
 * open there, and what its health checks found. Its state ({@link #state} and the fields after it)
 * is guarded by the pool's lock; the pool changes it.
 *
 * <p>It is also the {@link RemoteSession.Link} of its sessions: a session whose connection fails
 * asks it whether the gateway is gone, and it checks at once instead of waiting for the next
 * scheduled check, so that a gateway that died under a running cell is known within a few probes.
 */
final class PoolMember implements RemoteSession.Link {

  private static final Logger LOG = LoggerFactory.getLogger(PoolMember.class);

  /** The pause between the probes of a check made on a session's suspicion. */
  private static final Duration SUSPICION_PAUSE = Duration.ofMillis(200);

  final Gateway gateway;
  final OkHttpClient http;
  final JupyterClient client;
  final RemoteSession.Settings settings;
  final Set<RemoteSession> sessions = ConcurrentHashMap.newKeySet();
  private final Set<String> leftKernels = ConcurrentHashMap.newKeySet();
  private final ReentrantLock checking = new ReentrantLock();
  private GatewayPool pool;

  // Guarded by the pool's lock.
  GatewayStatus.State state = GatewayStatus.State.UP;
  String reason = "";
  Instant since;
  int failures;
  int reserved;
  int startFailures;
  long passOverUntilNanos;
  String note = "";

  PoolMember(Gateway gateway, OkHttpClient http, RemoteSession.Settings settings, Instant since) {
    this.gateway = gateway;
    this.http = http;
    this.client =
        new JupyterClient(http, gateway.httpUrl(), gateway.token().orElse(null), gateway.url());
    this.settings = settings;
    this.since = since;
  }

  void attach(GatewayPool pool) {
    this.pool = pool;
  }

  /**
   * One health probe.
   *
   * @return {@code null} if the gateway can serve sessions, else what is wrong
   */
  String probe() {
    return RemoteKernels.check(client, gateway.kernelName(), pool.healthTimeout());
  }

  /** A scheduled check; skipped while a check on a session's suspicion runs. */
  void scheduledCheck() {
    if (!checking.tryLock()) {
      return;
    }
    try {
      pool.recordCheck(this, probe());
    } catch (RuntimeException e) {
      LOG.warn("health check of {} failed: {}", gateway.url(), e.toString());
    } finally {
      checking.unlock();
    }
  }

  /** A check now, for {@link GatewayPoolExecutor#checkNow()}: one failure marks it down. */
  void checkNow() {
    checking.lock();
    try {
      String problem = probe();
      if (problem == null) {
        pool.recordCheck(this, null);
      } else {
        pool.markDown(this, problem);
      }
    } finally {
      checking.unlock();
    }
  }

  @Override
  public String confirmLoss(IOException failure) {
    checking.lock();
    try {
      String known = pool.downReason(this);
      if (known != null) {
        return known;
      }
      String problem = null;
      for (int i = 0; i < pool.failuresBeforeDown(); i++) {
        if (i > 0) {
          pause();
        }
        problem = probe();
        if (problem == null) {
          pool.recordCheck(this, null);
          return null;
        }
      }
      pool.markDown(
          this,
          problem
              + " (checked "
              + pool.failuresBeforeDown()
              + " time(s) after a session's connection failed: "
              + failure.getMessage()
              + ")");
      return pool.downReason(this);
    } finally {
      checking.unlock();
    }
  }

  @Override
  public void closed(RemoteSession session, boolean kernelLeft) {
    if (kernelLeft && session.kernelId() != null) {
      leftKernels.add(session.kernelId());
    }
    pool.sessionClosed(this, session);
  }

  /**
   * Deletes the kernels that sessions had to leave behind when the gateway stopped answering: a
   * gateway cut off by the network, not crashed, still runs them.
   */
  void deleteLeftKernels() {
    for (String id : List.copyOf(leftKernels)) {
      try {
        client.deleteKernel(id, pool.healthTimeout());
        LOG.info("deleted kernel {} left on {} while it was down", id, gateway.url());
      } catch (JupyterClient.JupyterHttpException e) {
        LOG.debug("kernel {} on {} is gone already ({})", id, gateway.url(), e.status());
      } catch (IOException e) {
        LOG.info("cannot delete kernel {} left on {}: {}", id, gateway.url(), e.getMessage());
        continue;
      }
      leftKernels.remove(id);
    }
  }

  /** Kernels left behind and not deleted yet. */
  Set<String> leftKernels() {
    return Set.copyOf(leftKernels);
  }

  private static void pause() {
    try {
      Thread.sleep(SUSPICION_PAUSE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
