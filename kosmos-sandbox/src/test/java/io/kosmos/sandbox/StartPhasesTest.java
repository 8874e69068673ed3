package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StartPhasesTest {

  @Test
  void eachMarkClosesThePhaseSinceThePreviousOne() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    StartPhases phases = new StartPhases(now::get);
    now.addAndGet(40_000_000L);
    phases.mark("create");
    now.addAndGet(210_400_000L);
    phases.mark("start");
    now.addAndGet(5_000_000L);
    phases.mark("setup");
    now.addAndGet(7_000_000L);
    phases.mark("setup");

    assertThat(phases.millis("create")).isEqualTo(40.0);
    assertThat(phases.millis("start")).isEqualTo(210.4);
    assertThat(phases.millis("setup")).isEqualTo(12.0);
    assertThat(phases.millis("never")).isZero();
    assertThat(phases.totalMillis()).isEqualTo(262.4);
    assertThat(phases).hasToString("total 262 ms: create 40, start 210, setup 5, setup 7");
  }

  @Test
  void nothingMarkedIsAnEmptyBreakdown() {
    assertThat(new StartPhases(() -> 5L)).hasToString("total 0 ms:");
  }
}
