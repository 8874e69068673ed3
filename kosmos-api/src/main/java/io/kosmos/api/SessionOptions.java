package io.kosmos.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to open an {@link ExecutionSession}: which run and task it serves (for the audit log and
 * container labels), which datasets it sees, and its limits.
 *
 * @param runId the run the session belongs to; sessions of different runs never share a container
 * @param taskId the task the session serves
 * @param datasets files or folders on the host, each visible read-only at {@code /data/<file name>}
 * @param timeout the default time limit of one cell
 * @param memoryLimitBytes the kernel's memory limit, or 0 for the executor's default
 */
public record SessionOptions(
    String runId, String taskId, List<Path> datasets, Duration timeout, long memoryLimitBytes) {

  /** Default time limit of one cell: 10 minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /** Checks the components and copies the list. */
  public SessionOptions {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(taskId, "taskId");
    datasets = List.copyOf(datasets);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (memoryLimitBytes < 0) {
      throw new IllegalArgumentException(
          "memoryLimitBytes must be 0 (executor default) or positive, was " + memoryLimitBytes);
    }
  }

  /**
   * Starts a builder with run {@code adhoc}, task {@code adhoc}, no datasets, {@link
   * #DEFAULT_TIMEOUT} and the executor's default memory limit.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Copies these options into a builder. Each option may still be set once on it; setting one
   * replaces the copied value, and {@link Builder#dataset(Path)} adds to the copied datasets.
   *
   * @return a builder holding these options
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.runId = runId;
    b.taskId = taskId;
    b.datasets.addAll(datasets);
    b.timeout = timeout;
    b.memoryLimitBytes = memoryLimitBytes;
    return b;
  }

  /**
   * Builds {@link SessionOptions}. Each option may be set once: setting it again fails with {@link
   * IllegalStateException} naming it; {@link #dataset(Path)} adds and may be called any number of
   * times. A value out of range fails at once with {@link IllegalArgumentException} naming the
   * option and the value.
   */
  public static final class Builder {
    private final OptionChecks checks = new OptionChecks();
    private String runId = "adhoc";
    private String taskId = "adhoc";
    private final List<Path> datasets = new ArrayList<>();
    private Duration timeout = DEFAULT_TIMEOUT;
    private long memoryLimitBytes;

    private Builder() {}

    /**
     * Sets the run. Default {@code adhoc}.
     *
     * @param runId the run identifier
     * @return this builder
     */
    public Builder runId(String runId) {
      checks.once("runId");
      this.runId = Objects.requireNonNull(runId, "runId");
      return this;
    }

    /**
     * Sets the task. Default {@code adhoc}.
     *
     * @param taskId the task identifier
     * @return this builder
     */
    public Builder taskId(String taskId) {
      checks.once("taskId");
      this.taskId = Objects.requireNonNull(taskId, "taskId");
      return this;
    }

    /**
     * Adds a dataset.
     *
     * @param dataset a file or folder on the host
     * @return this builder
     */
    public Builder dataset(Path dataset) {
      datasets.add(Objects.requireNonNull(dataset, "dataset"));
      return this;
    }

    /**
     * Sets the datasets, replacing any added or copied before.
     *
     * @param datasets files or folders on the host
     * @return this builder
     */
    public Builder datasets(List<Path> datasets) {
      checks.once("datasets");
      Objects.requireNonNull(datasets, "datasets");
      this.datasets.clear();
      datasets.forEach(this::dataset);
      return this;
    }

    /**
     * Sets the default time limit of one cell. Default {@link SessionOptions#DEFAULT_TIMEOUT}.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      checks.once("timeout");
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets the kernel's memory limit.
     *
     * @param bytes the limit, or 0 for the executor's default
     * @return this builder
     */
    public Builder memoryLimitBytes(long bytes) {
      checks.once("memoryLimitBytes");
      if (bytes < 0) {
        throw new IllegalArgumentException(
            "memoryLimitBytes must be 0 (executor default) or positive, was " + bytes);
      }
      this.memoryLimitBytes = bytes;
      return this;
    }

    /**
     * Builds the options. Every value was checked when it was set, so this cannot fail.
     *
     * @return the options
     */
    public SessionOptions build() {
      return new SessionOptions(runId, taskId, datasets, timeout, memoryLimitBytes);
    }
  }
}
