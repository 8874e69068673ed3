package io.kosmos.sandbox;

import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
import io.kosmos.api.ExecutorInfo;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import io.kosmos.sandbox.internal.JupyterClient;
import io.kosmos.sandbox.internal.RemoteSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs Kosmos's Python on several Jupyter Servers, Kernel Gateways or Enterprise Gateways at once:
 * kernels beyond one machine. Each session is placed on the healthy gateway with the most room (by
 * share of its {@linkplain Gateway#capacity() capacity}); each gateway is checked on a schedule
 * ({@code GET /api/kernelspecs} with its token); a gateway that stops answering is marked down, its
 * sessions end, and it rejoins when its checks succeed again. The engine does not change: it sees
 * one {@link Executor}.
 *
 * <pre>{@code
 * try (GatewayPoolExecutor pool = GatewayPoolExecutor.builder()
 *         .gateway(Gateway.builder("http://10.0.0.5:8888/").token(token).capacity(8).build())
 *         .gateway(Gateway.builder("http://10.0.0.6:8888/").token(token).capacity(8).build())
 *         .kernelEnv("KERNEL_USERNAME", "alice")
 *         .build()) {
 *   workflow = Kosmos.workflow().executor(pool) ...
 * }
 * }</pre>
 *
 * <p><b>When a gateway dies.</b> A session learns of it either from its own connection (the
 * WebSocket breaks: the gateway is checked at once) or from the scheduled checks (a host that stops
 * answering without closing anything). Either way every session there ends: the cell in flight, and
 * every later call, throws {@link SandboxUnavailableException} naming the gateway and the reason,
 * and the audit log records the cell as {@code KERNEL_DIED}. The kernel and its variables are gone,
 * so the work starts over in a new session, which the pool places on another gateway: the research
 * engine retries such a task from scratch by itself. A session that cannot start on one gateway (it
 * is down, full, or its kernel fails to launch) is tried on the next.
 *
 * <p><b>Waiting.</b> While every healthy gateway is full, {@link #openSession} waits for room up to
 * {@link Builder#pendingTimeout} (then {@link io.kosmos.api.ExecutionTimeoutException}, which the
 * engine also retries); each kernel start is bounded by {@link KernelOptions#startTimeout()}
 * (default 2 minutes, sent to Enterprise Gateway as {@code KERNEL_LAUNCH_TIMEOUT}). With no gateway
 * up at all it fails at once with every gateway's reason.
 *
 * <p>Sessions behave as {@link RemoteGatewayExecutor}'s: datasets at {@code /data/<name>} checked
 * by SHA-256, the same time limits, output cap, audit log and {@code KERNEL_} variables.
 * Thread-safe.
 */
public final class GatewayPoolExecutor implements Executor {

  private final GatewayPool pool;
  private final RemoteKernels kernels;
  private final Duration pendingTimeout;
  private final String environment;
  private final Map<String, String> details;
  private final AtomicInteger counter = new AtomicInteger();
  private volatile boolean closed;

  private GatewayPoolExecutor(Builder b) {
    this.kernels = new RemoteKernels(b.kernel);
    Map<String, String> env = RemoteKernels.startEnv(b.kernelEnv);
    Clock clock = Clock.systemUTC();
    List<PoolMember> members = new ArrayList<>();
    for (Gateway g : b.gateways) {
      members.add(
          new PoolMember(
              g,
              RemoteKernels.http(b.connectTimeout, b.requestTimeout),
              kernels.settings(g.kernelName(), env, b.requestTimeout, b.datasets),
              clock.instant()));
    }
    this.pool =
        new GatewayPool(
            members, b.healthCheckInterval, b.healthCheckTimeout, b.failuresBeforeDown, clock);
    this.pendingTimeout = b.pendingTimeout;
    this.environment = b.gateways.stream().map(Gateway::url).collect(Collectors.joining(" "));
    Map<String, String> d = new LinkedHashMap<>();
    for (Gateway g : b.gateways) {
      d.put(g.url(), g.kernelName() + ", capacity " + g.capacity());
    }
    d.put("maxOutputBytes", Long.toString(kernels.kernel().maxOutputBytes()));
    d.put("datasets", b.datasets == DatasetDelivery.UPLOAD ? "upload" : "gateway-mount");
    this.details = Map.copyOf(d);
    pool.start();
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ExecutionSession openSession(SessionOptions options) {
    Objects.requireNonNull(options, "options");
    if (closed) {
      throw new IllegalStateException("the executor is closed");
    }
    for (Path dataset : options.datasets()) {
      if (!Files.exists(dataset)) {
        throw new InvalidInputException(
            "dataset " + dataset + " does not exist; pass an existing file or folder");
      }
    }
    String id = "g" + counter.incrementAndGet();
    long deadline = System.nanoTime() + pendingTimeout.toNanos();
    Set<PoolMember> tried = new HashSet<>();
    List<String> failures = new ArrayList<>();
    while (true) {
      PoolMember m = reserve(tried, deadline);
      if (m == null) {
        throw new SandboxUnavailableException(
            "no gateway of the pool can start a session"
                + (failures.isEmpty() ? "" : " (" + String.join("; ", failures) + ")")
                + ": "
                + pool.describeAll()
                + ". Check that the gateways run and that their URLs and tokens are right"
                + " (GatewayPoolExecutor.gateways() says what each last answered)");
      }
      RemoteSession session =
          RemoteSession.create(id, options, kernels.audit(), m.client, m.settings, m);
      if (!pool.register(m, session)) {
        tried.add(m);
        continue;
      }
      try {
        session.start();
        pool.started(m);
        return session;
      } catch (IOException e) {
        tried.add(m);
        failures.add(m.gateway.url() + ": " + e.getMessage());
        startFailed(m, e);
      }
    }
  }

  private PoolMember reserve(Set<PoolMember> tried, long deadline) {
    try {
      return pool.reserve(tried, deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxUnavailableException("interrupted while waiting for a gateway", e);
    }
  }

  /** After a failed start: a full gateway is passed over a while; any other failure is checked. */
  private void startFailed(PoolMember m, IOException e) {
    if (e instanceof RemoteSession.GatewayLostException) {
      return;
    }
    if (e instanceof JupyterClient.JupyterHttpException h
        && h.status() == 403
        && h.serverMessage().contains("Resource Limit")) {
      // Enterprise Gateway's answer when its max_kernels is reached.
      pool.markFull(m);
      return;
    }
    if (m.confirmLoss(e) == null) {
      pool.startFailed(m, e.getMessage());
    }
  }

  /**
   * What the pool knows of each gateway now: up or down (and why), sessions and capacity.
   *
   * @return one status per gateway, in the order they were given
   */
  public List<GatewayStatus> gateways() {
    return pool.statuses();
  }

  /**
   * Checks every gateway now, without waiting for the schedule, and returns what was found: a
   * gateway that fails is marked down at once (its sessions end); one that answers rejoins.
   *
   * @return one status per gateway
   */
  public List<GatewayStatus> checkNow() {
    List<Thread> threads = new ArrayList<>();
    for (PoolMember m : pool.members()) {
      threads.add(Thread.ofVirtual().start(m::checkNow));
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return pool.statuses();
  }

  @Override
  public ExecutorInfo info() {
    return new ExecutorInfo("gateway-pool", environment, details);
  }

  /**
   * Shuts down every session's kernel (and those left on a gateway that was down and answers
   * again), stops the health checks and releases the clients.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pool.close();
    for (PoolMember m : pool.members()) {
      for (RemoteSession s : new ArrayList<>(m.sessions)) {
        s.forceClose();
      }
      if (pool.downReason(m) == null) {
        m.deleteLeftKernels();
      }
      RemoteKernels.release(m.http);
    }
    kernels.close();
  }

  /**
   * Builds a {@link GatewayPoolExecutor}. Each option may be set once: setting it again fails with
   * {@link IllegalStateException} naming it ({@code kernelEnv} once per variable); {@link #gateway}
   * adds and may be called any number of times. A value out of range fails at once with {@link
   * IllegalArgumentException} naming the option and the value.
   *
   * <p>Defaults: connect timeout 10 s, request timeout 60 s, {@link KernelOptions#defaults()} with
   * a remote gateway's defaults (start timeout 2 min), {@code KERNEL_USERNAME} this process's user,
   * datasets {@link DatasetDelivery#UPLOAD}, a health check every 5 s with a 3 s time limit, down
   * after 2 failed checks in a row, sessions wait up to 5 min for room.
   */
  public static final class Builder extends RemoteBuilder<Builder> {
    private final List<Gateway> gateways = new ArrayList<>();
    private Duration healthCheckInterval = Duration.ofSeconds(5);
    private Duration healthCheckTimeout = Duration.ofSeconds(3);
    private int failuresBeforeDown = 2;
    private Duration pendingTimeout = Duration.ofMinutes(5);

    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Adds a gateway.
     *
     * @param gateway the gateway; each URL once
     * @return this builder
     */
    public Builder gateway(Gateway gateway) {
      Objects.requireNonNull(gateway, "gateway");
      for (Gateway g : gateways) {
        if (g.url().equals(gateway.url())) {
          throw new IllegalArgumentException(
              "gateway " + gateway.url() + " was already added; add each gateway once");
        }
      }
      gateways.add(gateway);
      return this;
    }

    /**
     * Sets the time between two health checks of a gateway. Default 5 s.
     *
     * @param interval a positive duration
     * @return this builder
     */
    public Builder healthCheckInterval(Duration interval) {
      checks.once("healthCheckInterval");
      this.healthCheckInterval = OptionChecks.positive(interval, "healthCheckInterval");
      return this;
    }

    /**
     * Sets how long a health check waits for its answer. Default 3 s.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder healthCheckTimeout(Duration timeout) {
      checks.once("healthCheckTimeout");
      this.healthCheckTimeout = OptionChecks.positive(timeout, "healthCheckTimeout");
      return this;
    }

    /**
     * Sets how many health checks in a row must fail before a gateway is marked down. Default 2.
     *
     * @param checks 1 or more
     * @return this builder
     */
    public Builder failuresBeforeDown(int checks) {
      this.checks.once("failuresBeforeDown");
      OptionChecks.check(checks >= 1, "failuresBeforeDown", "1 or more", checks);
      this.failuresBeforeDown = checks;
      return this;
    }

    /**
     * Sets how long opening a session waits for room while every healthy gateway is full. Default 5
     * minutes.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder pendingTimeout(Duration timeout) {
      checks.once("pendingTimeout");
      this.pendingTimeout = OptionChecks.positive(timeout, "pendingTimeout");
      return this;
    }

    /**
     * Builds the pool and starts its health checks (the first at once, in the background).
     *
     * @return the executor
     * @throws IllegalStateException if no gateway was added
     */
    public GatewayPoolExecutor build() {
      if (gateways.isEmpty()) {
        throw new IllegalStateException(
            "GatewayPoolExecutor needs at least one gateway: call gateway(...)");
      }
      return new GatewayPoolExecutor(this);
    }
  }
}
