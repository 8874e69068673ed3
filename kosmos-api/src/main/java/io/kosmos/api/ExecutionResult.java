package io.kosmos.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of running one cell: status, every output in order, the text of standard output and
 * standard error, the error if there was one, the elapsed time and the resources used.
 *
 * <p>Failures of the code itself (an exception, a timeout, a kernel killed for memory) are data
 * here, not exceptions, so that a task can read them and react.
 *
 * @param status how the execution ended
 * @param outputs every output in the order it arrived, after {@code clear_output} and {@code
 *     update_display_data} were applied, within the output cap
 * @param stdout everything written to standard output, within the output cap
 * @param stderr everything written to standard error, within the output cap
 * @param error the error, or {@code null} when {@code status} is {@link Status#OK}
 * @param executionCount the kernel's execution counter for the cell, or 0 if it did not start
 * @param elapsed wall-clock time from sending the code to the kernel becoming idle
 * @param resources what the execution consumed
 * @param outputBytes the size of all output the kernel produced, including what was cut
 * @param truncated whether output past the cap was cut (the last output then ends with a visible
 *     marker)
 * @param kernelRestarted whether the kernel was restarted after this cell (a timeout or a death),
 *     so the next cell starts without the session's earlier variables
 */
public record ExecutionResult(
    Status status,
    List<Output> outputs,
    String stdout,
    String stderr,
    Output.@Nullable Error error,
    int executionCount,
    Duration elapsed,
    ResourceUsage resources,
    long outputBytes,
    boolean truncated,
    boolean kernelRestarted) {

  /** How an execution ended. */
  public enum Status {
    /** The code ran to the end. */
    OK,
    /** The code raised an exception; {@link ExecutionResult#error()} holds it. */
    ERROR,
    /** The code ran past its time limit and was stopped. */
    TIMEOUT,
    /**
     * The kernel died while running the code, for example killed for using more memory than its
     * limit; the error says why and names the limit.
     */
    KERNEL_DIED
  }

  /** Checks the components and copies the list. */
  public ExecutionResult {
    Objects.requireNonNull(status, "status");
    outputs = List.copyOf(outputs);
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    if (status != Status.OK && error == null) {
      throw new IllegalArgumentException("a " + status + " result needs an error");
    }
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(resources, "resources");
  }

  /**
   * Whether the code ran to the end.
   *
   * @return {@code true} if the status is {@link Status#OK}
   */
  public boolean isOk() {
    return status == Status.OK;
  }

  /**
   * The error, if the code did not run to the end.
   *
   * @return the error
   */
  public Optional<Output.Error> errorOutput() {
    return Optional.ofNullable(error);
  }

  /**
   * Standard output followed by the {@code text/plain} value of the last expression, the text a
   * person would read under the cell.
   *
   * @return the text
   */
  public String text() {
    StringBuilder sb = new StringBuilder(stdout);
    for (Output output : outputs) {
      if (output instanceof Output.ExecuteResult result) {
        String plain = result.data().get(Output.TEXT_PLAIN);
        if (plain != null) {
          if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '\n') {
            sb.append('\n');
          }
          sb.append(plain);
        }
      }
    }
    return sb.toString();
  }

  /**
   * Every PNG image the cell displayed, decoded, in order.
   *
   * @return the images
   */
  public List<byte[]> images() {
    List<byte[]> images = new ArrayList<>();
    for (Output output : outputs) {
      switch (output) {
        case Output.DisplayData d -> d.png().ifPresent(images::add);
        case Output.ExecuteResult r -> r.png().ifPresent(images::add);
        default -> {}
      }
    }
    return images;
  }

  /**
   * Starts a builder for a successful result with no output; executors fill it in.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds {@link ExecutionResult}s. Each option may be set once: setting it again fails with
   * {@link IllegalStateException} naming it; {@link #output(Output)} appends and may be called any
   * number of times. A value out of range fails at once with {@link IllegalArgumentException}
   * naming the option and the value.
   */
  public static final class Builder {
    private final OptionChecks checks = new OptionChecks();
    private Status status = Status.OK;
    private final List<Output> outputs = new ArrayList<>();
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private Output.Error errorOutput;
    private Output.Error error;
    private boolean errorSet;
    private int executionCount;
    private Duration elapsed = Duration.ZERO;
    private ResourceUsage resources = ResourceUsage.UNKNOWN;
    private long outputBytes = -1;
    private boolean truncated;
    private boolean kernelRestarted;

    private Builder() {}

    /**
     * Sets the status. Default {@link Status#OK}.
     *
     * @param status how the execution ended
     * @return this builder
     */
    public Builder status(Status status) {
      checks.once("status");
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    /**
     * Appends an output; stream outputs are also appended to stdout or stderr, and an error output
     * becomes the result's error unless {@link #error(Output.Error)} sets one.
     *
     * @param output the output
     * @return this builder
     */
    public Builder output(Output output) {
      outputs.add(Objects.requireNonNull(output, "output"));
      switch (output) {
        case Output.Stream s when s.name().equals("stderr") -> stderr.append(s.text());
        case Output.Stream s -> stdout.append(s.text());
        case Output.Error e -> errorOutput = e;
        default -> {}
      }
      return this;
    }

    /**
     * Sets the error without adding it as an output, for errors the executor reports (a timeout)
     * rather than the kernel. It wins over the error outputs.
     *
     * @param error the error, or {@code null} for none even if an output is an error
     * @return this builder
     */
    public Builder error(Output.@Nullable Error error) {
      checks.once("error");
      this.error = error;
      this.errorSet = true;
      return this;
    }

    /**
     * Sets the kernel's execution counter for the cell.
     *
     * @param executionCount the counter, 0 or more
     * @return this builder
     */
    public Builder executionCount(int executionCount) {
      checks.once("executionCount");
      if (executionCount < 0) {
        throw new IllegalArgumentException(
            "executionCount must be 0 or more, was " + executionCount);
      }
      this.executionCount = executionCount;
      return this;
    }

    /**
     * Sets the elapsed time.
     *
     * @param elapsed wall-clock time of the execution, not negative
     * @return this builder
     */
    public Builder elapsed(Duration elapsed) {
      checks.once("elapsed");
      Objects.requireNonNull(elapsed, "elapsed");
      if (elapsed.isNegative()) {
        throw new IllegalArgumentException("elapsed cannot be negative, was " + elapsed);
      }
      this.elapsed = elapsed;
      return this;
    }

    /**
     * Sets the resources used.
     *
     * @param resources what the execution consumed
     * @return this builder
     */
    public Builder resources(ResourceUsage resources) {
      checks.once("resources");
      this.resources = Objects.requireNonNull(resources, "resources");
      return this;
    }

    /**
     * Sets the total size of the output the kernel produced, including any part that was cut. If
     * never set, the size of the collected stdout and stderr is used.
     *
     * @param outputBytes the size in bytes, 0 or more
     * @return this builder
     */
    public Builder outputBytes(long outputBytes) {
      checks.once("outputBytes");
      if (outputBytes < 0) {
        throw new IllegalArgumentException("outputBytes must be 0 or more, was " + outputBytes);
      }
      this.outputBytes = outputBytes;
      return this;
    }

    /**
     * Marks the output as cut at the cap.
     *
     * @param truncated whether output was cut
     * @return this builder
     */
    public Builder truncated(boolean truncated) {
      checks.once("truncated");
      this.truncated = truncated;
      return this;
    }

    /**
     * Marks that the kernel was restarted after this cell.
     *
     * @param kernelRestarted whether the kernel was restarted
     * @return this builder
     */
    public Builder kernelRestarted(boolean kernelRestarted) {
      checks.once("kernelRestarted");
      this.kernelRestarted = kernelRestarted;
      return this;
    }

    /**
     * Builds the result. A status other than OK with no error set gets an error named after the
     * status.
     *
     * @return the result
     */
    public ExecutionResult build() {
      Output.Error err = errorSet ? error : errorOutput;
      if (status != Status.OK && err == null) {
        err = new Output.Error(status.name(), "execution ended with status " + status, List.of());
      }
      if (status == Status.OK) {
        err = null;
      }
      long bytes = outputBytes >= 0 ? outputBytes : (long) stdout.length() + stderr.length();
      return new ExecutionResult(
          status,
          outputs,
          stdout.toString(),
          stderr.toString(),
          err,
          executionCount,
          elapsed,
          resources,
          bytes,
          truncated,
          kernelRestarted);
    }
  }
}
