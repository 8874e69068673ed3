package io.kosmos.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.kosmos.sandbox.internal.JupyterClient;
import io.kosmos.sandbox.internal.KernelChannel;
import io.kosmos.sandbox.internal.SocketPeer;
import io.kosmos.sandbox.internal.WebSocketChannel;
import io.kosmos.sandbox.internal.ZmqChannel;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
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
  private static final String KERNEL_NAME = "python3";

  /** Where the host directory's {@code run/} is mounted in the container. */
  static final String CONTAINER_RUN_DIR = "/run/kosmos";

  /** The server's socket in {@link #CONTAINER_RUN_DIR}. */
  static final String SOCKET_NAME = "jupyter.sock";

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
  private final ContainerSpec spec;
  private final ContainerDiagnostics diagnostics;
  private final AtomicInteger counter = new AtomicInteger();
  private final ExecutorNetwork network;
  private final LaunchesInFlight inFlight = new LaunchesInFlight();

  /** Images whose server did not adopt a kernel handed out early: theirs wait for the server. */
  private final Set<String> notAdopting = ConcurrentHashMap.newKeySet();

  ContainerLauncher(
      DockerClient docker,
      SandboxConfig config,
      String image,
      Owner owner,
      String executorId,
      OkHttpClient http,
      int uid,
      int gid) {
    this.docker = docker;
    this.config = config;
    this.image = image;
    this.owner = owner;
    this.executorId = executorId;
    this.http = http;
    this.uid = uid;
    this.gid = gid;
    this.network = new ExecutorNetwork(docker, owner, executorId);
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

  /** {@link #launch(String)} with the executor's image. */
  SandboxContainer launch() throws IOException {
    return launch(image);
  }

  /**
   * Starts a container and a warmed-up kernel in it.
   *
   * @param imageRef the image: the executor's, or a derived environment's
   * @return the ready container
   * @throws IOException if it does not come up within the start timeout (the container is removed)
   */
  SandboxContainer launch(String imageRef) throws IOException {
    long deadline = System.nanoTime() + config.kernel().startTimeout().orElseThrow().toNanos();
    // The executor in the name: executors of one JVM may share a sandbox root.
    String name =
        "kosmos-" + owner.id().substring(0, 8) + "-" + executorId + "-" + counter.incrementAndGet();
    HostDirectory dir =
        HostDirectory.create(config.sandboxRoot(), name, owner, executorId, uid, gid);
    String containerId = null;
    StartPhases phases = new StartPhases();
    try {
      boolean tcp = config.networkMode() == SandboxConfig.NetworkMode.INTERNAL;
      String token = tcp ? PrestartedKernel.randomHex(24) : null;
      // The first kernel starts with the container, on ipc sockets, signed with this key.
      String kernelKey = !tcp && direct() ? PrestartedKernel.newKey() : null;
      CreateContainerResponse created =
          docker
              .createContainerCmd(imageRef)
              .withName(name)
              .withUser(spec.user())
              .withEnv(spec.environment(tcp, token, kernelKey))
              .withLabels(spec.labels(dir))
              .withNetworkDisabled(ContainerSpec.networkDisabled(tcp))
              .withCmd(spec.command(tcp))
              .withHostConfig(spec.hostConfig(dir, tcp ? ensureNetwork() : null))
              .exec();
      containerId = created.getId();
      phases.mark("create");
      inFlight.started(containerId, dir);
      docker.startContainerCmd(containerId).exec();
      phases.mark("start");
      InspectContainerResponse inspect = docker.inspectContainerCmd(containerId).exec();
      SandboxContainer container;
      if (tcp) {
        ContainerNetwork net = inspect.getNetworkSettings().getNetworks().get(network.name());
        String ip = net == null ? null : net.getIpAddress();
        if (ip == null || ip.isBlank()) {
          throw new IOException(
              "container " + name + " got no address on network " + network.name());
        }
        JupyterClient client =
            new JupyterClient(
                http, HttpUrl.get("http://" + ip + ":8888/"), token, "http://" + ip + ":8888");
        container =
            new SandboxContainer(
                containerId, name, imageRef, dir, null, SocketPeer.ANY, client, memory());
      } else {
        container =
            SandboxContainer.overSocket(http, containerId, name, imageRef, dir, inspect, memory());
      }
      phases.mark("inspect");
      firstKernel(container, kernelKey, tcp, deadline, phases);
      LOG.debug("started {}: {}", name, phases);
      return container;
    } catch (IOException | RuntimeException e) {
      String logs = containerId == null ? "" : diagnostics.logsTail(containerId);
      removeQuietly(containerId, dir);
      if (e instanceof IOException io) {
        throw new IOException(io.getMessage() + logs, io);
      }
      throw e;
    } finally {
      inFlight.ended(containerId);
    }
  }

  /**
   * Starts a new container's first kernel: the one its entry point started, reached while the
   * server starts ({@link PrestartedKernel}), or one the server starts once it answers.
   */
  private void firstKernel(
      SandboxContainer container, String kernelKey, boolean tcp, long deadline, StartPhases phases)
      throws IOException {
    Duration startTimeout = config.kernel().startTimeout().orElseThrow();
    KernelChannel prestarted =
        kernelKey == null
            ? null
            : PrestartedKernel.open(
                container,
                kernelKey,
                (info, beside, until) -> openAndSetUp(container, info, beside, until),
                deadline,
                startTimeout,
                phases,
                this,
                !notAdopting.contains(container.image));
    if (prestarted != null) {
      container.channel = prestarted;
      container.server.whenComplete((done, failure) -> adoptionFailed(container, failure));
      try {
        KernelSetup.warmUp(
            container, config.kernel().warmupCode().orElseThrow(), remaining(deadline));
      } catch (IOException | RuntimeException e) {
        container.removed = true; // the launch removes it
        throw e;
      }
      phases.mark("warmup");
    } else if (kernelKey != null) {
      // the server runs another kernel than the entry point's: connect to it
      connect(container, remaining(deadline), phases, true);
    } else {
      ServerWait.await(docker, container, tcp, deadline, startTimeout);
      phases.mark("server");
      startKernel(container, remaining(deadline), phases, true);
    }
  }

  /**
   * A container handed out before its server answered whose server then did not adopt its kernel
   * (or did not answer in time): nothing could interrupt or restart that kernel, so the container
   * is removed (its session goes on in a new one, as after a container that stopped). If the server
   * runs another kernel, the image's later containers are handed out only after the adoption.
   */
  private void adoptionFailed(SandboxContainer container, Throwable failure) {
    if (failure == null || container.removed) {
      return;
    }
    Throwable cause = failure instanceof CompletionException c ? c.getCause() : failure;
    if (cause instanceof PrestartedKernel.NotAdopted) {
      notAdopting.add(container.image); // later containers of the image wait for their server
    }
    LOG.warn("Jupyter Server in {}: {}; removing the container", container, cause.getMessage());
    remove(container);
  }

  /** Removes the containers being started now and any started later (the executor is closing). */
  int abortLaunches() {
    return inFlight.abort(this::removeQuietly);
  }

  private long memory() {
    return config.limits().memoryLimitBytes();
  }

  /** The executor's internal network, made on first use. */
  String ensureNetwork() {
    return network.ensure();
  }

  /** Removes the internal network, if one was made. */
  void removeNetwork() {
    network.remove();
  }

  String networkName() {
    return network.name();
  }

  /**
   * Starts a kernel in the container's server, opens its channel and warms it up.
   *
   * @param container the container
   * @param timeout how long it may take
   * @throws IOException if the kernel does not come up
   */
  void startKernel(SandboxContainer container, Duration timeout) throws IOException {
    startKernel(container, timeout, new StartPhases(), false);
  }

  private void startKernel(
      SandboxContainer container, Duration timeout, StartPhases phases, boolean limitCpu)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    container.kernelId = container.client.startKernel(KERNEL_NAME, timeout);
    phases.mark("kernel");
    connect(container, remaining(deadline), phases, limitCpu);
  }

  /**
   * Opens a channel to the container's current kernel and runs the warm-up cell in it.
   *
   * @param container the container
   * @param timeout how long it may take
   * @throws IOException if the kernel does not answer or the warm-up fails
   */
  void connect(SandboxContainer container, Duration timeout) throws IOException {
    connect(container, timeout, new StartPhases(), false);
  }

  /**
   * {@link #connect(SandboxContainer, Duration)}; with {@code limitCpu} (a new container) it sets
   * the container's CPU limit after the setup cells, before the warm-up and any other code.
   */
  private void connect(
      SandboxContainer container, Duration timeout, StartPhases phases, boolean limitCpu)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    container.awaitServer(timeout);
    KernelChannel old = container.channel;
    if (old != null) {
      old.close();
    }
    container.channel =
        direct() ? openDirect(container, deadline) : openWebSocket(container, deadline);
    phases.mark("channel");
    KernelSetup.setUp(
        container.channel,
        config.kernel().maxOutputBytes(),
        limitCpu ? cpuLimit(container) : null,
        container,
        phases,
        remaining(deadline));
    KernelSetup.warmUp(container, config.kernel().warmupCode().orElseThrow(), remaining(deadline));
    phases.mark("warmup");
  }

  /** Sets a new container's CPU limit, once its setup code runs (see {@link KernelSetup#setUp}). */
  private FutureTask<Object> cpuLimit(SandboxContainer container) {
    return new FutureTask<>(
        () -> docker.updateContainerCmd(container.id).withNanoCPUs(spec.cpuNanos()).exec());
  }

  /** {@link PrestartedKernel.Opener}: the channel to a new container's first kernel, set up. */
  private KernelChannel openAndSetUp(
      SandboxContainer container, JsonNode info, StartPhases phases, long deadline)
      throws IOException {
    KernelChannel channel =
        openDirect(container, info, "the first kernel of " + container, deadline);
    phases.mark("channel");
    try {
      KernelSetup.setUp(
          channel,
          config.kernel().maxOutputBytes(),
          cpuLimit(container),
          container,
          phases,
          remaining(deadline));
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private KernelChannel openDirect(SandboxContainer container, long deadline) throws IOException {
    JsonNode model = container.client.kernel(container.kernelId, remaining(deadline));
    JsonNode info = model.path("kosmos_connection");
    if (info.isMissingNode()) {
      throw new IOException(
          "the server of "
              + container
              + " does not give kernels' connection info (is "
              + container.image
              + " an executor image of this version?)");
    }
    return openDirect(container, info, container.kernelId, deadline);
  }

  private KernelChannel openDirect(
      SandboxContainer container, JsonNode info, String kernelId, long deadline)
      throws IOException {
    ZmqChannel.Endpoints endpoints =
        ZmqChannel.endpoints(info, CONTAINER_RUN_DIR, container.runDir);
    return ZmqChannel.open(
        endpoints,
        kernelId,
        container.clientSession,
        container.peer,
        maxFrameBytes(),
        remaining(deadline));
  }

  private KernelChannel openWebSocket(SandboxContainer container, long deadline)
      throws IOException {
    return WebSocketChannel.open(
        container.client, container.kernelId, container.clientSession, remaining(deadline));
  }

  /**
   * The largest ZeroMQ frame a channel keeps whole: room for a cell's capped output with its JSON
   * escaping; anything larger is past the cap anyway and is counted, not held.
   */
  private long maxFrameBytes() {
    return 4 * config.kernel().maxOutputBytes() + 64 * 1024;
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
    container.awaitServer(timeout);
    container.client.restart(container.kernelId, remaining(deadline));
    connect(container, remaining(deadline));
  }

  /**
   * Makes a container that served a session clean for the next session of the same run: shuts the
   * kernel down, runs the image's {@code kosmos-reset} in the container (kills every process but
   * Jupyter Server, empties every writable place), empties {@code /data} and starts a new kernel.
   *
   * @param container the container
   * @param timeout how long it may take
   * @throws IOException if any step fails; the container must then be discarded
   */
  void resetForReuse(SandboxContainer container, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    container.awaitServer(timeout);
    KernelChannel channel = container.channel;
    if (channel != null) {
      channel.close();
    }
    container.client.deleteKernel(container.kernelId, remaining(deadline));
    ContainerCommands.Result reset =
        ContainerCommands.run(
            docker, container, spec.user(), remaining(deadline), "/usr/local/bin/kosmos-reset");
    if (reset.exitCode() != 0) {
      throw new IOException(
          "kosmos-reset failed in "
              + container
              + " (exit "
              + reset.exitCode()
              + "): "
              + reset.output().strip());
    }
    container.hostDir.clearData();
    startKernel(container, remaining(deadline));
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
    container.removed = true;
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
      } catch (NotFoundException | ConflictException e) {
        // gone already, or being removed (a close removing a container still starting)
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

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
  }
}
