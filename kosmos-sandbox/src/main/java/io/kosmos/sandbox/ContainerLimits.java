package io.kosmos.sandbox;

import java.util.Objects;

/**
 * The resources one sandbox container may use: memory (without swap), CPUs, processes, open files,
 * and the sizes of its two writable file systems. Part of a {@link SandboxConfig}; every container
 * of a {@link DockerSandboxExecutor} runs under them, and a session may ask for another memory
 * limit ({@code SessionOptions.memoryLimitBytes}).
 *
 * <p>The defaults are safe for analysis code a language model wrote: 2 GiB of memory without swap,
 * one CPU, 256 processes, 1,024 open files per process, a 1 GiB workspace and a 256 MiB {@code
 * /tmp}. See {@code docs/security-model.md} for what each limit stops.
 *
 * <pre>{@code
 * SandboxConfig config = SandboxConfig.builder()
 *     .limits(ContainerLimits.builder().memoryLimitBytes(4L << 30).cpus(2).build())
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #newBuilder()} derives another.
 */
public final class ContainerLimits {

  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;
  private static final ContainerLimits DEFAULTS = builder().build();

  private final long memoryLimitBytes;
  private final double cpus;
  private final long pidsLimit;
  private final long openFilesLimit;
  private final long workspaceSizeBytes;
  private final long tmpSizeBytes;

  private ContainerLimits(Builder b) {
    this.memoryLimitBytes = b.memoryLimitBytes;
    this.cpus = b.cpus;
    this.pidsLimit = b.pidsLimit;
    this.openFilesLimit = b.openFilesLimit;
    this.workspaceSizeBytes = b.workspaceSizeBytes;
    this.tmpSizeBytes = b.tmpSizeBytes;
  }

  /**
   * The default limits.
   *
   * @return the defaults
   */
  public static ContainerLimits defaults() {
    return DEFAULTS;
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
   * A builder holding these limits, to derive others from them. Each option may still be set once
   * on it.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * Memory limit of a container, kernel and server together, with no swap. Default 2 GiB.
   *
   * @return bytes
   */
  public long memoryLimitBytes() {
    return memoryLimitBytes;
  }

  /**
   * CPU limit of a container, in CPUs. Default 1.0. Also sets {@code OMP_NUM_THREADS} and friends
   * so that numerical libraries do not start a thread per host core.
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

  @Override
  public boolean equals(Object o) {
    return o instanceof ContainerLimits l
        && memoryLimitBytes == l.memoryLimitBytes
        && Double.compare(cpus, l.cpus) == 0
        && pidsLimit == l.pidsLimit
        && openFilesLimit == l.openFilesLimit
        && workspaceSizeBytes == l.workspaceSizeBytes
        && tmpSizeBytes == l.tmpSizeBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        memoryLimitBytes, cpus, pidsLimit, openFilesLimit, workspaceSizeBytes, tmpSizeBytes);
  }

  @Override
  public String toString() {
    return "ContainerLimits{memory="
        + memoryLimitBytes
        + ", cpus="
        + cpus
        + ", pids="
        + pidsLimit
        + ", openFiles="
        + openFilesLimit
        + ", workspace="
        + workspaceSizeBytes
        + ", tmp="
        + tmpSizeBytes
        + "}";
  }

  /**
   * Builds {@link ContainerLimits}, starting from the defaults. Each option may be set once:
   * setting it again fails with {@link IllegalStateException} naming it. A value out of range fails
   * at once with {@link IllegalArgumentException} naming the option, its range and the value.
   */
  public static final class Builder {
    private final OptionChecks checks = new OptionChecks();
    private long memoryLimitBytes = 2 * GIB;
    private double cpus = 1.0;
    private long pidsLimit = 256;
    private long openFilesLimit = 1024;
    private long workspaceSizeBytes = GIB;
    private long tmpSizeBytes = 256 * MIB;

    private Builder() {}

    private Builder(ContainerLimits from) {
      memoryLimitBytes = from.memoryLimitBytes;
      cpus = from.cpus;
      pidsLimit = from.pidsLimit;
      openFilesLimit = from.openFilesLimit;
      workspaceSizeBytes = from.workspaceSizeBytes;
      tmpSizeBytes = from.tmpSizeBytes;
    }

    /**
     * Sets the memory limit of a container (no swap).
     *
     * @param bytes at least 64 MiB
     * @return this builder
     */
    public Builder memoryLimitBytes(long bytes) {
      checks.once("memoryLimitBytes");
      OptionChecks.check(bytes >= 64 * MIB, "memoryLimitBytes", "at least 64 MiB", bytes);
      this.memoryLimitBytes = bytes;
      return this;
    }

    /**
     * Sets the CPU limit.
     *
     * @param cpus more than 0 and at most 1024, for example 0.5 or 2
     * @return this builder
     */
    public Builder cpus(double cpus) {
      checks.once("cpus");
      OptionChecks.check(cpus > 0 && cpus <= 1024, "cpus", "more than 0", cpus);
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
      checks.once("pidsLimit");
      OptionChecks.check(pids >= 32, "pidsLimit", "at least 32", pids);
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
      checks.once("openFilesLimit");
      OptionChecks.check(files >= 64, "openFilesLimit", "at least 64", files);
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
      checks.once("workspaceSizeBytes");
      OptionChecks.check(bytes >= MIB, "workspaceSizeBytes", "at least 1 MiB", bytes);
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
      checks.once("tmpSizeBytes");
      OptionChecks.check(bytes >= 16 * MIB, "tmpSizeBytes", "at least 16 MiB", bytes);
      this.tmpSizeBytes = bytes;
      return this;
    }

    /**
     * Builds the limits. Every value was checked when it was set, so this cannot fail.
     *
     * @return the limits
     */
    public ContainerLimits build() {
      return new ContainerLimits(this);
    }
  }
}
