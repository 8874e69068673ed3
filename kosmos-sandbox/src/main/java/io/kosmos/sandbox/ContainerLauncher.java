package io.kosmos.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Network;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.sandbox.internal.JupyterClient;
import io.kosmos.sandbox.internal.KernelChannel;
import io.kosmos.sandbox.internal.OutputGuard;
import io.kosmos.sandbox.internal.WebSocketChannel;
import io.kosmos.sandbox.internal.ZmqChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops executor containers for the {@link ContainerPool}: it creates each container as
 * {@link ContainerSpec} describes it (every hardening measure of the {@link SandboxConfig}, a
 * non-root user), waits for Jupyter Server, starts a kernel, opens its channel and runs the warm-up
 * cell, so that a container it returns is ready for code. It also restarts kernels, changes memory
 * limits, owns the executor's internal network, and asks {@link ContainerDiagnostics} what became
 * of a container that failed.
 */
final class ContainerLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerLauncher.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String KERNEL_NAME = "python3";

  /** Where the host directory's {@code run/} is mounted in the container. */
  static final String CONTAINER_RUN_DIR = "/run/kosmos";

  /** The Jupyter runtime folder (connection files) below {@code run/}, for the ZMQ transport. */
  static final String RUNTIME_DIR = "runtime";

  /** Kernel sockets are {@code run/kernel-1} ... {@code run/kernel-5} for the ZMQ transport. */
  static final String KERNEL_SOCKET_PREFIX = "kernel";

  private final DockerClient docker;
  private final SandboxConfig config;
  private final String image;
  private final Owner owner;
  private final String executorId;
  private final OkHttpClient http;
  private final int uid;
  private final int gid;
  private final boolean jvmIsRoot;
  private final ContainerSpec spec;
  private final ContainerDiagnostics diagnostics;
  private final AtomicInteger counter = new AtomicInteger();
  private volatile String network;

  ContainerLauncher(
      DockerClient docker,
      SandboxConfig config,
      String image,
      Owner owner,
      String executorId,
      OkHttpClient http,
      int uid,
      int gid,
      boolean jvmIsRoot) {
    this.docker = docker;
    this.config = config;
    this.image = image;
    this.owner = owner;
    this.executorId = executorId;
    this.http = http;
    this.uid = uid;
    this.gid = gid;
    this.jvmIsRoot = jvmIsRoot;
    this.spec = new ContainerSpec(config, owner, executorId, uid, gid);
    this.diagnostics = new ContainerDiagnostics(docker);
  }

  String image() {
    return image;
  }

  /** Whether kernels are reached over ZeroMQ rather than the server's WebSocket. */
  boolean direct() {
    return spec.direct();
  }

  DockerClient docker() {
    return docker;
  }

  /**
   * Starts a container and a warmed-up kernel in it.
   *
   * @return the ready container
   * @throws IOException if it does not come up within the start timeout (the container is removed)
   */
  SandboxContainer launch() throws IOException {
    long deadline = System.nanoTime() + config.kernel().startTimeout().orElseThrow().toNanos();
    String name = "kosmos-" + owner.id().substring(0, 8) + "-" + counter.incrementAndGet();
    HostDirectory dir =
        HostDirectory.create(config.sandboxRoot(), name, owner, uid, gid, jvmIsRoot);
    String containerId = null;
    try {
      boolean tcp = config.networkMode() == SandboxConfig.NetworkMode.INTERNAL;
      String token = tcp ? HexFormat.of().formatHex(randomBytes(24)) : null;
      CreateContainerResponse created =
          docker
              .createContainerCmd(image)
              .withName(name)
              .withUser(spec.user())
              .withEnv(spec.environment(tcp, token))
              .withLabels(spec.labels(dir))
              .withCmd(spec.command(tcp))
              .withHostConfig(spec.hostConfig(dir, tcp ? ensureNetwork() : null))
              .exec();
      containerId = created.getId();
      docker.startContainerCmd(containerId).exec();
      JupyterClient client;
      if (tcp) {
        InspectContainerResponse inspect = docker.inspectContainerCmd(containerId).exec();
        ContainerNetwork net = inspect.getNetworkSettings().getNetworks().get(network);
        String ip = net == null ? null : net.getIpAddress();
        if (ip == null || ip.isBlank()) {
          throw new IOException("container " + name + " got no address on network " + network);
        }
        client =
            new JupyterClient(
                http, HttpUrl.get("http://" + ip + ":8888/"), token, "http://" + ip + ":8888");
      } else {
        client = JupyterClient.overUnixSocket(http, dir.socket());
      }
      SandboxContainer container =
          new SandboxContainer(containerId, name, dir, client, config.limits().memoryLimitBytes());
      awaitServer(container, tcp, deadline);
      startKernel(container, remaining(deadline));
      return container;
    } catch (IOException | RuntimeException e) {
      String logs = containerId == null ? "" : diagnostics.logsTail(containerId);
      removeQuietly(containerId, dir);
      if (e instanceof IOException io) {
        throw new IOException(io.getMessage() + logs, io);
      }
      throw e;
    }
  }

  /** The executor's internal network (no route out of the Docker host), made on first use. */
  synchronized String ensureNetwork() {
    if (network != null) {
      return network;
    }
    String name = "kosmos-" + owner.id().substring(0, 8) + "-" + executorId + "-net";
    Map<String, String> labels = new LinkedHashMap<>(owner.labels());
    labels.put(Owner.LABEL_EXECUTOR, executorId);
    docker
        .createNetworkCmd()
        .withName(name)
        .withDriver("bridge")
        .withInternal(true)
        .withCheckDuplicate(true)
        .withLabels(labels)
        .withOptions(Map.of("com.docker.network.bridge.enable_icc", "false"))
        .exec();
    network = name;
    return name;
  }

  /** Removes the internal network, if one was made. */
  synchronized void removeNetwork() {
    if (network != null) {
      try {
        docker.removeNetworkCmd(network).exec();
      } catch (NotFoundException e) {
        // gone already
      } catch (RuntimeException e) {
        LOG.warn("cannot remove network {}: {}", network, e.getMessage());
      }
      network = null;
    }
  }

  String networkName() {
    return network;
  }

  private void awaitServer(SandboxContainer container, boolean tcp, long deadline)
      throws IOException {
    long nextInspect = System.nanoTime() + 300_000_000L;
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (tcp || Files.exists(container.hostDir.socket())) {
        try {
          container.client.api(Duration.ofSeconds(2));
          return;
        } catch (IOException e) {
          last = e;
        }
      }
      if (System.nanoTime() > nextInspect) {
        nextInspect = System.nanoTime() + 300_000_000L;
        InspectContainerResponse.ContainerState state =
            docker.inspectContainerCmd(container.id).exec().getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
          throw new IOException(
              "container "
                  + container.name
                  + " exited ("
                  + state.getExitCodeLong()
                  + ") before Jupyter Server answered");
        }
      }
      sleep(tcp ? 50 : 10);
    }
    throw new IOException(
        "Jupyter Server in container "
            + container.name
            + " did not answer within "
            + config.kernel().startTimeout().orElseThrow()
            + (last == null ? "" : " (" + last.getMessage() + ")"));
  }

  /**
   * Starts a kernel in the container's server, opens its channel and warms it up.
   *
   * @param container the container
   * @param timeout how long it may take
   * @throws IOException if the kernel does not come up
   */
  void startKernel(SandboxContainer container, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    container.kernelId = container.client.startKernel(KERNEL_NAME, timeout);
    connect(container, remaining(deadline));
  }

  /**
   * Opens a channel to the container's current kernel and runs the warm-up cell in it.
   *
   * @param container the container
   * @param timeout how long it may take
   * @throws IOException if the kernel does not answer or the warm-up fails
   */
  void connect(SandboxContainer container, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    KernelChannel old = container.channel;
    if (old != null) {
      old.close();
    }
    container.channel =
        direct()
            ? ZmqChannel.open(
                container
                    .hostDir
                    .runDir()
                    .resolve(RUNTIME_DIR)
                    .resolve("kernel-" + container.kernelId + ".json"),
                CONTAINER_RUN_DIR,
                container.hostDir.runDir(),
                container.kernelId,
                container.clientSession,
                remaining(deadline))
            : WebSocketChannel.open(
                container.client, container.kernelId, container.clientSession, remaining(deadline));
    OutputGuard.install(container.channel, config.kernel().maxOutputBytes(), remaining(deadline));
    String warmup = config.kernel().warmupCode().orElseThrow();
    if (!warmup.isBlank()) {
      ExecutionResult result = container.channel.runSilently(warmup, remaining(deadline));
      if (!result.isOk()) {
        LOG.warn(
            "the warm-up code failed in {}: {}",
            container,
            result.errorOutput().map(e -> e.name() + ": " + e.value()).orElse("?"));
      }
    }
  }

  /**
   * Restarts the container's kernel through the server and reconnects to it.
   *
   * @param container the container
   * @param timeout how long it may take
   * @throws IOException if the restart fails or takes too long
   */
  void restartKernel(SandboxContainer container, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    container.client.restart(container.kernelId, timeout);
    connect(container, remaining(deadline));
  }

  /** Changes a running container's memory limit (no swap). */
  void updateMemory(SandboxContainer container, long bytes) {
    docker.updateContainerCmd(container.id).withMemory(bytes).withMemorySwap(bytes).exec();
    container.memoryLimitBytes = bytes;
  }

  /** Whether the container is running. */
  boolean isRunning(SandboxContainer container) {
    try {
      return Boolean.TRUE.equals(
          docker.inspectContainerCmd(container.id).exec().getState().getRunning());
    } catch (NotFoundException e) {
      return false;
    }
  }

  /**
   * Whether the kernel OOM killer struck in the container since a time, from the engine's events.
   *
   * @param container the container
   * @param since the start of the window
   * @return {@code true} if an {@code oom} event was reported
   */
  boolean oomKilledSince(SandboxContainer container, Instant since) {
    return diagnostics.oomKilledSince(container.id, since);
  }

  /** Removes a container (killing it) and its host directory. */
  void remove(SandboxContainer container) {
    KernelChannel channel = container.channel;
    if (channel != null) {
      channel.close();
    }
    removeQuietly(container.id, container.hostDir);
  }

  private void removeQuietly(String containerId, HostDirectory dir) {
    if (containerId != null) {
      try {
        docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
      } catch (NotFoundException e) {
        // gone already
      } catch (RuntimeException e) {
        LOG.warn("cannot remove container {}: {}", containerId, e.getMessage());
      }
    }
    try {
      dir.delete();
    } catch (RuntimeException e) {
      LOG.warn("cannot delete {}: {}", dir.dir(), e.getMessage());
    }
  }

  /**
   * The Python a kernel runs in {@link #connect} before it is handed out: the output guard, then
   * the warm-up code.
   *
   * @param config the config, for the output cap and the warm-up code
   * @return the code
   */
  static String kernelSetupCode(SandboxConfig config) {
    String warmup = config.kernel().warmupCode().orElseThrow();
    return OutputGuard.code(config.kernel().maxOutputBytes())
        + (warmup.isBlank() ? "" : "\n" + warmup);
  }

  /** Checks that the image exists; the message of the failure says how to get it. */
  static SandboxUnavailableException imageMissing(String image) {
    return new SandboxUnavailableException(
        "the executor image "
            + image
            + " is not on the Docker engine; build it with "
            + ExecutorImage.SETUP_COMMAND
            + " (from the Kosmos repository; several minutes the first time), or set"
            + " SandboxConfig.buildImageIfMissing(true)");
  }

  static List<Network> networksOf(DockerClient docker) {
    return docker.listNetworksCmd().withFilter("label", List.of(Owner.LABEL + "=true")).exec();
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a container", e);
    }
  }
}
