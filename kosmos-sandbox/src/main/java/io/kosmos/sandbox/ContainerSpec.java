package io.kosmos.sandbox;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an executor container is, as {@link ContainerLauncher} asks Docker for it: the Jupyter
 * Server command line, the environment, the labels the {@link Reaper} finds it by, and every
 * hardening measure of the {@link SandboxConfig} in its host configuration (memory without swap,
 * CPUs, a process-count limit, open files, a read-only root file system with tmpfs {@code /tmp},
 * {@code /workspace} and the socket directory {@code /run/kosmos}, all capabilities dropped, no new
 * privileges, no network or an internal one, bounded logs). Nothing here talks to Docker; the
 * security tests read what it asks for.
 */
final class ContainerSpec {

  /** The size of the socket directory's tmpfs: sockets take no room, a little for the server. */
  static final long SOCKET_DIR_BYTES = 4L << 20;

  private final SandboxConfig config;
  private final Owner owner;
  private final String executorId;
  private final int uid;
  private final int gid;

  ContainerSpec(SandboxConfig config, Owner owner, String executorId, int uid, int gid) {
    this.config = config;
    this.owner = owner;
    this.executorId = executorId;
    this.uid = uid;
    this.gid = gid;
  }

  /** Whether kernels are reached over ZeroMQ rather than the server's WebSocket. */
  boolean direct() {
    return config.effectiveKernelTransport() == SandboxConfig.KernelTransport.ZMQ;
  }

  /** The user the container runs as, {@code uid:gid}. */
  String user() {
    return uid + ":" + gid;
  }

  /**
   * The arguments of the image's entry point.
   *
   * @param tcp whether the server listens on TCP (an internal network) rather than a Unix socket
   * @return the command
   */
  List<String> command(boolean tcp) {
    List<String> command = new ArrayList<>();
    command.add(tcp ? "tcp" : "socket");
    command.add("--KernelManager.shutdown_wait_time=1.0");
    command.add("--ServerApp.log_level=WARN");
    if (direct()) {
      // Kernels listen on Unix sockets beside the server's, where the executor reaches them.
      command.add("--KernelManager.transport=ipc");
      command.add(
          "--KernelManager.ip="
              + ContainerLauncher.CONTAINER_RUN_DIR
              + "/"
              + ContainerLauncher.KERNEL_SOCKET_PREFIX);
      // The server need not decode every IOPub message to track activity nobody reads.
      command.add("--KosmosKernelManager.watch_activity=False");
      // Where each kernel listens comes with its REST model, not from a file in a directory the
      // kernel can write.
      command.add("--KosmosKernelManager.expose_connection=True");
    }
    return command;
  }

  /**
   * The environment: thread counts matched to the CPUs, inline figures, the server's mode.
   *
   * @param tcp whether the server listens on TCP
   * @param token the server's token on TCP, or {@code null}
   * @param kernelKey the key of the kernel the entry point starts at once (see {@link
   *     PrestartedKernel}), or {@code null} for none given
   * @return {@code NAME=value} entries
   */
  List<String> environment(boolean tcp, String token, String kernelKey) {
    int threads = (int) Math.max(1, Math.ceil(config.limits().cpus()));
    List<String> env = new ArrayList<>();
    for (String var :
        List.of(
            "OMP_NUM_THREADS",
            "OPENBLAS_NUM_THREADS",
            "MKL_NUM_THREADS",
            "NUMEXPR_NUM_THREADS",
            "VECLIB_MAXIMUM_THREADS",
            "LOKY_MAX_CPU_COUNT")) {
      env.add(var + "=" + threads);
    }
    // Figures arrive as image/png display data (the image's default Agg backend shows nothing).
    env.add("MPLBACKEND=module://matplotlib_inline.backend_inline");
    if (tcp) {
      env.add("KOSMOS_JUPYTER_MODE=tcp");
      env.add("KOSMOS_JUPYTER_TOKEN=" + token);
    } else {
      env.add("KOSMOS_JUPYTER_SOCK_MODE=0600");
    }
    if (kernelKey != null) {
      env.add(PrestartedKernel.KEY_VARIABLE + "=" + kernelKey);
    }
    return env;
  }

