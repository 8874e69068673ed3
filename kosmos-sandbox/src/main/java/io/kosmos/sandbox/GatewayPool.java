package io.kosmos.sandbox;

import io.kosmos.api.ExecutionTimeoutException;
import io.kosmos.sandbox.internal.RemoteSession;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateways of a {@link GatewayPoolExecutor} and what it knows of them: which are up, how full
 * each is, where the next session goes. Placement takes the up gateway with the most room by share
 * of its capacity (ties go round the gateways in turn); a session waits, up to the pending limit,
 * while every up gateway is full. Health checks run on a schedule for each gateway; a gateway whose
 * checks fail {@code failuresBeforeDown} times in a row is marked down and its sessions ended, and
 * it rejoins at its first successful check.
 */
final class GatewayPool {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayPool.class);

  /** How long a gateway that answered "no more kernels" (403 Resource Limit) is passed over. */
  static final Duration FULL_PAUSE = Duration.ofSeconds(10);

  private final List<PoolMember> members;
  private final Duration interval;
  private final Duration healthTimeout;
  private final int failuresBeforeDown;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ScheduledExecutorService checker;
  private int turn;

  GatewayPool(
      List<PoolMember> members,
      Duration interval,
      Duration healthTimeout,
      int failuresBeforeDown,
      Clock clock) {
    this.members = List.copyOf(members);
    this.interval = interval;
    this.healthTimeout = healthTimeout;
    this.failuresBeforeDown = failuresBeforeDown;
    this.clock = clock;
    this.checker =
        Executors.newScheduledThreadPool(
            Math.min(4, members.size()),
            r -> {
              Thread t = new Thread(r, "kosmos-gateway-health");
              t.setDaemon(true);
              return t;
            });
    members.forEach(m -> m.attach(this));
  }

  /** Starts the scheduled health checks: the first at once, then one per interval per gateway. */
  void start() {
    for (PoolMember m : members) {
      checker.scheduleWithFixedDelay(
          m::scheduledCheck, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  List<PoolMember> members() {
    return members;
  }

  Duration healthTimeout() {
    return healthTimeout;
  }

  int failuresBeforeDown() {
    return failuresBeforeDown;
  }

  /**
   * Reserves room on the gateway where the next session goes, waiting while every up gateway is
   * full.
   *
   * @param excluded gateways this session already failed to start on
   * @param deadline {@link System#nanoTime()} past which waiting ends
   * @return the gateway, with one place reserved (see {@link #register}), or {@code null} if no
   *     gateway outside {@code excluded} is up
   * @throws ExecutionTimeoutException if the deadline passed with every up gateway full
   * @throws InterruptedException if interrupted while waiting
   */
  PoolMember reserve(Set<PoolMember> excluded, long deadline) throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        boolean anyUp = false;
        PoolMember best = null;
        double bestShare = Double.MAX_VALUE;
        int n = members.size();
        for (int k = 0; k < n; k++) {
          PoolMember m = members.get((turn + k) % n);
          if (m.state != GatewayStatus.State.UP || excluded.contains(m)) {
            continue;
          }
          anyUp = true;
          int load = load(m);
          if (load >= m.gateway.capacity() || System.nanoTime() < m.passOverUntilNanos) {
            continue;
          }
          double share = (double) load / m.gateway.capacity();
          if (share < bestShare) {
            best = m;
            bestShare = share;
          }
        }
        if (best != null) {
          best.reserved++;
          turn = (members.indexOf(best) + 1) % n;
          return best;
        }
        if (!anyUp) {
          return null;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new ExecutionTimeoutException(
              "no gateway had room for a session in time: "
                  + describeAll()
                  + "; raise the gateways' capacity or the pool's pendingTimeout, or add gateways");
        }
        changed.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Turns a reservation into a session of the gateway, so that marking the gateway down reaches it
   * while it starts.
   *
   * @return {@code false} if the gateway went down since it was reserved (nothing registered)
   */
  boolean register(PoolMember m, RemoteSession session) {
    lock.lock();
    try {
      m.reserved--;
      changed.signalAll();
      if (m.state != GatewayStatus.State.UP) {
        return false;
      }
      m.sessions.add(session);
      return true;
    } finally {
      lock.unlock();
    }
  }

  private static int load(PoolMember m) {
    return m.reserved + m.sessions.size();
  }

  /** A gateway answered that it holds as many kernels as it may: passed over for a while. */
  void markFull(PoolMember m) {
    lock.lock();
    try {
      m.passOverUntilNanos = System.nanoTime() + FULL_PAUSE.toNanos();
      m.note = "full (it answered Resource Limit)";
    } finally {
      lock.unlock();
    }
  }

  /**
   * A session failed to start on a gateway that answers its checks (its kernel did not launch, or
   * cannot take the datasets). From the second failure in a row the gateway is passed over for a
   * while, 15 s and doubling up to 5 minutes, so that sessions stop paying for a gateway that
   * cannot serve them; it is tried again after that.
   *
   * @param m the gateway
   * @param why the failure
   */
  void startFailed(PoolMember m, String why) {
    Duration pause = null;
    lock.lock();
    try {
      m.startFailures++;
      if (m.startFailures >= 2) {
        long seconds = Math.min(300, 15L << Math.min(5, m.startFailures - 2));
        pause = Duration.ofSeconds(seconds);
        m.passOverUntilNanos = System.nanoTime() + pause.toNanos();
        m.note =
            m.startFailures
                + " sessions in a row failed to start there, passed over for "
                + seconds
                + " s; the last: "
                + why;
      }
    } finally {
      lock.unlock();
    }
    if (pause != null) {
      LOG.warn("gateway {}: {}", m.gateway.url(), m.note);
    }
  }

  /** A session started on a gateway: it serves again. */
  void started(PoolMember m) {
    lock.lock();
    try {
      m.startFailures = 0;
      m.passOverUntilNanos = 0;
      m.note = "";
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records a health check's outcome: a success brings a down gateway back; the {@code
   * failuresBeforeDown}-th failure in a row marks an up one down.
   *
   * @param m the gateway
   * @param problem {@code null} for a success, else what was wrong
   */
  void recordCheck(PoolMember m, String problem) {
    boolean rejoined = false;
    boolean down = false;
    lock.lock();
    try {
      if (problem == null) {
        m.failures = 0;
        if (m.state == GatewayStatus.State.DOWN) {
          m.state = GatewayStatus.State.UP;
          m.reason = "";
          m.since = clock.instant();
          m.passOverUntilNanos = 0;
          m.startFailures = 0;
          m.note = "";
          rejoined = true;
          changed.signalAll();
        }
      } else if (m.state == GatewayStatus.State.UP) {
        m.failures++;
        down = m.failures >= failuresBeforeDown;
      }
    } finally {
      lock.unlock();
    }
    if (down) {
      markDown(m, problem + " (" + failuresBeforeDown + " failed health check(s) in a row)");
    }
    if (rejoined) {
      LOG.info("gateway {} answers again and takes sessions", m.gateway.url());
      m.deleteLeftKernels();
    }
  }

  /**
   * Marks a gateway down: no session is placed there, every session there ends (the cell in flight
   * at once), and the calls still waiting on it are cancelled.
   *
   * @param m the gateway
   * @param reason why, for every message that names it
   */
  void markDown(PoolMember m, String reason) {
    List<RemoteSession> ended;
    lock.lock();
    try {
      if (m.state == GatewayStatus.State.DOWN) {
        return;
      }
      m.state = GatewayStatus.State.DOWN;
      m.reason = reason;
      m.since = clock.instant();
      m.failures = 0;
      ended = new ArrayList<>(m.sessions);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (ended.isEmpty()) {
      LOG.info("gateway {} is down: {}", m.gateway.url(), reason);
    } else {
      LOG.warn(
          "gateway {} is down: {}; ending its {} session(s)",
          m.gateway.url(),
          reason,
          ended.size());
    }
    for (RemoteSession s : ended) {
      s.gatewayLost(reason);
    }
    m.http.dispatcher().cancelAll();
  }

  /**
   * Why a gateway is down.
   *
   * @return the reason, or {@code null} while it is up
   */
  String downReason(PoolMember m) {
    lock.lock();
    try {
      return m.state == GatewayStatus.State.DOWN ? m.reason : null;
    } finally {
      lock.unlock();
    }
  }

  /** A session on a gateway closed: its place is free. */
  void sessionClosed(PoolMember m, RemoteSession s) {
    lock.lock();
    try {
      m.sessions.remove(s);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** What the pool knows of each gateway now. */
  List<GatewayStatus> statuses() {
    lock.lock();
    try {
      List<GatewayStatus> all = new ArrayList<>();
      for (PoolMember m : members) {
        String why =
            m.state == GatewayStatus.State.DOWN
                ? m.reason
                : System.nanoTime() < m.passOverUntilNanos ? m.note : "";
        all.add(
            new GatewayStatus(
                m.gateway.url(), m.state, load(m), m.gateway.capacity(), why, m.since));
      }
      return all;
    } finally {
      lock.unlock();
    }
  }

  /** Every gateway in one line, for messages. */
  String describeAll() {
    List<String> parts = new ArrayList<>();
    for (GatewayStatus s : statuses()) {
      parts.add(s.describe());
    }
    return String.join("; ", parts);
  }

  /** Stops the health checks. */
  void close() {
    checker.shutdownNow();
  }
}
