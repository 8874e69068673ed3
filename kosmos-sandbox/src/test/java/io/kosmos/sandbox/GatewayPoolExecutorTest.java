package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.AuditRecord;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.ExecutionTimeoutException;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GatewayPoolExecutor} against gateways on loopback that speak Enterprise Gateway's REST API
 * and the kernel protocol ({@link GatewayFixture}): placement, waiting for room, health checks,
 * failover when a gateway dies or freezes, and rejoining.
 */
class GatewayPoolExecutorTest {

  private static final Duration CELL = Duration.ofSeconds(30);
  private final List<GatewayFixture> fixtures = new ArrayList<>();
  private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
  private GatewayPoolExecutor pool;

  @AfterEach
  void stop() {
    if (pool != null) {
      pool.close();
    }
    fixtures.forEach(GatewayFixture::close);
  }

  private GatewayFixture gateway() {
    GatewayFixture f = new GatewayFixture("tok");
    fixtures.add(f);
    return f;
  }

  private GatewayPoolExecutor.Builder poolOf(int... capacities) {
    return poolOf(Duration.ofMillis(100), capacities);
  }

  private GatewayPoolExecutor.Builder poolOf(Duration checkInterval, int... capacities) {
    GatewayPoolExecutor.Builder b =
        GatewayPoolExecutor.builder()
            .kernel(KernelOptions.builder().auditSink(audit::add).build())
            .healthCheckInterval(checkInterval)
            .healthCheckTimeout(Duration.ofMillis(300))
            .connectTimeout(Duration.ofSeconds(2))
            .requestTimeout(Duration.ofSeconds(5));
    for (int capacity : capacities) {
      b.gateway(Gateway.builder(gateway().url()).token("tok").capacity(capacity).build());
    }
    return b;
  }

  private static SessionOptions task(String id) {
    return SessionOptions.builder().runId("run").taskId(id).build();
  }

  private static String urlOf(ExecutionSession s) {
    return s.location().substring(0, s.location().indexOf("api/kernels/"));
  }

