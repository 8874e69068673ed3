package io.kosmos.core.internal.orchestration;

import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * The run, cycle and task a log line belongs to, in the SLF4J MDC under {@link #RUN_ID}, {@link
 * #CYCLE} and {@link #TASK}, so that a JSON log (the command line's {@code --log-format json}) says
 * where each line came from. The MDC is per thread, and every task runs in threads of its own: a
 * task's thread and the analyst's thread take the context of the thread that started them.
 */
public final class LogContext {

  /** The run id. */
  public static final String RUN_ID = "run_id";

  /** The cycle number. */
  public static final String CYCLE = "cycle";

  /** The task id. */
  public static final String TASK = "task";

  private LogContext() {}

  /**
   * Wraps work to run in another thread with this thread's context.
   *
   * @param work the work
   * @param <T> its result
   * @return the same work, run with the context of the thread that called this method
   */
  public static <T> Callable<T> inheriting(Callable<T> work) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    return () -> {
      Map<String, String> before = MDC.getCopyOfContextMap();
      set(context);
      try {
        return work.call();
      } finally {
        set(before);
      }
    };
  }

  /**
   * Sets one key of this thread's context.
   *
   * @param key the key
   * @param value the value
   */
  public static void put(String key, Object value) {
    MDC.put(key, String.valueOf(value));
  }

  /**
   * Removes one key of this thread's context.
   *
   * @param key the key
   */
  public static void remove(String key) {
    MDC.remove(key);
  }

  private static void set(Map<String, String> context) {
    if (context == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(context);
    }
  }
}
