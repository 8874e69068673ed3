package io.kosmos.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link DockerSandboxExecutor} can be told: the image and the Docker engine, how
 * containers are isolated, and four groups of options that have values of their own: the {@link
 * ContainerLimits} every container runs under, the {@link PoolOptions} of the warm pool, the {@link
 * KernelOptions} (time limits of recovery, output cap, warm-up code, audit log) that {@link
 * RemoteGatewayExecutor} takes too, and the {@link PackageOptions} (which packages may be
 * installed, from where). Immutable; build one with {@link #builder()}, copy one with {@link
 * #toBuilder()}, for example {@code SandboxConfig.builder().pool(PoolOptions.builder().minIdle(2)
 * .build()).build()}.
 *
 * <p>The defaults are safe: 2 GiB of memory without swap, one CPU, 256 processes, a read-only root
 * file system, a 1 GiB workspace, no network at all, every capability dropped, a non-root user, no
 * package installed. Each option may be set once, and a value out of range fails when it is set,
 * with a message that names the option (see {@code docs/contributing.md}, "Builders").
 */
public final class SandboxConfig {

  /** How a container is connected. */
  public enum NetworkMode {
    /** No interface but loopback ({@code --network none}); Unix sockets to the kernel. Default. */
    NONE,
    /**
     * An internal bridge network (no route out of the Docker host), Jupyter on TCP with a random
     * token per container; see {@code docs/security-model.md} for what it does not stop.
     */
    INTERNAL
  }

  /** How the executor talks to a container's kernel. */
  public enum KernelTransport {
    /**
     * Straight to the kernel's ZeroMQ sockets (Unix sockets in the container's socket directory),
     * speaking the Jupyter wire protocol from Java: about half the round trip of the WebSocket. The
     * default; {@link NetworkMode#INTERNAL} always uses {@link #WEBSOCKET}.
     */
    ZMQ,
    /** Through the Jupyter Server's WebSocket, as a remote gateway is reached. */
    WEBSOCKET
  }

  /** The Docker sandbox's default {@linkplain KernelOptions#warmupCode() warm-up code}. */
  public static final String DEFAULT_WARMUP_CODE =
      "import numpy, pandas, matplotlib, matplotlib.pyplot\n";

  // The Docker sandbox's defaults for the kernel options whose default depends on the executor: a
  // local container with the known image starts and restarts its kernel in seconds.
  private static final Duration DOCKER_START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration DOCKER_RESTART_TIMEOUT = Duration.ofSeconds(20);

  private final String image;
  private final boolean useLatestImage;
  private final boolean buildImageIfMissing;
  private final String dockerHost;
  private final NetworkMode networkMode;
  private final KernelTransport kernelTransport;
  private final Path sandboxRoot;
  private final String containerUser;
  private final boolean reapOnStart;
  private final boolean shutdownHook;
  private final ContainerLimits limits;
  private final PoolOptions pool;
  private final KernelOptions kernel;
  private final PackageOptions packages;