  @Test
  void sessionsGoToTheGatewayWithTheMostRoomByShareOfItsCapacity() {
    pool = poolOf(2, 4).build();
    List<ExecutionSession> open = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      open.add(pool.openSession(task("t" + i)));
    }
    assertThat(fixtures.get(0).running()).isEqualTo(2);
    assertThat(fixtures.get(1).running()).isEqualTo(3);
    assertThat(pool.gateways())
        .extracting(GatewayStatus::sessions, GatewayStatus::capacity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, 2), org.assertj.core.groups.Tuple.tuple(3, 4));
    ExecutionResult r = open.getFirst().execute("print('hello')", CELL);
    assertThat(r.stdout()).isEqualTo("hello\n");
    assertThat(open.getFirst().location())
        .startsWith(fixtures.get(0).url() + "api/kernels/")
        .endsWith(fixtures.get(0).started.getFirst().id());
    open.forEach(ExecutionSession::close);
    assertThat(fixtures.get(0).deleted).hasSize(2);
    assertThat(pool.gateways()).allMatch(s -> s.sessions() == 0);
  }

  @Test
  void whenEveryGatewayIsFullASessionWaitsForRoomUpToThePendingTimeout() throws Exception {
    pool = poolOf(1).pendingTimeout(Duration.ofMillis(400)).build();
    ExecutionSession first = pool.openSession(task("a"));
    assertThatThrownBy(() -> pool.openSession(task("b")))
        .isInstanceOf(ExecutionTimeoutException.class)
        .hasMessageContaining("no gateway had room for a session in time")
        .hasMessageContaining(fixtures.get(0).url() + " up, 1/1 sessions")
        .hasMessageContaining("pendingTimeout");

    try (GatewayPoolExecutor patient = poolOf(1).pendingTimeout(Duration.ofSeconds(20)).build()) {
      ExecutionSession held = patient.openSession(task("c"));
      CompletableFuture<ExecutionSession> waiting =
          CompletableFuture.supplyAsync(() -> patient.openSession(task("d")));
      Thread.sleep(300);
      assertThat(waiting).isNotDone();
      held.close();
      ExecutionSession next = waiting.get(10, TimeUnit.SECONDS);
      assertThat(next.execute("print('in')", CELL).stdout()).isEqualTo("in\n");
      next.close();
    }
    first.close();
  }

  @Test
  void aGatewayThatStopsAnsweringIsMarkedDownItsCellEndsAndItRejoinsWhenItAnswers()
      throws Exception {
    pool = poolOf(4, 4).build();
    ExecutionSession onFirst = pool.openSession(task("t1"));
    ExecutionSession onSecond = pool.openSession(task("t2"));
    assertThat(urlOf(onFirst)).isEqualTo(fixtures.get(0).url());
    String kernel = fixtures.get(0).started.getFirst().id();

    CompletableFuture<ExecutionResult> cell =
        CompletableFuture.supplyAsync(() -> onFirst.execute("#sleep 60000", CELL));
    Thread.sleep(200);
    long frozeAt = System.nanoTime();
    fixtures.get(0).freeze();

    assertThatThrownBy(() -> cell.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(SandboxUnavailableException.class)
        .cause()
        .hasMessageContaining("the gateway at " + fixtures.get(0).url() + " is gone")
        .hasMessageContaining("failed health check(s) in a row")
        .hasMessageContaining("KERNEL_DIED");
    long detectedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozeAt);
    assertThat(detectedMillis).as("detected within the checks' bounds").isLessThan(5000);
    GatewayStatus down = pool.gateways().getFirst();
    assertThat(down.state()).isEqualTo(GatewayStatus.State.DOWN);
    assertThat(down.reason()).contains("no answer to GET /api/kernelspecs");
    assertThat(audit)
        .anySatisfy(
            a -> {
              assertThat(a.status()).isEqualTo("KERNEL_DIED");
              assertThat(a.ending()).isEqualTo("sandbox-lost");
              assertThat(a.image()).isEqualTo(fixtures.get(0).url());
              assertThat(a.taskId()).isEqualTo("t1");
            });
    assertThatThrownBy(() -> onFirst.execute("print('x')", CELL))
        .isInstanceOf(SandboxUnavailableException.class)
        .hasMessageContaining(fixtures.get(0).url());
    onFirst.close();

    // The others go on, and new sessions go where there is a gateway.
    assertThat(onSecond.execute("print('still here')", CELL).stdout()).isEqualTo("still here\n");
    ExecutionSession moved = pool.openSession(task("t1"));
    assertThat(urlOf(moved)).isEqualTo(fixtures.get(1).url());

    fixtures.get(0).thaw();
    await(() -> pool.gateways().getFirst().state() == GatewayStatus.State.UP);
    // the kernel left behind while it was cut off is deleted when it rejoins
    await(() -> fixtures.get(0).deleted.contains(kernel));
    ExecutionSession back = pool.openSession(task("t3"));
    assertThat(urlOf(back)).isEqualTo(fixtures.get(0).url());
    List.of(onSecond, moved, back).forEach(ExecutionSession::close);
  }

  @Test
  void aGatewayThatDiesIsFoundByItsSessionsWithoutWaitingForTheSchedule() throws Exception {
    pool = poolOf(Duration.ofMinutes(10), 4, 4).build();
    ExecutionSession s = pool.openSession(task("t1"));
    CompletableFuture<ExecutionResult> cell =
        CompletableFuture.supplyAsync(() -> s.execute("#sleep 60000", CELL));
    Thread.sleep(200);
    long killedAt = System.nanoTime();
    fixtures.get(0).kill();
    assertThatThrownBy(() -> cell.get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(SandboxUnavailableException.class)
        .hasMessageContaining(fixtures.get(0).url())
        .hasMessageContaining("after a session's connection failed");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt)).isLessThan(5000);
    assertThat(pool.gateways().getFirst().state()).isEqualTo(GatewayStatus.State.DOWN);
    s.close();
    try (ExecutionSession next = pool.openSession(task("t1"))) {
      assertThat(urlOf(next)).isEqualTo(fixtures.get(1).url());
    }
  }

  @Test
  void aSessionThatCannotStartOnOneGatewayStartsOnTheNext() {
    pool = poolOf(4, 4).build();
    GatewayFixture first = fixtures.get(0);
    first.launchTimeouts.set(1);
    try (ExecutionSession s = pool.openSession(task("t1"))) {
      assertThat(urlOf(s)).isEqualTo(fixtures.get(1).url());
    }
    // A launch timeout is the kernel's failure, not the gateway's: it stays up.
    assertThat(pool.gateways().getFirst().state()).isEqualTo(GatewayStatus.State.UP);

    first.maxKernels = 0;
    try (ExecutionSession s = pool.openSession(task("t2"))) {
      assertThat(urlOf(s)).isEqualTo(fixtures.get(1).url());
    }
    assertThat(pool.gateways().getFirst().reason()).contains("full (it answered Resource Limit)");
  }

  @Test
  void aGatewayWhereSessionsKeepFailingToStartIsPassedOverForAWhile() {
    pool = poolOf(4, 4).build();
    GatewayFixture first = fixtures.get(0);
    first.launchTimeouts.set(2);
    List<ExecutionSession> open = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      open.add(pool.openSession(task("t" + i)));
    }
    assertThat(open).allMatch(s -> urlOf(s).equals(fixtures.get(1).url()));
    // two launches failed on the first gateway; the third session did not try it
    assertThat(first.started).isEmpty();
    GatewayStatus status = pool.gateways().getFirst();
    assertThat(status.state()).isEqualTo(GatewayStatus.State.UP);
    assertThat(status.reason())
        .contains("2 sessions in a row failed to start there, passed over for 15 s")
        .contains("launch timeout");
    assertThat(status.describe()).contains("up, 0/4 sessions; 2 sessions in a row failed");
    open.forEach(ExecutionSession::close);
  }

  @Test
  void withNoGatewayUpOpeningFailsAtOnceWithEachGatewaysReason() {
    GatewayFixture wrongToken = gateway();
    GatewayFixture dead = gateway();
    dead.kill();
    pool =
        GatewayPoolExecutor.builder()
            .gateway(Gateway.builder(wrongToken.url()).token("nope").build())
            .gateway(Gateway.of(dead.url()))
            .connectTimeout(Duration.ofMillis(500))
            .build();
    List<GatewayStatus> found = pool.checkNow();
    assertThat(found).allMatch(g -> g.state() == GatewayStatus.State.DOWN);
    assertThat(found.get(0).reason()).contains("401").contains("token is missing or wrong");
    assertThat(found.get(1).reason()).contains("no answer");
    long start = System.nanoTime();
    assertThatThrownBy(() -> pool.openSession(task("t")))
        .isInstanceOf(SandboxUnavailableException.class)
        .hasMessageContaining("no gateway of the pool can start a session")
        .hasMessageContaining(wrongToken.url() + " DOWN")
        .hasMessageContaining(dead.url() + " DOWN");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
  }

  @Test
  void infoNamesEveryGateway() {
    pool = poolOf(2, 3).build();
    assertThat(pool.info().name()).isEqualTo("gateway-pool");
    assertThat(pool.info().environment())
        .isEqualTo(fixtures.get(0).url() + " " + fixtures.get(1).url());
    assertThat(pool.info().details())
        .containsEntry(fixtures.get(1).url(), "python3, capacity 3")
        .containsEntry("datasets", "upload");
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the condition did not hold within 10 s");
      }
      Thread.sleep(20);
    }
  }
}
