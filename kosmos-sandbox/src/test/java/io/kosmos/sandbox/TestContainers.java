package io.kosmos.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import java.util.List;
import java.util.Map;

/** Containers and networks the tests start themselves, labelled so they are removed afterwards. */
final class TestContainers {
  static final String LABEL = "io.kosmos.sandbox.test";

  private TestContainers() {}

  static String network(DockerClient docker, String name, boolean internal) {
    return docker
        .createNetworkCmd()
        .withName(name)
        .withDriver("bridge")
        .withInternal(internal)
        .withLabels(Map.of(LABEL, "true"))
        .exec()
        .getId();
  }

  /** Starts the executor image with a command or a mode, hardened like the sandbox. */
  static String run(DockerClient docker, String network, List<String> env, String... command) {
    String id =
        docker
            .createContainerCmd(ExecutorImage.expectedTag())
            .withLabels(Map.of(LABEL, "true"))
            .withEnv(env)
            .withCmd(command)
            .withUser("1000:1000")
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withNetworkMode(network)
                    .withReadonlyRootfs(true)
                    .withTmpFs(
                        Map.of(
                            "/tmp", "rw,size=268435456",
                            "/workspace", "rw,size=268435456,uid=1000,gid=1000"))
                    .withCapDrop(Capability.ALL)
                    .withSecurityOpts(List.of("no-new-privileges"))
                    .withMemory(2L << 30)
                    .withMemorySwap(2L << 30)
                    .withPidsLimit(256L))
            .exec()
            .getId();
    docker.startContainerCmd(id).exec();
    return id;
  }

  static String ip(DockerClient docker, String container, String network) {
    return docker
        .inspectContainerCmd(container)
        .exec()
        .getNetworkSettings()
        .getNetworks()
        .get(network)
        .getIpAddress();
  }

  static void removeAll(DockerClient docker) {
    for (var c :
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(LABEL, "true"))
            .exec()) {
      docker.removeContainerCmd(c.getId()).withForce(true).exec();
    }
    for (var n : docker.listNetworksCmd().withFilter("label", List.of(LABEL + "=true")).exec()) {
      docker.removeNetworkCmd(n.getId()).exec();
    }
  }
}
