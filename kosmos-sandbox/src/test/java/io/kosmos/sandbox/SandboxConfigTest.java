package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxConfigTest {
  @Test
  void defaultsAreSafe() {
    SandboxConfig c = SandboxConfig.defaults();
    assertThat(c.memoryLimitBytes()).isEqualTo(2L << 30);
    assertThat(c.cpus()).isEqualTo(1.0);
    assertThat(c.pidsLimit()).isEqualTo(256);
    assertThat(c.networkMode()).isEqualTo(SandboxConfig.NetworkMode.NONE);
    assertThat(c.maxOutputBytes()).isEqualTo(1L << 20);
    assertThat(c.maxSessionsPerContainer()).isEqualTo(1);
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
            .memoryLimitBytes(3L << 30)
            .cpus(2)
            .poolMinIdle(3)
            .image("kosmos-executor:dev")
            .interruptGrace(Duration.ofSeconds(5))
            .build();
    SandboxConfig copy = c.toBuilder().build();
    assertThat(copy.memoryLimitBytes()).isEqualTo(3L << 30);
    assertThat(copy.cpus()).isEqualTo(2.0);
    assertThat(copy.poolMinIdle()).isEqualTo(3);
    assertThat(copy.image()).contains("kosmos-executor:dev");
    assertThat(copy.interruptGrace()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void outOfRangeValuesFailAtBuildNamingTheOption() {
    assertThatThrownBy(() -> SandboxConfig.builder().memoryLimitBytes(1000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("memoryLimitBytes");
    assertThatThrownBy(() -> SandboxConfig.builder().cpus(0).build())
        .hasMessageStartingWith("cpus");
    assertThatThrownBy(() -> SandboxConfig.builder().poolMaxContainers(2).poolMinIdle(3).build())
        .hasMessageStartingWith("poolMinIdle");
    assertThatThrownBy(() -> SandboxConfig.builder().containerUser("0:0").build())
        .hasMessageStartingWith("containerUser");
    assertThatThrownBy(() -> SandboxConfig.builder().interruptGrace(Duration.ZERO).build())
        .hasMessageStartingWith("interruptGrace");
    assertThatThrownBy(() -> SandboxConfig.builder().image(" ")).hasMessageContaining("image");
  }
}
