package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.SessionOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's meters against the real engine: a session's cells by status (a result, an error, a
 * timeout stopped by an interrupt, a kernel killed for memory), the out-of-memory kill and kernel
 * death counters, the pool's containers by state and the open sessions while a session is open, the
 * time to open it, and launches. A registry bound after the fact sees every count since the
 * executor started.
 */
class SandboxMetricsIT {

  static final Duration T = Duration.ofSeconds(60);

  @Test
  void cellsTimeoutsKernelDeathsAndThePoolAreCounted() {
    SandboxEngine.require();
    Path root = SandboxEngine.tempRoot("metrics");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (DockerSandboxExecutor executor =
        DockerSandboxExecutor.create(
            SandboxEngine.testConfig(root)
                .limits(SandboxEngine.TEST_LIMITS.newBuilder().memoryLimitBytes(256L << 20).build())
                .build())) {
      executor.bindTo(registry);
      executor.bindTo(registry); // twice changes nothing
      try (ExecutionSession s =
          executor.openSession(SessionOptions.builder().runId("metrics").build())) {
        assertThat(gauge(registry, "kosmos.sandbox.sessions.open")).isEqualTo(1);
        assertThat(containers(registry, "busy")).isEqualTo(1);
        assertThat(s.execute("print(6 * 7)", T).stdout()).isEqualTo("42\n");
        assertThat(s.execute("1 / 0", T).status()).isEqualTo(ExecutionResult.Status.ERROR);
        assertThat(s.execute("while True: pass", Duration.ofSeconds(2)).status())
            .isEqualTo(ExecutionResult.Status.TIMEOUT);
        assertThat(s.execute("x = 'x' * (1024 ** 3)", T).status())
            .isEqualTo(ExecutionResult.Status.KERNEL_DIED);
        assertThat(s.execute("print('again')", T).stdout()).isEqualTo("again\n");
      }
      assertThat(gauge(registry, "kosmos.sandbox.sessions.open")).isZero();
      assertThat(gauge(registry, "kosmos.sandbox.pool.max")).isEqualTo(4);

      assertThat(cells(registry, "ok")).isEqualTo(2);
      assertThat(cells(registry, "error")).isEqualTo(1);
      assertThat(cells(registry, "timeout")).isEqualTo(1);
      assertThat(cells(registry, "kernel_died")).isEqualTo(1);
      assertThat(
              registry
                  .get("kosmos.sandbox.timeouts")
                  .tag("ending", "interrupted")
                  .functionCounter()
                  .count())
          .isEqualTo(1);
      assertThat(registry.get("kosmos.sandbox.kernel.deaths").functionCounter().count())
          .isEqualTo(1);
      assertThat(registry.get("kosmos.sandbox.oom.kills").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("kosmos.sandbox.cell.duration").tag("status", "ok").timer().count())
          .isEqualTo(2);
      assertThat(registry.get("kosmos.sandbox.session.open.duration").timer().count()).isEqualTo(1);
      assertThat(
              registry
                  .get("kosmos.sandbox.launches")
                  .tag("outcome", "ok")
                  .functionCounter()
                  .count())
          .isGreaterThanOrEqualTo(1);
      assertThat(registry.get("kosmos.sandbox.containers.reaped").functionCounter().count())
          .isGreaterThanOrEqualTo(0);

      SimpleMeterRegistry late = new SimpleMeterRegistry();
      executor.bindTo(late);
      assertThat(cells(late, "ok")).isEqualTo(2);
      assertThat(late.get("kosmos.sandbox.oom.kills").functionCounter().count()).isEqualTo(1);
    }
  }

  private static double gauge(MeterRegistry registry, String name) {
    return registry.get(name).gauge().value();
  }

  private static double containers(MeterRegistry registry, String state) {
    return registry.get("kosmos.sandbox.containers").tag("state", state).gauge().value();
  }

  private static double cells(MeterRegistry registry, String status) {
    return registry.get("kosmos.sandbox.cells").tag("status", status).functionCounter().count();
  }
}