  /**
   * The labels: the owner's, the host directory, the executor.
   *
   * @param dir the container's host directory
   * @return the labels
   */
  Map<String, String> labels(HostDirectory dir) {
    Map<String, String> labels = new LinkedHashMap<>(owner.labels());
    labels.put(Owner.LABEL_DIR, dir.dir().toString());
    labels.put(Owner.LABEL_EXECUTOR, executorId);
    return labels;
  }

  /**
   * The CPU limit of the configuration, in the engine's unit (10<sup>-9</sup> CPUs).
   *
   * @return the limit
   */
  long cpuNanos() {
    return (long) (config.limits().cpus() * 1_000_000_000L);
  }

  /**
   * Whether the container is created with networking disabled, rather than only attached to the
   * network {@code none}: it gets the same empty network namespace (the loopback interface only),
   * but the engine sets up no network sandbox for it and runs no prestart hook, which halves {@code
   * docker start} (about 0.45 s to 0.2 s on a 2-core machine). A TCP server needs its internal
   * network.
   *
   * @param tcp whether the server listens on TCP
   * @return whether to disable networking
   */
  static boolean networkDisabled(boolean tcp) {
    return !tcp;
  }

  /**
   * The host configuration with every limit and hardening measure but the CPU limit, which {@link
   * ContainerLauncher} sets once the kernel is set up and before any other code runs: Jupyter
   * Server and the kernel start side by side on every core the engine has.
   *
   * @param dir the container's host directory
   * @param network the internal network for a TCP server, or {@code null} for none (the server's
   *     Unix socket is then in the container's {@code /run/kosmos})
   * @return the host configuration
   */
  HostConfig hostConfig(HostDirectory dir, String network) {
    long memory = config.limits().memoryLimitBytes();
    String owner = "uid=" + uid + ",gid=" + gid;
    Map<String, String> tmpfs = new LinkedHashMap<>();
    tmpfs.put("/tmp", "rw,nosuid,nodev,size=" + config.limits().tmpSizeBytes() + ",mode=1777");
    tmpfs.put(
        "/workspace",
        "rw,nosuid,nodev,size=" + config.limits().workspaceSizeBytes() + ",mode=0755," + owner);
    // The sockets: a small tmpfs of the container's own, not a host directory, so that code cannot
    // fill the host's disk through it; the JVM reaches it through /proc/<pid>/root.
    tmpfs.put(
        ContainerLauncher.CONTAINER_RUN_DIR,
        "rw,nosuid,nodev,noexec,size=" + SOCKET_DIR_BYTES + ",mode=0700," + owner);
    List<Bind> binds = new ArrayList<>();
    binds.add(new Bind(dir.dataDir().toString(), new Volume("/data"), AccessMode.ro));
    if (network == null) {
      // Docker writes no /etc/hosts for a container without networking (see networkDisabled()):
      // give it one that names the loopback addresses, so that "localhost" resolves.
      binds.add(new Bind(dir.hostsFile().toString(), new Volume("/etc/hosts"), AccessMode.ro));
    }
    return HostConfig.newHostConfig()
        .withMemory(memory)
        .withMemorySwap(memory)
        .withMemorySwappiness(0L)
        .withOomKillDisable(false)
        .withPidsLimit(config.limits().pidsLimit())
        .withUlimits(
            List.of(
                new Ulimit(
                    "nofile", config.limits().openFilesLimit(), config.limits().openFilesLimit())))
        .withReadonlyRootfs(true)
        .withCapDrop(Capability.ALL)
        .withSecurityOpts(List.of("no-new-privileges"))
        .withTmpFs(tmpfs)
        .withBinds(binds)
        .withNetworkMode(network == null ? "none" : network)
        .withIpcMode("private")
        .withLogConfig(
            new LogConfig(
                LogConfig.LoggingType.JSON_FILE, Map.of("max-size", "1m", "max-file", "1")));
  }
}
