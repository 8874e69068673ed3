package io.kosmos.cli;

import io.kosmos.api.InvalidInputException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The time limits of one code cell and of one task ({@code --cell-timeout}, {@code
 * --task-timeout}), shared by {@code kosmos run} and {@code kosmos resume}. A cell that runs longer
 * is interrupted and the analyst sees a timeout error; a task that runs longer is stopped and
 * recorded as failed. Unset, {@code run} uses the library's defaults (10 minutes a cell, 30 a task)
 * and {@code resume} the limits the run was started with.
 */
final class TimeLimits {

  @Option(
      names = "--cell-timeout",
      paramLabel = "DURATION",
      description =
          "Longest one code cell may run before it is interrupted, for example 90s or 5m"
              + " (default: 10m, or what the run was started with).")
  @Nullable String cellTimeout;

  @Option(
      names = "--task-timeout",
      paramLabel = "DURATION",
      description =
          "Longest one task may run before it is stopped and recorded as failed, for example 20m"
              + " (default: 30m, or what the run was started with).")
  @Nullable String taskTimeout;

  /** The limits chosen: each the option's value, else the fallback (which may be null). */
  record Chosen(@Nullable Duration cell, @Nullable Duration task) {}

  /**
   * The limits, with the run's own where an option is not given.
   *
   * @param cellFallback the cell limit to keep, or {@code null} for the default
   * @param taskFallback the task limit to keep, or {@code null} for the default
   * @return the limits
   * @throws InvalidInputException if a value is not a positive duration, or a cell may run longer
   *     than its task
   */
  Chosen choose(@Nullable Duration cellFallback, @Nullable Duration taskFallback) {
    Duration cell = cellTimeout == null ? cellFallback : positive("--cell-timeout", cellTimeout);
    Duration task = taskTimeout == null ? taskFallback : positive("--task-timeout", taskTimeout);
    Duration effectiveCell = cell != null ? cell : Duration.ofMinutes(10);
    Duration effectiveTask = task != null ? task : Duration.ofMinutes(30);
    if ((cellTimeout != null || taskTimeout != null)
        && effectiveCell.compareTo(effectiveTask) > 0) {
      throw new InvalidInputException(
          "--cell-timeout ("
              + human(effectiveCell)
              + ") is longer than --task-timeout ("
              + human(effectiveTask)
              + "): a cell runs inside its task; lower --cell-timeout or raise --task-timeout");
    }
    return new Chosen(cell, task);
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  private static Duration positive(String option, String text) {
    Duration d = DataArguments.duration(text);
    if (d.isZero() || d.isNegative()) {
      throw new InvalidInputException(
          option + " must be a positive duration, for example 90s or 5m; was '" + text + "'");
    }
    return d;
  }
}