  private SandboxConfig(Builder b) {
    this.image = b.image;
    this.useLatestImage = b.useLatestImage;
    this.buildImageIfMissing = b.buildImageIfMissing;
    this.dockerHost = b.dockerHost;
    this.networkMode = b.networkMode;
    this.kernelTransport = b.kernelTransport;
    this.sandboxRoot = b.sandboxRoot;
    this.containerUser = b.containerUser;
    this.reapOnStart = b.reapOnStart;
    this.shutdownHook = b.shutdownHook;
    this.limits = b.limits;
    this.pool = b.pool;
    this.kernel =
        b.kernel.withDefaults(DOCKER_START_TIMEOUT, DOCKER_RESTART_TIMEOUT, DEFAULT_WARMUP_CODE);
    this.packages = b.packages;
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
   * Copies this config into a builder. Each option may still be set once on it; setting one
   * replaces the copied value.
   *
   * @return a builder holding this config's values
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The image to run, if set; otherwise the jar's own, {@code kosmos-executor:<hash>}.
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
   * Whether a missing image is built from the build context in the jar (needs {@code
   * debian:bookworm-slim} or {@code kosmos-base:bookworm}, and Debian's mirror). Default false.
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
   * Host directory holding one directory per container (its {@code /data} links and owner file).
   * Default {@code ${java.io.tmpdir}/kosmos-sandbox}.
   *
   * @return the directory
   */
  public Path sandboxRoot() {
    return sandboxRoot;
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
   * Whether starting an executor removes what executors of dead JVMs left behind (true).
   *
   * @return whether to reap
   */
  public boolean reapOnStart() {
    return reapOnStart;
  }

  /**
   * Whether a JVM shutdown hook removes this executor's containers if it was not closed (true).
   *
   * @return whether to install the hook
   */
  public boolean shutdownHook() {
    return shutdownHook;
  }

  /**
   * The resources every container may use. Default {@link ContainerLimits#defaults()}.
   *
   * @return the limits
   */
  public ContainerLimits limits() {
    return limits;
  }

  /**
   * How containers are kept warm and reused. Default {@link PoolOptions#defaults()}.
   *
   * @return the pool options
   */
  public PoolOptions pool() {
    return pool;
  }

  /**
   * The kernel options in effect: those set, with the Docker sandbox's defaults for the rest (start
   * timeout 90 s, restart timeout 20 s, warm-up code {@link #DEFAULT_WARMUP_CODE}), so that every
   * one of them is present.
   *
   * @return the kernel options
   */
  public KernelOptions kernel() {
    return kernel;
  }

  /**
   * Which packages may be installed, from where, and which every run starts with. Default {@link
   * PackageOptions#defaults()}: a scientific allow-list and no source, so nothing is installed.
   *
   * @return the package options
   */
  public PackageOptions packages() {
    return packages;
  }

  @Override
  public String toString() {
    return "SandboxConfig[image=%s, network=%s, kernel=%s, %s, %s, %s, packages from %s]"
        .formatted(
            image == null ? "<expected tag>" : image,
            networkMode,
            effectiveKernelTransport(),
            limits,
            pool,
            kernel,
            packages.sourceText());
  }

  /**
   * Builds a {@link SandboxConfig}, starting from the defaults. Each option may be set once:
   * setting it again fails with {@link IllegalStateException} naming it. A value out of range fails
   * at once with {@link IllegalArgumentException} naming the option and the value.
   */
  public static final class Builder {
    private final OptionChecks checks = new OptionChecks();
    private String image;
    private boolean useLatestImage;
    private boolean buildImageIfMissing;
    private String dockerHost;
    private NetworkMode networkMode = NetworkMode.NONE;
    private KernelTransport kernelTransport = KernelTransport.ZMQ;
    private Path sandboxRoot = Path.of(System.getProperty("java.io.tmpdir"), "kosmos-sandbox");
    private String containerUser;
    private boolean reapOnStart = true;
    private boolean shutdownHook = true;
    private ContainerLimits limits = ContainerLimits.defaults();
    private PoolOptions pool = PoolOptions.defaults();
    private KernelOptions kernel = KernelOptions.defaults();
    private PackageOptions packages = PackageOptions.defaults();

    private Builder() {}

    private Builder(SandboxConfig c) {
      image = c.image;
      useLatestImage = c.useLatestImage;
      buildImageIfMissing = c.buildImageIfMissing;
      dockerHost = c.dockerHost;
      networkMode = c.networkMode;
      kernelTransport = c.kernelTransport;
      sandboxRoot = c.sandboxRoot;
      containerUser = c.containerUser;
      reapOnStart = c.reapOnStart;
      shutdownHook = c.shutdownHook;
      limits = c.limits;
      pool = c.pool;
      kernel = c.kernel;
      packages = c.packages;
    }

    /**
     * Runs this image instead of the one the jar expects. Always wins.
     *
     * @param image an image reference, for example {@code kosmos-executor:dev}
     * @return this builder
     */
    public Builder image(String image) {
      checks.once("image");
      this.image = OptionChecks.text(image, "image");
      return this;
    }

    /**
     * Lets {@code kosmos-executor:latest} stand in when the expected image is missing.
     *
     * @param use whether to fall back
     * @return this builder
     */
    public Builder useLatestImage(boolean use) {
      checks.once("useLatestImage");
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
      checks.once("buildImageIfMissing");
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
      checks.once("dockerHost");
      this.dockerHost = OptionChecks.text(dockerHost, "dockerHost");
      return this;
    }

    /**
     * Sets how containers are connected.
     *
     * @param mode the network mode
     * @return this builder
     */
    public Builder networkMode(NetworkMode mode) {
      checks.once("networkMode");
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
      checks.once("kernelTransport");
      this.kernelTransport = Objects.requireNonNull(transport, "kernelTransport");
      return this;
    }

    /**
     * Sets the host directory for per-container directories.
     *
     * @param dir a directory (created when missing)
     * @return this builder
     */
    public Builder sandboxRoot(Path dir) {
      checks.once("sandboxRoot");
      this.sandboxRoot = Objects.requireNonNull(dir, "sandboxRoot");
      return this;
    }

    /**
     * Sets the container user.
     *
     * @param user {@code uid:gid}, with a uid other than 0
     * @return this builder
     */
    public Builder containerUser(String user) {
      checks.once("containerUser");
      OptionChecks.text(user, "containerUser");
      if (!user.matches("\\d+:\\d+") || user.startsWith("0:")) {
        throw new IllegalArgumentException(
            "containerUser must be uid:gid with a uid other than 0, was " + user);
      }
      this.containerUser = user;
      return this;
    }

    /**
     * Sets whether starting an executor removes leftovers of dead JVMs.
     *
     * @param reap whether to reap
     * @return this builder
     */
    public Builder reapOnStart(boolean reap) {
      checks.once("reapOnStart");
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
      checks.once("shutdownHook");
      this.shutdownHook = install;
      return this;
    }

    /**
     * Sets the resources every container may use.
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder limits(ContainerLimits limits) {
      checks.once("limits");
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Sets how containers are kept warm and reused.
     *
     * @param pool the pool options
     * @return this builder
     */
    public Builder pool(PoolOptions pool) {
      checks.once("pool");
      this.pool = Objects.requireNonNull(pool, "pool");
      return this;
    }

    /**
     * Sets how kernels are started, interrupted, restarted, warmed up and audited. Options left
     * unset there take the Docker sandbox's defaults (see {@link SandboxConfig#kernel()}).
     *
     * @param kernel the kernel options
     * @return this builder
     */
    public Builder kernel(KernelOptions kernel) {
      checks.once("kernel");
      this.kernel = Objects.requireNonNull(kernel, "kernel");
      return this;
    }

    /**
     * Sets which packages may be installed, from where, and which every run starts with.
     *
     * @param packages the package options
     * @return this builder
     */
    public Builder packages(PackageOptions packages) {
      checks.once("packages");
      this.packages = Objects.requireNonNull(packages, "packages");
      return this;
    }

    /**
     * Builds the config. Every value was checked when it was set, so this cannot fail.
     *
     * @return the config
     */
    public SandboxConfig build() {
      return new SandboxConfig(this);
    }
  }
}
