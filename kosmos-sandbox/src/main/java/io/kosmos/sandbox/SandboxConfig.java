package io.kosmos.sandbox;

import io.kosmos.api.AuditSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link DockerSandboxExecutor} can be told: the image, the limits every container
 * runs under, the pool, the time limits of recovery, and where the audit log goes. Immutable; build
 * one with {@link #builder()}, copy one with {@link #toBuilder()}.
 *
 * <p>The defaults are safe: 2 GiB of memory without swap, one CPU, 256 processes, a read-only root
 * file system, a 1 GiB workspace, no network at all, every capability dropped, a non-root user. A
 * value out of range fails at {@link Builder#build()} with a message that names the option.
 *
 * <pre>{@code
 * SandboxConfig config = SandboxConfig.builder()
 *     .memoryLimitBytes(4L << 30)
 *     .cpus(2.0)
 *     .poolMinIdle(2)
 *     .auditLog(Path.of("runs/diabetes/audit.jsonl"))
 *     .build();
 * }</pre>
 */
public final class SandboxConfig {

  /** How a container is connected. */
  public enum NetworkMode {
    /**
     * No network interface but loopback ({@code --network none}); the kernel channel is a Unix
     * socket in a host directory bind-mounted into the container. The default.
     */
    NONE,
    /**
     * An internal Docker bridge network (no route out of the Docker host), with Jupyter on TCP and
     * a random token per container; for engines where a host directory cannot carry the socket. See
     * {@code docs/security-model.md} for what it does not stop.
     */
    INTERNAL
  }

  /** How the executor talks to a container's kernel. */
  public enum KernelTransport {
    /**
     * Straight to the kernel's ZeroMQ sockets: the container's Jupyter Server starts kernels on
     * Unix sockets in the host directory, and the executor speaks the Jupyter wire protocol (ZMTP
     * 3.0) to them. Every message is decoded once, in Java, instead of passing through the server's
     * Python WebSocket handler; a trivial cell's round trip takes about half as long. The default;
     * needs {@link NetworkMode#NONE} (in {@link NetworkMode#INTERNAL} the executor uses {@link
     * #WEBSOCKET}).
     */
    ZMQ,
    /**
     * Through the Jupyter Server's WebSocket ({@code /api/kernels/{id}/channels}), as a remote
     * gateway is reached.
     */
    WEBSOCKET
  }

  /** One gibibyte. */
  private static final long GIB = 1L << 30;

  /** One mebibyte. */
  private static final long MIB = 1L << 20;

  /** Imports run in every kernel before it is handed out, so user cells start fast. */
  public static final String DEFAULT_WARMUP_CODE =
      "import numpy, pandas, matplotlib, matplotlib.pyplot\n";

  private final String image;
  private final boolean useLatestImage;
  private final boolean buildImageIfMissing;
  private final String dockerHost;
  private final long memoryLimitBytes;
  private final double cpus;
  private final long pidsLimit;
  private final long openFilesLimit;
  private final long workspaceSizeBytes;
  private final long tmpSizeBytes;
  private final long maxOutputBytes;
  private final NetworkMode networkMode;
  private final KernelTransport kernelTransport;
  private final int poolMinIdle;
  private final int poolMaxContainers;
  private final int maxSessionsPerContainer;
  private final Duration maxContainerAge;
  private final Duration acquireTimeout;
  private final Duration startTimeout;
  private final Duration interruptGrace;
  private final Duration restartTimeout;
  private final Path sandboxRoot;
  private final Path auditLog;
  private final AuditSink auditSink;
  private final String warmupCode;
  private final String containerUser;
  private final boolean reapOnStart;
  private final boolean shutdownHook;

  private SandboxConfig(Builder b) {
    this.image = b.image;
    this.useLatestImage = b.useLatestImage;
    this.buildImageIfMissing = b.buildImageIfMissing;
    this.dockerHost = b.dockerHost;
    this.memoryLimitBytes = b.memoryLimitBytes;
    this.cpus = b.cpus;
    this.pidsLimit = b.pidsLimit;
    this.openFilesLimit = b.openFilesLimit;
    this.workspaceSizeBytes = b.workspaceSizeBytes;
    this.tmpSizeBytes = b.tmpSizeBytes;
    this.maxOutputBytes = b.maxOutputBytes;
    this.networkMode = b.networkMode;
    this.kernelTransport = b.kernelTransport;
    this.poolMinIdle = b.poolMinIdle;
    this.poolMaxContainers = b.poolMaxContainers;
    this.maxSessionsPerContainer = b.maxSessionsPerContainer;
    this.maxContainerAge = b.maxContainerAge;
    this.acquireTimeout = b.acquireTimeout;
    this.startTimeout = b.startTimeout;
    this.interruptGrace = b.interruptGrace;
    this.restartTimeout = b.restartTimeout;
    this.sandboxRoot = b.sandboxRoot;
    this.auditLog = b.auditLog;
    this.auditSink = b.auditSink;
    this.warmupCode = b.warmupCode;
    this.containerUser = b.containerUser;
    this.reapOnStart = b.reapOnStart;
    this.shutdownHook = b.shutdownHook;
  }

  /**
   * A config with every default.
   *
   * @return the default config
   */
  public static SandboxConfig defaults() {
    return builder().build();
  }

  /**
   * Starts a builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Copies this config into a builder.
   *
   * @return a builder holding this config's values
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The image to run, if set; otherwise the executor uses the image whose content-hash tag this jar
   * was built for ({@code kosmos-executor:<hash>}).
   *
   * @return the image override
   */
  public Optional<String> image() {
    return Optional.ofNullable(image);
  }

  /**
   * Whether {@code kosmos-executor:latest} may stand in when the expected tag is missing. Default
   * false: a stale image would run code against an environment the jar was not built for.
   *
   * @return whether to fall back to {@code :latest}
   */
  public boolean useLatestImage() {
    return useLatestImage;
  }

  /**
   * Whether the executor builds the image from the build context in its jar when it is missing
   * (needs a base image, {@code debian:bookworm-slim} or {@code kosmos-base:bookworm}, and Debian's
   * package mirror; several minutes). Default false: a missing image fails fast with the command
   * that builds it.
   *
   * @return whether to build a missing image
   */
  public boolean buildImageIfMissing() {
    return buildImageIfMissing;
  }

  /**
   * The Docker engine, if set (for example {@code unix:///var/run/docker.sock} or {@code
   * tcp://host:2376}); otherwise {@code DOCKER_HOST} or the platform default.
   *
   * @return the engine address override
   */
  public Optional<String> dockerHost() {
    return Optional.ofNullable(dockerHost);
  }

  /**
   * Memory limit of a container, kernel and server together, with no swap. Default 2 GiB. A session
   * may ask for another limit ({@code SessionOptions.memoryLimitBytes}).
   *
   * @return bytes
   */
  public long memoryLimitBytes() {
    return memoryLimitBytes;
  }

  /**
   * CPU limit of a container, in CPUs. Default 1.0. Also sets {@code OMP_NUM_THREADS} and friends
   * so numerical libraries do not start a thread per host core.
   *
   * @return CPUs
   */
  public double cpus() {
    return cpus;
  }

  /**
   * Maximum number of processes (and threads) in a container; stops fork bombs. Default 256.
   *
   * @return the limit
   */
  public long pidsLimit() {
    return pidsLimit;
  }

  /**
   * Maximum open files per process ({@code ulimit -n}). Default 1024.
   *
   * @return the limit
   */
  public long openFilesLimit() {
    return openFilesLimit;
  }

  /**
   * Size of the writable workspace ({@code /workspace}, a tmpfs counted in the memory limit).
   * Default 1 GiB.
   *
   * @return bytes
   */
  public long workspaceSizeBytes() {
    return workspaceSizeBytes;
  }

  /**
   * Size of {@code /tmp} (a tmpfs). Default 256 MiB.
   *
   * @return bytes
   */
  public long tmpSizeBytes() {
    return tmpSizeBytes;
  }

  /**
   * Output kept per execution (stream text and rich data); past it output is counted but dropped,
   * and a marker says so. Default 1 MiB.
   *
   * @return bytes
   */
  public long maxOutputBytes() {
    return maxOutputBytes;
  }

  /**
   * How containers are connected. Default {@link NetworkMode#NONE}.
   *
   * @return the network mode
   */
  public NetworkMode networkMode() {
    return networkMode;
  }

  /**
   * How the executor talks to kernels. Default {@link KernelTransport#ZMQ}.
   *
   * @return the transport asked for
   */
  public KernelTransport kernelTransport() {
    return kernelTransport;
  }

  /**
   * The transport the executor uses: the one asked for, except that network mode {@link
   * NetworkMode#INTERNAL} always uses {@link KernelTransport#WEBSOCKET}.
   *
   * @return the transport in effect
   */
  public KernelTransport effectiveKernelTransport() {
    return networkMode == NetworkMode.INTERNAL ? KernelTransport.WEBSOCKET : kernelTransport;
  }

  /**
   * Warm containers (kernel started and warmed up) the pool keeps ready. Default 1.
   *
   * @return the count
   */
  public int poolMinIdle() {
    return poolMinIdle;
  }

  /**
   * Containers the executor runs at most, busy and warm together; opening a session beyond it
   * waits. Default 8.
   *
   * @return the count
   */
  public int poolMaxContainers() {
    return poolMaxContainers;
  }

  /**
   * Sessions a container serves before it is discarded. Default 1: a fresh container per session.
   * Above 1, a container goes back to the pool after a session, with its kernel restarted and its
   * workspace and data emptied, and is then handed only to sessions of the same run: containers are
   * never shared between runs.
   *
   * @return the count
   */
  public int maxSessionsPerContainer() {
    return maxSessionsPerContainer;
  }

  /**
   * Age after which a warm container is discarded rather than handed out. Default 30 minutes.
   *
   * @return the age
   */
  public Duration maxContainerAge() {
    return maxContainerAge;
  }

  /**
   * How long opening a session waits for a container when the pool is at its maximum. Default 5
   * minutes.
   *
   * @return the time limit
   */
  public Duration acquireTimeout() {
    return acquireTimeout;
  }

  /**
   * How long a container may take from {@code docker run} to a ready kernel. Default 90 s.
   *
   * @return the time limit
   */
  public Duration startTimeout() {
    return startTimeout;
  }

  /**
   * How long a cell past its time limit gets to stop after an interrupt before the kernel is
   * restarted. Default 2 s.
   *
   * @return the grace period
   */
  public Duration interruptGrace() {
    return interruptGrace;
  }

  /**
   * How long a kernel restart may take before the container is killed and replaced. Default 20 s.
   *
   * @return the time limit
   */
  public Duration restartTimeout() {
    return restartTimeout;
  }

  /**
   * Host directory holding one directory per container (its socket directory and its {@code /data}
   * links). Default {@code ${java.io.tmpdir}/kosmos-sandbox}.
   *
   * @return the directory
   */
  public Path sandboxRoot() {
    return sandboxRoot;
  }

  /**
   * The JSON-lines audit file, if set: one line per execution.
   *
   * @return the file
   */
  public Optional<Path> auditLog() {
    return Optional.ofNullable(auditLog);
  }

  /**
   * A sink that receives every audit record, if set (in addition to the audit file).
   *
   * @return the sink
   */
  public Optional<AuditSink> auditSink() {
    return Optional.ofNullable(auditSink);
  }

  /**
   * Code run silently in every new kernel before it is handed out. Default {@link
   * #DEFAULT_WARMUP_CODE} (imports numpy, pandas and matplotlib).
   *
   * @return Python source, possibly empty
   */
  public String warmupCode() {
    return warmupCode;
  }

  /**
   * The container user ({@code uid:gid}), if set; otherwise {@code 1000:1000} when the JVM runs as
   * root, and the JVM's own uid and gid otherwise (so the socket can stay private to it).
   *
   * @return the user override
   */
  public Optional<String> containerUser() {
    return Optional.ofNullable(containerUser);
  }

  /**
   * Whether starting an executor removes what executors of dead JVMs left behind. Default true.
   *
   * @return whether to reap
   */
  public boolean reapOnStart() {
    return reapOnStart;
  }

  /**
   * Whether a JVM shutdown hook removes this executor's containers if it was not closed. Default
   * true.
   *
   * @return whether to install the hook
   */
  public boolean shutdownHook() {
    return shutdownHook;
  }

  @Override
  public String toString() {
    return "SandboxConfig[image="
        + (image == null ? "<expected tag>" : image)
        + ", memory="
        + memoryLimitBytes
        + ", cpus="
        + cpus
        + ", pids="
        + pidsLimit
        + ", network="
        + networkMode
        + ", kernel="
        + effectiveKernelTransport()
        + ", pool="
        + poolMinIdle
        + ".."
        + poolMaxContainers
        + ", maxOutputBytes="
        + maxOutputBytes
        + "]";
  }

  /** Builds a {@link SandboxConfig}. Starts from the defaults. */
  public static final class Builder {
    private String image;
    private boolean useLatestImage;
    private boolean buildImageIfMissing;
    private String dockerHost;
    private long memoryLimitBytes = 2 * GIB;
    private double cpus = 1.0;
    private long pidsLimit = 256;
    private long openFilesLimit = 1024;
    private long workspaceSizeBytes = GIB;
    private long tmpSizeBytes = 256 * MIB;
    private long maxOutputBytes = MIB;
    private NetworkMode networkMode = NetworkMode.NONE;
    private KernelTransport kernelTransport = KernelTransport.ZMQ;
    private int poolMinIdle = 1;
    private int poolMaxContainers = 8;
    private int maxSessionsPerContainer = 1;
    private Duration maxContainerAge = Duration.ofMinutes(30);
    private Duration acquireTimeout = Duration.ofMinutes(5);
    private Duration startTimeout = Duration.ofSeconds(90);
    private Duration interruptGrace = Duration.ofSeconds(2);
    private Duration restartTimeout = Duration.ofSeconds(20);
    private Path sandboxRoot = Path.of(System.getProperty("java.io.tmpdir"), "kosmos-sandbox");
    private Path auditLog;
    private AuditSink auditSink;
    private String warmupCode = DEFAULT_WARMUP_CODE;
    private String containerUser;
    private boolean reapOnStart = true;
    private boolean shutdownHook = true;

    private Builder() {}

    private Builder(SandboxConfig c) {
      image = c.image;
      useLatestImage = c.useLatestImage;
      buildImageIfMissing = c.buildImageIfMissing;
      dockerHost = c.dockerHost;
      memoryLimitBytes = c.memoryLimitBytes;
      cpus = c.cpus;
      pidsLimit = c.pidsLimit;
      openFilesLimit = c.openFilesLimit;
      workspaceSizeBytes = c.workspaceSizeBytes;
      tmpSizeBytes = c.tmpSizeBytes;
      maxOutputBytes = c.maxOutputBytes;
      networkMode = c.networkMode;
      kernelTransport = c.kernelTransport;
      poolMinIdle = c.poolMinIdle;
      poolMaxContainers = c.poolMaxContainers;
      maxSessionsPerContainer = c.maxSessionsPerContainer;
      maxContainerAge = c.maxContainerAge;
      acquireTimeout = c.acquireTimeout;
      startTimeout = c.startTimeout;
      interruptGrace = c.interruptGrace;
      restartTimeout = c.restartTimeout;
      sandboxRoot = c.sandboxRoot;
      auditLog = c.auditLog;
      auditSink = c.auditSink;
      warmupCode = c.warmupCode;
      containerUser = c.containerUser;
      reapOnStart = c.reapOnStart;
      shutdownHook = c.shutdownHook;
    }

    /**
     * Runs this image instead of the one the jar expects. Always wins.
     *
     * @param image an image reference, for example {@code kosmos-executor:dev}
     * @return this builder
     */
    public Builder image(String image) {
      this.image = requireText(image, "image");
      return this;
    }

    /**
     * Lets {@code kosmos-executor:latest} stand in when the expected image is missing.
     *
     * @param use whether to fall back
     * @return this builder
     */
    public Builder useLatestImage(boolean use) {
      this.useLatestImage = use;
      return this;
    }

    /**
     * Builds a missing image from the build context in the jar.
     *
     * @param build whether to build
     * @return this builder
     */
    public Builder buildImageIfMissing(boolean build) {
      this.buildImageIfMissing = build;
      return this;
    }

    /**
     * Sets the Docker engine address.
     *
     * @param dockerHost for example {@code unix:///var/run/docker.sock}
     * @return this builder
     */
    public Builder dockerHost(String dockerHost) {
      this.dockerHost = requireText(dockerHost, "dockerHost");
      return this;
    }

    /**
     * Sets the memory limit of a container (no swap).
     *
     * @param bytes at least 64 MiB
     * @return this builder
     */
    public Builder memoryLimitBytes(long bytes) {
      this.memoryLimitBytes = bytes;
      return this;
    }

    /**
     * Sets the CPU limit.
     *
     * @param cpus more than 0, for example 0.5 or 2
     * @return this builder
     */
    public Builder cpus(double cpus) {
      this.cpus = cpus;
      return this;
    }

    /**
     * Sets the process-count limit.
     *
     * @param pids at least 32
     * @return this builder
     */
    public Builder pidsLimit(long pids) {
      this.pidsLimit = pids;
      return this;
    }

    /**
     * Sets the open-files limit per process.
     *
     * @param files at least 64
     * @return this builder
     */
    public Builder openFilesLimit(long files) {
      this.openFilesLimit = files;
      return this;
    }

    /**
     * Sets the size of {@code /workspace}.
     *
     * @param bytes at least 1 MiB
     * @return this builder
     */
    public Builder workspaceSizeBytes(long bytes) {
      this.workspaceSizeBytes = bytes;
      return this;
    }

    /**
     * Sets the size of {@code /tmp}.
     *
     * @param bytes at least 16 MiB (the kernel's runtime files live there)
     * @return this builder
     */
    public Builder tmpSizeBytes(long bytes) {
      this.tmpSizeBytes = bytes;
      return this;
    }

    /**
     * Sets the output kept per execution.
     *
     * @param bytes at least 1 KiB
     * @return this builder
     */
    public Builder maxOutputBytes(long bytes) {
      this.maxOutputBytes = bytes;
      return this;
    }

    /**
     * Sets how containers are connected.
     *
     * @param mode the network mode
     * @return this builder
     */
    public Builder networkMode(NetworkMode mode) {
      this.networkMode = Objects.requireNonNull(mode, "networkMode");
      return this;
    }

    /**
     * Sets how the executor talks to kernels.
     *
     * @param transport {@link KernelTransport#ZMQ} (the default) or {@link
     *     KernelTransport#WEBSOCKET}
     * @return this builder
     */
    public Builder kernelTransport(KernelTransport transport) {
      this.kernelTransport = Objects.requireNonNull(transport, "kernelTransport");
      return this;
    }

    /**
     * Sets how many warm containers the pool keeps ready.
     *
     * @param count 0 or more, at most the pool's maximum
     * @return this builder
     */
    public Builder poolMinIdle(int count) {
      this.poolMinIdle = count;
      return this;
    }

    /**
     * Sets how many containers run at most.
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder poolMaxContainers(int count) {
      this.poolMaxContainers = count;
      return this;
    }

    /**
     * Sets how many sessions (of one run) a container serves before it is discarded.
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder maxSessionsPerContainer(int count) {
      this.maxSessionsPerContainer = count;
      return this;
    }

    /**
     * Sets the age after which a warm container is discarded.
     *
     * @param age positive
     * @return this builder
     */
    public Builder maxContainerAge(Duration age) {
      this.maxContainerAge = Objects.requireNonNull(age, "maxContainerAge");
      return this;
    }

    /**
     * Sets how long opening a session waits for a container.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder acquireTimeout(Duration timeout) {
      this.acquireTimeout = Objects.requireNonNull(timeout, "acquireTimeout");
      return this;
    }

    /**
     * Sets how long a container may take to start.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Objects.requireNonNull(timeout, "startTimeout");
      return this;
    }

    /**
     * Sets how long an interrupted cell gets to stop.
     *
     * @param grace positive
     * @return this builder
     */
    public Builder interruptGrace(Duration grace) {
      this.interruptGrace = Objects.requireNonNull(grace, "interruptGrace");
      return this;
    }

    /**
     * Sets how long a kernel restart may take.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder restartTimeout(Duration timeout) {
      this.restartTimeout = Objects.requireNonNull(timeout, "restartTimeout");
      return this;
    }

    /**
     * Sets the host directory for per-container directories.
     *
     * @param dir a directory (created when missing)
     * @return this builder
     */
    public Builder sandboxRoot(Path dir) {
      this.sandboxRoot = Objects.requireNonNull(dir, "sandboxRoot");
      return this;
    }

    /**
     * Writes the audit log to this JSON-lines file (appending).
     *
     * @param file the file; its directory is created when missing
     * @return this builder
     */
    public Builder auditLog(Path file) {
      this.auditLog = Objects.requireNonNull(file, "auditLog");
      return this;
    }

    /**
     * Also hands every audit record to this sink.
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder auditSink(AuditSink sink) {
      this.auditSink = Objects.requireNonNull(sink, "auditSink");
      return this;
    }

    /**
     * Sets the code every new kernel runs silently before it is handed out.
     *
     * @param code Python source, or empty for none
     * @return this builder
     */
    public Builder warmupCode(String code) {
      this.warmupCode = Objects.requireNonNull(code, "warmupCode");
      return this;
    }

    /**
     * Sets the container user.
     *
     * @param user {@code uid:gid}, not 0
     * @return this builder
     */
    public Builder containerUser(String user) {
      this.containerUser = requireText(user, "containerUser");
      return this;
    }

    /**
     * Sets whether starting an executor removes leftovers of dead JVMs.
     *
     * @param reap whether to reap
     * @return this builder
     */
    public Builder reapOnStart(boolean reap) {
      this.reapOnStart = reap;
      return this;
    }

    /**
     * Sets whether a JVM shutdown hook removes this executor's containers.
     *
     * @param install whether to install the hook
     * @return this builder
     */
    public Builder shutdownHook(boolean install) {
      this.shutdownHook = install;
      return this;
    }

    /**
     * Builds the config.
     *
     * @return the config
     * @throws IllegalArgumentException naming the option whose value is out of range
     */
    public SandboxConfig build() {
      check(memoryLimitBytes >= 64 * MIB, "memoryLimitBytes", "at least 64 MiB", memoryLimitBytes);
      check(cpus > 0 && cpus <= 1024, "cpus", "more than 0", cpus);
      check(pidsLimit >= 32, "pidsLimit", "at least 32", pidsLimit);
      check(openFilesLimit >= 64, "openFilesLimit", "at least 64", openFilesLimit);
      check(workspaceSizeBytes >= MIB, "workspaceSizeBytes", "at least 1 MiB", workspaceSizeBytes);
      check(tmpSizeBytes >= 16 * MIB, "tmpSizeBytes", "at least 16 MiB", tmpSizeBytes);
      check(maxOutputBytes >= 1024, "maxOutputBytes", "at least 1024", maxOutputBytes);
      check(poolMaxContainers >= 1, "poolMaxContainers", "at least 1", poolMaxContainers);
      check(
          poolMinIdle >= 0 && poolMinIdle <= poolMaxContainers,
          "poolMinIdle",
          "between 0 and poolMaxContainers (" + poolMaxContainers + ")",
          poolMinIdle);
      check(
          maxSessionsPerContainer >= 1,
          "maxSessionsPerContainer",
          "at least 1",
          maxSessionsPerContainer);
      positive(maxContainerAge, "maxContainerAge");
      positive(acquireTimeout, "acquireTimeout");
      positive(startTimeout, "startTimeout");
      positive(interruptGrace, "interruptGrace");
      positive(restartTimeout, "restartTimeout");
      if (containerUser != null
          && (!containerUser.matches("\\d+:\\d+") || containerUser.startsWith("0:"))) {
        throw new IllegalArgumentException(
            "containerUser must be uid:gid with a uid other than 0, was " + containerUser);
      }
      return new SandboxConfig(this);
    }

    private static void check(boolean ok, String option, String rule, Object value) {
      if (!ok) {
        throw new IllegalArgumentException(option + " must be " + rule + ", was " + value);
      }
    }

    private static void positive(Duration d, String option) {
      check(!d.isNegative() && !d.isZero(), option, "positive", d);
    }

    private static String requireText(String value, String option) {
      Objects.requireNonNull(value, option);
      if (value.isBlank()) {
        throw new IllegalArgumentException(option + " must not be blank");
      }
      return value;
    }
  }
}
