package io.kosmos.core.internal.orchestration;

import java.util.HashSet;
import java.util.Set;

/**
 * Whether stack traces are wanted: only when the {@code KOSMOS_DEBUG} environment variable (or the
 * {@code kosmos.debug} system property) is set. Everywhere else a failure is logged as one line
 * that says what failed and why, as the command line prints it; a user who wants the trace sets the
 * variable and runs again.
 *
 * <pre>{@code
 * LOG.error("planning cycle {} failed: {}", cycle, Debug.describe(e), Debug.trace(e));
 * }</pre>
 */
public final class Debug {

  /** The environment variable that turns stack traces on. */
  public static final String ENV = "KOSMOS_DEBUG";

  private static final boolean ENABLED =
      System.getenv(ENV) != null || Boolean.getBoolean("kosmos.debug");

  private Debug() {}

  /**
   * Whether stack traces are wanted.
   *
   * @return whether {@code KOSMOS_DEBUG} is set
   */
  public static boolean enabled() {
    return ENABLED;
  }

  /**
   * The throwable to hand a logger as its last argument: itself under {@code KOSMOS_DEBUG}, so the
   * trace is logged; else {@code null}, which SLF4J ignores.
   *
   * @param e the failure
   * @return {@code e} or {@code null}
   */
  public static Throwable trace(Throwable e) {
    return ENABLED ? e : null;
  }

  /**
   * A failure in one line: its class and message, then the messages of its causes that add
   * something.
   *
   * @param e the failure
   * @return the line
   */
  public static String describe(Throwable e) {
    StringBuilder s = new StringBuilder(one(e));
    Set<Throwable> seen = new HashSet<>();
    seen.add(e);
    String last = e.getMessage() == null ? "" : e.getMessage();
    for (Throwable c = e.getCause(); c != null && seen.add(c); c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && !last.contains(m)) {
        s.append("; caused by ").append(one(c));
        last = m;
      }
    }
    return s.toString();
  }

  private static String one(Throwable e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
