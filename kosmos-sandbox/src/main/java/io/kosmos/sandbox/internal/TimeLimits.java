package io.kosmos.sandbox.internal;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * How long a cell past its time limit gets to stop, and how long its kernel gets to restart, on a
 * machine as busy as this one is now, and how to say what happened.
 *
 * <p>On a loaded machine (several sessions on two cores) an interrupted loop takes longer to reach
 * its reply and a kernel longer to start: the configured interrupt grace and restart budget are the
 * times for an idle machine, stretched by the load per CPU (the one-minute load average over the
 * processors, from 1 to at most {@value #MAX_STRETCH}). What was lost and why is said in the
 * result, with the times that applied.
 */
final class TimeLimits {

  /** The most the times are stretched. */
  static final double MAX_STRETCH = 4.0;

  private final Duration grace;
  private final Duration budget;
  private final double load;
  private final double stretch;

  private TimeLimits(Duration grace, Duration budget, double load) {
    this.load = load;
    this.stretch = Math.min(MAX_STRETCH, Math.max(1.0, load));
    this.grace = scale(grace, stretch);
    this.budget = scale(budget, stretch);
  }

  /**
   * The times for now.
   *
   * @param interruptGrace the configured interrupt grace
   * @param restartTimeout the configured restart budget
   * @return the times, stretched by the load
   */
  static TimeLimits now(Duration interruptGrace, Duration restartTimeout) {
    return new TimeLimits(interruptGrace, restartTimeout, loadPerCpu());
  }

  /** For tests: the times at a given load per CPU. */
  static TimeLimits atLoad(Duration interruptGrace, Duration restartTimeout, double load) {
    return new TimeLimits(interruptGrace, restartTimeout, load);
  }

  private static double loadPerCpu() {
    double average = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    int cpus = Runtime.getRuntime().availableProcessors();
    return average < 0 ? 0 : average / Math.max(1, cpus);
  }

  private static Duration scale(Duration d, double factor) {
    return Duration.ofMillis(Math.round(d.toMillis() * factor));
  }

  Duration grace() {
    return grace;
  }

  Duration budget() {
    return budget;
  }

  /** How the interrupt grace was set, for messages: its value, and the load if it was stretched. */
  String graceText() {
    return Durations.human(grace) + " of the interrupt" + stretched("the interrupt grace");
  }

  String budgetText() {
    return Durations.human(budget) + stretched("the restart budget");
  }

  private String stretched(String what) {
    if (stretch <= 1.0) {
      return " (" + what + ")";
    }
    return String.format(
        Locale.ROOT, " (%s, stretched %.1f times for a load of %.1f per CPU)", what, stretch, load);
  }

  /**
   * What the result of a cell past its time limit says.
   *
   * @param timeout the cell's time limit
   * @param ending {@code interrupted}, {@code restarted} or {@code container-killed}
   * @param restartFailure why the restart failed, for {@code container-killed}
   * @return the message
   */
  String message(Duration timeout, String ending, String restartFailure) {
    String start = "the cell ran past its time limit of " + Durations.human(timeout) + "; ";
    return switch (ending) {
      case "interrupted" -> start + "it was interrupted; the kernel and its variables are intact";
      case "restarted" ->
          start
              + "it did not stop within "
              + graceText()
              + ", so the kernel was restarted: the next cell runs without the session's earlier"
              + " variables";
      default ->
          start
              + "it did not stop within "
              + graceText()
              + ", so the kernel was restarted, but the restart did not finish within "
              + budgetText()
              + " ("
              + restartFailure
              + "), so its sandbox was replaced: the next cell runs in a new kernel without the"
              + " session's earlier variables or workspace files. On a busy machine raise"
              + " KernelOptions.interruptGrace and KernelOptions.restartTimeout";
    };
  }
}
