package io.kosmos.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DockerSandboxExecutor} keeps containers: how many it keeps warm, how many it runs at
 * most, how many sessions a container serves, how old a warm one may get, and how long opening a
 * session waits for one. Part of a {@link SandboxConfig}.
 *
 * <p>Defaults: 1 warm container, at most 8, a fresh container per session, warm containers
 * discarded after 30 minutes, sessions waiting up to 5 minutes for a container when all are busy.
 *
 * <pre>{@code
 * SandboxConfig config = SandboxConfig.builder()
 *     .pool(PoolOptions.builder().minIdle(2).maxContainers(4).build())
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #newBuilder()} derives another.
 */
public final class PoolOptions {

  private static final PoolOptions DEFAULTS = builder().build();

  private final int minIdle;
  private final int maxContainers;
  private final int maxSessionsPerContainer;
  private final boolean keepKernel;
  private final Duration maxContainerAge;
  private final Duration acquireTimeout;

  private PoolOptions(Builder b) {
    this.minIdle = b.minIdle;
    this.maxContainers = b.maxContainers;
    this.maxSessionsPerContainer = b.maxSessionsPerContainer;
    this.keepKernel = b.keepKernel;
    this.maxContainerAge = b.maxContainerAge;
    this.acquireTimeout = b.acquireTimeout;
  }

  /**
   * The default pool.
   *
   * @return the defaults
   */
  public static PoolOptions defaults() {
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
   * A builder holding these options, to derive others from them. Each option may still be set once
   * on it.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * Warm containers (kernel started and warmed up) the pool keeps ready. Default 1.
   *
   * @return the count
   */
  public int minIdle() {
    return minIdle;
  }

  /**
   * Containers the executor runs at most, busy and warm together; opening a session beyond it
   * waits. Default 8.
   *
   * @return the count
   */
  public int maxContainers() {
    return maxContainers;
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
   * Whether a container that goes back to its run (see {@link #maxSessionsPerContainer()}) keeps
   * its kernel, with the scientific stack already imported, instead of starting a new one. Default
   * {@code false}. When set, the reset between two sessions of the run kills every process the
   * session started, empties the workspace, {@code /tmp} (but the server's runtime files), {@code
   * /dev/shm} and the data, and gives the kernel a fresh namespace (IPython's reset, figures
   * closed, matplotlib's settings, the environment, the working directory, warning filters and
   * {@code sys.path} as they were after the warm-up); modules the session imported, and any change
   * it made to them, stay loaded for the run's next session. That saves the kernel start and the
   * imports (seconds of CPU per session); a fresh kernel per session isolates sessions of one run
   * more. It never weakens the isolation between runs.
   *
   * @return whether the kernel is kept
   */
  public boolean keepKernel() {
    return keepKernel;
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

  @Override
  public boolean equals(Object o) {
    return o instanceof PoolOptions p
        && minIdle == p.minIdle
        && maxContainers == p.maxContainers
        && maxSessionsPerContainer == p.maxSessionsPerContainer
        && keepKernel == p.keepKernel
        && maxContainerAge.equals(p.maxContainerAge)
        && acquireTimeout.equals(p.acquireTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        minIdle,
        maxContainers,
        maxSessionsPerContainer,
        keepKernel,
        maxContainerAge,
        acquireTimeout);
  }

  @Override
  public String toString() {
    return "PoolOptions{minIdle="
        + minIdle
        + ", maxContainers="
        + maxContainers
        + ", maxSessionsPerContainer="
        + maxSessionsPerContainer
        + ", keepKernel="
        + keepKernel
        + ", maxContainerAge="
        + maxContainerAge
        + ", acquireTimeout="
        + acquireTimeout
        + "}";
  }

  /**
   * Builds {@link PoolOptions}, starting from the defaults. Each option may be set once: setting it
   * again fails with {@link IllegalStateException} naming it. A value out of range fails at once
   * with {@link IllegalArgumentException} naming the option, its range and the value; {@link
   * #build()} checks that the warm containers fit in the maximum.
   */
  public static final class Builder {
    private final OptionChecks checks = new OptionChecks();
    private int minIdle = 1;
    private int maxContainers = 8;
    private int maxSessionsPerContainer = 1;
    private boolean keepKernel;
    private Duration maxContainerAge = Duration.ofMinutes(30);
    private Duration acquireTimeout = Duration.ofMinutes(5);

    private Builder() {}

    private Builder(PoolOptions from) {
      minIdle = from.minIdle;
      maxContainers = from.maxContainers;
      maxSessionsPerContainer = from.maxSessionsPerContainer;
      keepKernel = from.keepKernel;
      maxContainerAge = from.maxContainerAge;
      acquireTimeout = from.acquireTimeout;
    }

    /**
     * Sets how many warm containers the pool keeps ready.
     *
     * @param count 0 or more, at most {@link #maxContainers(int) maxContainers}
     * @return this builder
     */
    public Builder minIdle(int count) {
      checks.once("minIdle");
      OptionChecks.check(count >= 0, "minIdle", "0 or more", count);
      this.minIdle = count;
      return this;
    }

    /**
     * Sets how many containers run at most.
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder maxContainers(int count) {
      checks.once("maxContainers");
      OptionChecks.check(count >= 1, "maxContainers", "at least 1", count);
      this.maxContainers = count;
      return this;
    }

    /**
     * Sets how many sessions (of one run) a container serves before it is discarded.
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder maxSessionsPerContainer(int count) {
      checks.once("maxSessionsPerContainer");
      OptionChecks.check(count >= 1, "maxSessionsPerContainer", "at least 1", count);
      this.maxSessionsPerContainer = count;
      return this;
    }

    /**
     * Sets whether a container going back to its run keeps its warm kernel (see {@link
     * PoolOptions#keepKernel()}); it matters only with {@link #maxSessionsPerContainer(int)} above
     * 1.
     *
     * @param keep whether to keep it
     * @return this builder
     */
    public Builder keepKernel(boolean keep) {
      checks.once("keepKernel");
      this.keepKernel = keep;
      return this;
    }

    /**
     * Sets the age after which a warm container is discarded.
     *
     * @param age a positive duration
     * @return this builder
     */
    public Builder maxContainerAge(Duration age) {
      checks.once("maxContainerAge");
      this.maxContainerAge = OptionChecks.positive(age, "maxContainerAge");
      return this;
    }

    /**
     * Sets how long opening a session waits for a container.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder acquireTimeout(Duration timeout) {
      checks.once("acquireTimeout");
      this.acquireTimeout = OptionChecks.positive(timeout, "acquireTimeout");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws IllegalStateException if more warm containers are asked for than may run
     */
    public PoolOptions build() {
      if (minIdle > maxContainers) {
        throw new IllegalStateException(
            "minIdle must be between 0 and maxContainers ("
                + maxContainers
                + "), was "
                + minIdle
                + "; lower minIdle or raise maxContainers");
      }
      return new PoolOptions(this);
    }
  }
}
