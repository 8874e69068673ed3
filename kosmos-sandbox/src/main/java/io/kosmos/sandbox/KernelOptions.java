package io.kosmos.sandbox;

import io.kosmos.api.AuditSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an executor treats the Jupyter kernels it runs code in, wherever they are: how long a kernel
 * may take to start or restart, how long an interrupted cell gets to stop, how much output a cell
 * keeps, what a new kernel runs first, and where the audit log of every execution goes. Both
 * executors take it: {@link SandboxConfig.Builder#kernel(KernelOptions)} for {@link
 * DockerSandboxExecutor} and {@link RemoteGatewayExecutor.Builder#kernel(KernelOptions)}.
 *
 * <pre>{@code
 * KernelOptions kernel = KernelOptions.builder()
 *     .maxOutputBytes(4L << 20)
 *     .auditLog(Path.of("runs/diabetes/audit.jsonl"))
 *     .build();
 * SandboxConfig config = SandboxConfig.builder().kernel(kernel).build();
 * }</pre>
 *
 * <p><b>Defaults.</b> An option left unset takes the executor's default. Three differ, because a
 * container on this machine starts in seconds with a known image while a remote gateway may launch
 * a pod with an unknown one; their accessors return empty until set:
 *
 * <table>
 *   <caption>Defaults that depend on the executor</caption>
 *   <tr><th>option</th><th>Docker sandbox</th><th>remote gateway</th></tr>
 *   <tr><td>{@code startTimeout}</td><td>90 s</td><td>2 min</td></tr>
 *   <tr><td>{@code restartTimeout}</td><td>20 s</td><td>30 s</td></tr>
 *   <tr><td>{@code warmupCode}</td><td>{@link SandboxConfig#DEFAULT_WARMUP_CODE} (imports
 *       numpy, pandas and matplotlib)</td><td>{@code %matplotlib inline}</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe; {@link #newBuilder()} derives another.
 */
public final class KernelOptions {

  /** One mebibyte, the default output kept per execution. */
  private static final long MIB = 1L << 20;

  private static final KernelOptions DEFAULTS = builder().build();

  private final Duration startTimeout;
  private final Duration interruptGrace;
  private final Duration restartTimeout;
  private final long maxOutputBytes;
  private final String warmupCode;
  private final Path auditLog;
  private final AuditSink auditSink;

  private KernelOptions(Builder b) {
    this.startTimeout = b.startTimeout;
    this.interruptGrace = b.interruptGrace != null ? b.interruptGrace : Duration.ofSeconds(2);
    this.restartTimeout = b.restartTimeout;
    this.maxOutputBytes = b.maxOutputBytes != null ? b.maxOutputBytes : MIB;
    this.warmupCode = b.warmupCode;
    this.auditLog = b.auditLog;
    this.auditSink = b.auditSink;
  }

  /**
   * Options with nothing set: every executor uses its own defaults.
   *
   * @return the default options
   */
  public static KernelOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these options, to derive others from them. Each option may still be set once
   * on it; setting one replaces the copied value.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * Fills the options left unset with an executor's defaults.
   *
   * @param startTimeout the executor's start timeout
   * @param restartTimeout the executor's restart timeout
   * @param warmupCode the executor's warm-up code
   * @return options with every executor-dependent option present
   */
  KernelOptions withDefaults(Duration startTimeout, Duration restartTimeout, String warmupCode) {
    Builder b = newBuilder();
    b.startTimeout = this.startTimeout != null ? this.startTimeout : startTimeout;
    b.restartTimeout = this.restartTimeout != null ? this.restartTimeout : restartTimeout;
    b.warmupCode = this.warmupCode != null ? this.warmupCode : warmupCode;
    return b.build();
  }

  /**
   * How long a kernel may take to become ready, if set: for the Docker sandbox from {@code docker
   * run} to a warmed-up kernel, for a gateway from the start request (gateways that launch pods
   * need long). Default 90 s for the Docker sandbox, 2 min for a remote gateway.
   *
   * @return the time limit, or empty for the executor's default
   */
  public Optional<Duration> startTimeout() {
    return Optional.ofNullable(startTimeout);
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
   * How long a kernel restart may take, if set, before the executor gives up on the kernel (the
   * Docker sandbox replaces the container, a gateway starts a new kernel). Default 20 s for the
   * Docker sandbox, 30 s for a remote gateway.
   *
   * @return the time limit, or empty for the executor's default
   */
  public Optional<Duration> restartTimeout() {
    return Optional.ofNullable(restartTimeout);
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
   * Code run silently in every new kernel before it is handed out, if set, so that user cells start
   * fast. Default {@link SandboxConfig#DEFAULT_WARMUP_CODE} for the Docker sandbox, {@code
   * %matplotlib inline} for a remote gateway (whose kernel may not have the scientific stack).
   *
   * @return Python source, possibly empty for none, or empty for the executor's default
   */
  public Optional<String> warmupCode() {
    return Optional.ofNullable(warmupCode);
  }

  /**
   * The JSON-lines audit file, if set: one line per execution, appended.
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

  @Override
  public boolean equals(Object o) {
    return o instanceof KernelOptions k
        && Objects.equals(startTimeout, k.startTimeout)
        && interruptGrace.equals(k.interruptGrace)
        && Objects.equals(restartTimeout, k.restartTimeout)
        && maxOutputBytes == k.maxOutputBytes
        && Objects.equals(warmupCode, k.warmupCode)
        && Objects.equals(auditLog, k.auditLog)
        && Objects.equals(auditSink, k.auditSink);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        startTimeout,
        interruptGrace,
        restartTimeout,
        maxOutputBytes,
        warmupCode,
        auditLog,
        auditSink);
  }

  @Override
  public String toString() {
    return "KernelOptions{startTimeout="
        + orDefault(startTimeout)
        + ", interruptGrace="
        + interruptGrace
        + ", restartTimeout="
        + orDefault(restartTimeout)
        + ", maxOutputBytes="
        + maxOutputBytes
        + ", warmupCode="
        + (warmupCode == null ? "executor default" : warmupCode.length() + " chars")
        + ", auditLog="
        + (auditLog == null ? "none" : auditLog)
        + ", auditSink="
        + (auditSink == null ? "none" : "set")
        + "}";
  }

  private static String orDefault(Object value) {
    return value == null ? "executor default" : value.toString();
  }

  /**
   * Builds {@link KernelOptions}. Each option may be set once: setting it again fails with {@link
   * IllegalStateException} naming it. A value out of range fails at once with {@link
   * IllegalArgumentException} naming the option and the value. Options left unset take the defaults
   * of the executor the options are given to (see {@link KernelOptions}).
   */
  public static final class Builder {
    private final OptionChecks checks = new OptionChecks();
    private Duration startTimeout;
    private Duration interruptGrace;
    private Duration restartTimeout;
    private Long maxOutputBytes;
    private String warmupCode;
    private Path auditLog;
    private AuditSink auditSink;

    private Builder() {}

    private Builder(KernelOptions from) {
      startTimeout = from.startTimeout;
      interruptGrace = from.interruptGrace;
      restartTimeout = from.restartTimeout;
      maxOutputBytes = from.maxOutputBytes;
      warmupCode = from.warmupCode;
      auditLog = from.auditLog;
      auditSink = from.auditSink;
    }

    /**
     * Sets how long a kernel may take to become ready.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder startTimeout(Duration timeout) {
      checks.once("startTimeout");
      this.startTimeout = OptionChecks.positive(timeout, "startTimeout");
      return this;
    }

    /**
     * Sets how long an interrupted cell gets to stop before the kernel is restarted.
     *
     * @param grace a positive duration
     * @return this builder
     */
    public Builder interruptGrace(Duration grace) {
      checks.once("interruptGrace");
      this.interruptGrace = OptionChecks.positive(grace, "interruptGrace");
      return this;
    }

    /**
     * Sets how long a kernel restart may take.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder restartTimeout(Duration timeout) {
      checks.once("restartTimeout");
      this.restartTimeout = OptionChecks.positive(timeout, "restartTimeout");
      return this;
    }

    /**
     * Sets the output kept per execution.
     *
     * @param bytes at least 1024
     * @return this builder
     */
    public Builder maxOutputBytes(long bytes) {
      checks.once("maxOutputBytes");
      OptionChecks.check(bytes >= 1024, "maxOutputBytes", "at least 1024", bytes);
      this.maxOutputBytes = bytes;
      return this;
    }

    /**
     * Sets the code every new kernel runs silently before it is handed out.
     *
     * @param code Python source, or empty for none
     * @return this builder
     */
    public Builder warmupCode(String code) {
      checks.once("warmupCode");
      this.warmupCode = Objects.requireNonNull(code, "warmupCode");
      return this;
    }

    /**
     * Writes the audit log to this JSON-lines file, appending.
     *
     * @param file the file; its directory is created when missing
     * @return this builder
     */
    public Builder auditLog(Path file) {
      checks.once("auditLog");
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
      checks.once("auditSink");
      this.auditSink = Objects.requireNonNull(sink, "auditSink");
      return this;
    }

    /**
     * Builds the options. Every value was checked when it was set, so this cannot fail.
     *
     * @return the options
     */
    public KernelOptions build() {
      return new KernelOptions(this);
    }
  }
}
