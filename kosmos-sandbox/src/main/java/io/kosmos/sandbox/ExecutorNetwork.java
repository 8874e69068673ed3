package io.kosmos.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The internal bridge network of one executor in {@code NetworkMode.INTERNAL}: no route out of the
 * Docker host, inter-container traffic off, labelled for the {@link Reaper}; made on first use.
 */
final class ExecutorNetwork {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorNetwork.class);

  private final DockerClient docker;
  private final Owner owner;
  private final String executorId;
  private String name;

  ExecutorNetwork(DockerClient docker, Owner owner, String executorId) {
    this.docker = docker;
    this.owner = owner;
    this.executorId = executorId;
  }

  /** The network, made if it does not exist yet. */
  synchronized String ensure() {
    if (name != null) {
      return name;
    }
    String wanted = "kosmos-" + owner.id().substring(0, 8) + "-" + executorId + "-net";
    Map<String, String> labels = new LinkedHashMap<>(owner.labels());
    labels.put(Owner.LABEL_EXECUTOR, executorId);
    docker
        .createNetworkCmd()
        .withName(wanted)
        .withDriver("bridge")
        .withInternal(true)
        .withCheckDuplicate(true)
        .withLabels(labels)
        .withOptions(Map.of("com.docker.network.bridge.enable_icc", "false"))
        .exec();
    name = wanted;
    return wanted;
  }

  /** Removes the network, if one was made. */
  synchronized void remove() {
    if (name != null) {
      try {
        docker.removeNetworkCmd(name).exec();
      } catch (NotFoundException e) {
        // gone already
      } catch (RuntimeException e) {
        LOG.warn("cannot remove network {}: {}", name, e.getMessage());
      }
      name = null;
    }
  }

  /** The network's name, or {@code null} before it is made. */
  synchronized String name() {
    return name;
  }

  /** Every network the sandbox made, on the engine. */
  static List<Network> networksOf(DockerClient docker) {
    return docker.listNetworksCmd().withFilter("label", List.of(Owner.LABEL + "=true")).exec();
  }
}
