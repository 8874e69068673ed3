package io.kosmos.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How long each phase of a container's start took, for the DEBUG log of {@link ContainerLauncher}
 * (create, start, inspect, server answering, kernel started, channel open, setup cells, warm-up).
 * Each {@link #mark} closes the phase that began at the previous mark. Not thread-safe: one launch
 * owns one instance.
 */
final class StartPhases {

  private final LongSupplier clock;
  private final long begin;
  private final List<String> names = new ArrayList<>();
  private final List<Long> nanos = new ArrayList<>();
  private long last;

  /** Starts timing now, on {@link System#nanoTime()}. */
  StartPhases() {
    this(System::nanoTime);
  }

  /** Starts timing now, on a clock (nanoseconds), for tests. */
  StartPhases(LongSupplier clock) {
    this.clock = clock;
    this.begin = clock.getAsLong();
    this.last = begin;
  }

  /**
   * Ends a phase.
   *
   * @param phase its name
   */
  void mark(String phase) {
    long now = clock.getAsLong();
    names.add(phase);
    nanos.add(now - last);
    last = now;
  }

  /**
   * How long a phase took, summed over its marks.
   *
   * @param phase the name
   * @return milliseconds, 0 if it was never marked
   */
  double millis(String phase) {
    long sum = 0;
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equals(phase)) {
        sum += nanos.get(i);
      }
    }
    return sum / 1e6;
  }

  /** Milliseconds from the start to the last mark. */
  double totalMillis() {
    return (last - begin) / 1e6;
  }

  /** {@code total 812 ms: create 40, start 210, ...}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append("total ").append(Math.round(totalMillis())).append(" ms:");
    for (int i = 0; i < names.size(); i++) {
      s.append(i == 0 ? " " : ", ")
          .append(names.get(i))
          .append(' ')
          .append(Math.round(nanos.get(i) / 1e6));
    }
    return s.toString();
  }
}
