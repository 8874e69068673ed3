package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.HostConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerSpecTest {

  @TempDir Path temp;

  @Test
  void theCpuLimitIsLeftToTheLauncherWhichSetsItAfterTheKernelSetup() throws Exception {
    SandboxConfig config =
        SandboxConfig.builder().limits(ContainerLimits.builder().cpus(1.5).build()).build();
    ContainerSpec spec = new ContainerSpec(config, Owner.self(), "x7", 4242, 4242);
    HostDirectory dir =
        HostDirectory.create(temp.resolve("root"), "c1", Owner.self(), "x7", 4242, 4242);

    HostConfig host = spec.hostConfig(dir, null);

    assertThat(spec.cpuNanos()).isEqualTo(1_500_000_000L);
    assertThat(host.getNanoCPUs()).isNull();
    assertThat(host.getCpuQuota()).isNull();
    // every other limit stays in the create call
    assertThat(host.getMemory()).isEqualTo(config.limits().memoryLimitBytes());
    assertThat(host.getReadonlyRootfs()).isTrue();
  }

  @Test
  void aContainerWithoutNetworkIsGivenTheLoopbackNamesAndOneOnANetworkIsNot() throws Exception {
    ContainerSpec spec =
        new ContainerSpec(SandboxConfig.builder().build(), Owner.self(), "x7", 1, 1);
    HostDirectory dir = HostDirectory.create(temp.resolve("root"), "c1", Owner.self(), "x7", 1, 1);

    assertThat(ContainerSpec.networkDisabled(false)).isTrue();
    assertThat(ContainerSpec.networkDisabled(true)).isFalse();
    assertThat(spec.hostConfig(dir, null).getBinds())
        .anySatisfy(
            b -> {
              assertThat(b.getVolume().getPath()).isEqualTo("/etc/hosts");
              assertThat(b.getAccessMode()).isEqualTo(AccessMode.ro);
              assertThat(Files.readString(Path.of(b.getPath())))
                  .startsWith("127.0.0.1\tlocalhost\n");
            });
    assertThat(spec.hostConfig(dir, "kosmos-internal").getBinds())
        .noneMatch(b -> b.getVolume().getPath().equals("/etc/hosts"));
  }
}
