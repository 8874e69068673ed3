package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.ExecutionSession;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What Enterprise Gateway asks of a client, against {@link GatewayFixture} (written from its
 * documentation): the {@code KERNEL_} variables of the start request, the kernel spec, its refusals
 * and their JSON error bodies, listing kernels forbidden, and idle kernels culled.
 */
class EnterpriseGatewayTest {

  private static final Duration CELL = Duration.ofSeconds(30);
  private final GatewayFixture eg = new GatewayFixture("eg-token");

  @AfterEach
  void stop() {
    eg.close();
  }

  private RemoteGatewayExecutor.Builder executor() {
    return RemoteGatewayExecutor.builder(eg.url()).token("eg-token");
  }

  @Test
  void pingUsesTheKernelSpecsBecauseListingKernelsIsForbidden() {
    try (RemoteGatewayExecutor ok = executor().build()) {
      ok.ping();
    }
    assertThat(eg.kernelSpecChecks.get()).isEqualTo(1);
    try (RemoteGatewayExecutor r = executor().kernelName("ir").build()) {
      assertThatThrownBy(r::ping)
          .isInstanceOf(SandboxUnavailableException.class)
          .hasMessageContaining("no kernel spec 'ir' there (it has: python3, python_kubernetes)");
    }
    try (RemoteGatewayExecutor wrong = RemoteGatewayExecutor.builder(eg.url()).build()) {
      assertThatThrownBy(wrong::ping)
          .isInstanceOf(SandboxUnavailableException.class)
          .hasMessageContaining("answered 401: Unauthorized")
          .hasMessageContaining("the token is missing or wrong");
    }
  }

  @Test
  void theStartRequestCarriesTheKernelVariablesTheGatewayReads() {
    try (RemoteGatewayExecutor ex =
            executor()
                .kernelName("python_kubernetes")
                .kernelEnv("KERNEL_NAMESPACE", "kosmos-kernels")
                .kernel(KernelOptions.builder().startTimeout(Duration.ofSeconds(90)).build())
                .build();
        ExecutionSession s =
            ex.openSession(SessionOptions.builder().memoryLimitBytes(2L << 30).build())) {
      assertThat(s.execute("print('on eg')", CELL).stdout()).isEqualTo("on eg\n");
    }
    GatewayFixture.Kernel k = eg.started.getFirst();
    assertThat(k.name()).isEqualTo("python_kubernetes");
    assertThat(k.env())
        .containsEntry("KERNEL_USERNAME", System.getProperty("user.name"))
        .containsEntry("KERNEL_NAMESPACE", "kosmos-kernels")
        .containsEntry("KERNEL_LAUNCH_TIMEOUT", "90")
        .containsEntry("KERNEL_MEMORY_LIMIT", Long.toString(2L << 30));
    assertThat(eg.deleted).containsExactly(k.id());

    try (RemoteGatewayExecutor ex = executor().kernelEnv("KERNEL_USERNAME", "alice").build();
        ExecutionSession s = ex.openSession(SessionOptions.builder().build())) {
      assertThat(s.id()).isNotBlank();
    }
    assertThat(eg.started.get(1).env())
        .containsEntry("KERNEL_USERNAME", "alice")
        .containsEntry("KERNEL_LAUNCH_TIMEOUT", "120")
        .doesNotContainKey("KERNEL_MEMORY_LIMIT");
  }

  @Test
  void theGatewaysRefusalsReachTheCallerWithItsOwnWords() {
    eg.unauthorizedUsers.add("bob");
    try (RemoteGatewayExecutor bob = executor().kernelEnv("KERNEL_USERNAME", "bob").build()) {
      assertThatThrownBy(() -> bob.openSession(SessionOptions.builder().build()))
          .isInstanceOf(SandboxUnavailableException.class)
          .hasMessageContaining("answered 403: Forbidden: User 'bob' is not authorized to start")
          .hasMessageContaining("Ensure KERNEL_USERNAME is set to an appropriate value");
    }
    eg.unauthorizedUsers.clear();
    eg.maxKernels = 0;
    try (RemoteGatewayExecutor ex = executor().build()) {
      assertThatThrownBy(() -> ex.openSession(SessionOptions.builder().build()))
          .hasMessageContaining("answered 403: Forbidden: Resource Limit");
      eg.maxKernels = null;
      eg.launchTimeouts.set(1);
      assertThatThrownBy(() -> ex.openSession(SessionOptions.builder().build()))
          .hasMessageContaining("answered 500: KernelID: '")
          .hasMessageContaining("launch timeout due to: Waited too long (30s)");
    }
    try (RemoteGatewayExecutor ex = executor().kernelName("nope").build()) {
      assertThatThrownBy(() -> ex.openSession(SessionOptions.builder().build()))
          .hasMessageContaining("answered 500: Internal Server Error: Unknown server error")
          .hasMessageContaining("check that the server has the 'nope' kernel spec");
    }
  }

  @Test
  void aCulledKernelIsReplacedAndTheSessionGoesOn() throws Exception {
    try (RemoteGatewayExecutor ex = executor().build();
        ExecutionSession s = ex.openSession(SessionOptions.builder().build())) {
      assertThat(s.execute("print('before')", CELL).stdout()).isEqualTo("before\n");
      String first = eg.started.getFirst().id();
      eg.cull(first);
      Thread.sleep(300); // the channel's close reaches the client: the kernel was idle
      assertThat(s.execute("print('after')", CELL).stdout()).isEqualTo("after\n");
      assertThat(eg.started).hasSize(2);
      assertThat(s.location()).endsWith(eg.started.get(1).id());
    }
  }
}
