package io.kosmos.sandbox.internal;

import java.time.Duration;

/** Durations and sizes as people write them, for messages. */
public final class Durations {
  private Durations() {}

  /**
   * A duration as people write it.
   *
   * @param d the duration
   * @return for example {@code 30 s}, {@code 1.5 s}, {@code 10 min}
   */
  public static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms % 60_000 == 0) {
      return (ms / 60_000) + " min";
    }
    if (ms % 1000 == 0) {
      return (ms / 1000) + " s";
    }
    return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  /**
   * A size in bytes as people write it.
   *
   * @param bytes the size
   * @return for example {@code 2 GiB}, {@code 512 MiB}, {@code 1.5 GiB}
   */
  public static String bytes(long bytes) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    if (unit == 0) {
      return bytes + " bytes";
    }
    return value == Math.rint(value)
        ? String.format(java.util.Locale.ROOT, "%d %s", (long) value, units[unit])
        : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
