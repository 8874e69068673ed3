package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxConfigTest {
  @Test
  void defaultsAreSafe() {
    SandboxConfig c = SandboxConfig.defaults();
    assertThat(c.limits().memoryLimitBytes()).isEqualTo(2L << 30);
    assertThat(c.limits().cpus()).isEqualTo(1.0);
    assertThat(c.limits().pidsLimit()).isEqualTo(256);
    assertThat(c.networkMode()).isEqualTo(SandboxConfig.NetworkMode.NONE);
    assertThat(c.kernel().maxOutputBytes()).isEqualTo(1L << 20);
    assertThat(c.pool().maxSessionsPerContainer()).isEqualTo(1);
    assertThat(c.image()).isEmpty();
    assertThat(c.useLatestImage()).isFalse();
    assertThat(c.reapOnStart()).isTrue();
  }

  @Test
  void kernelsAreReachedOverZeroMqUnlessTheNetworkModeRulesItOut() {
    SandboxConfig c = SandboxConfig.defaults();
    assertThat(c.kernelTransport()).isEqualTo(SandboxConfig.KernelTransport.ZMQ);
    assertThat(c.effectiveKernelTransport()).isEqualTo(SandboxConfig.KernelTransport.ZMQ);
    SandboxConfig internal = c.toBuilder().networkMode(SandboxConfig.NetworkMode.INTERNAL).build();
    assertThat(internal.kernelTransport()).isEqualTo(SandboxConfig.KernelTransport.ZMQ);
    assertThat(internal.effectiveKernelTransport())
        .isEqualTo(SandboxConfig.KernelTransport.WEBSOCKET);
    SandboxConfig ws =
        c.toBuilder().kernelTransport(SandboxConfig.KernelTransport.WEBSOCKET).build();
    assertThat(ws.toBuilder().build().effectiveKernelTransport())
        .isEqualTo(SandboxConfig.KernelTransport.WEBSOCKET);
    assertThat(ws.toString()).contains("kernel=WEBSOCKET");
    assertThatThrownBy(() -> SandboxConfig.builder().kernelTransport(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void toBuilderCopiesEverything() {
    SandboxConfig c =
        SandboxConfig.builder()
            .limits(ContainerLimits.builder().memoryLimitBytes(3L << 30).cpus(2).build())
            .pool(PoolOptions.builder().minIdle(3).build())
            .image("kosmos-executor:dev")
            .kernel(KernelOptions.builder().interruptGrace(Duration.ofSeconds(5)).build())
            .build();
    SandboxConfig copy = c.toBuilder().build();
    assertThat(copy.limits().memoryLimitBytes()).isEqualTo(3L << 30);
    assertThat(copy.limits().cpus()).isEqualTo(2.0);
    assertThat(copy.pool().minIdle()).isEqualTo(3);
    assertThat(copy.image()).contains("kosmos-executor:dev");
    assertThat(copy.kernel().interruptGrace()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void outOfRangeValuesFailAtBuildNamingTheOption() {
    assertThatThrownBy(() -> ContainerLimits.builder().memoryLimitBytes(1000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("memoryLimitBytes");
    assertThatThrownBy(() -> ContainerLimits.builder().cpus(0).build())
        .hasMessageStartingWith("cpus");
    assertThatThrownBy(() -> PoolOptions.builder().maxContainers(2).minIdle(3).build())
        .hasMessageStartingWith("minIdle");
    assertThatThrownBy(() -> SandboxConfig.builder().containerUser("0:0").build())
        .hasMessageStartingWith("containerUser");
    assertThatThrownBy(() -> KernelOptions.builder().interruptGrace(Duration.ZERO).build())
        .hasMessageStartingWith("interruptGrace");
    assertThatThrownBy(() -> SandboxConfig.builder().image(" ")).hasMessageContaining("image");
  }
}
