package io.kosmos.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The interrupt grace and restart budget stretch with the load, and the messages say so. */
class TimeLimitsTest {

  static final Duration GRACE = Duration.ofSeconds(2);
  static final Duration BUDGET = Duration.ofSeconds(20);

  @Test
  void anIdleMachineKeepsTheConfiguredTimes() {
    TimeLimits t = TimeLimits.atLoad(GRACE, BUDGET, 0.3);
    assertThat(t.grace()).isEqualTo(GRACE);
    assertThat(t.budget()).isEqualTo(BUDGET);
    assertThat(t.message(Duration.ofSeconds(5), "restarted", ""))
        .isEqualTo(
            "the cell ran past its time limit of 5 s; it did not stop within 2 s of the interrupt"
                + " (the interrupt grace), so the kernel was restarted: the next cell runs without"
                + " the session's earlier variables");
  }

  @Test
  void aLoadedMachineStretchesThemUpToFourTimesAndSaysWhy() {
    TimeLimits t = TimeLimits.atLoad(GRACE, BUDGET, 3.2);
    assertThat(t.grace()).isEqualTo(Duration.ofMillis(6400));
    assertThat(t.budget()).isEqualTo(Duration.ofSeconds(64));
    assertThat(TimeLimits.atLoad(GRACE, BUDGET, 9).grace()).isEqualTo(Duration.ofSeconds(8));
    String replaced =
        t.message(Duration.ofMinutes(10), "container-killed", "POST restart timed out");
    assertThat(replaced)
        .contains("did not stop within 6.4 s of the interrupt (the interrupt grace, stretched 3.2")
        .contains("for a load of 3.2 per CPU")
        .contains("the restart did not finish within 64 s (the restart budget, stretched")
        .contains("(POST restart timed out)")
        .contains("without the session's earlier variables or workspace files")
        .contains("KernelOptions.interruptGrace and KernelOptions.restartTimeout");
    assertThat(t.message(Duration.ofSeconds(1), "interrupted", ""))
        .endsWith("it was interrupted; the kernel and its variables are intact");
  }
}
