package io.kosmos.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.ResourceUsage;
import java.io.IOException;
import java.time.Duration;

/**
 * Caps output inside the kernel, before it is sent: a cell that prints 100 MB would otherwise have
 * the kernel, Jupyter Server and the JVM each hold it (and the container run out of memory on the
 * way). The guard wraps {@code sys.stdout} and {@code sys.stderr}; per cell it passes the first
 * {@code limit} bytes, counts and drops the rest, and after the cell reports the dropped count as a
 * display message of type {@link #DROPPED_MIME}, which {@link Execution} adds to the bytes produced
 * instead of showing it. The JVM-side cap stays the authoritative one; the guard only bounds what
 * travels. Output written to file descriptors directly (subprocesses) bypasses it.
 *
 * <p>The guard also keeps the kernel able to reply: ipykernel flushes {@code sys.stdout} after each
 * cell and sends no reply if that fails, so the guard refuses {@code close()}, and after each cell
 * puts itself back where code left a closed or missing stream. (Code that reaches ipykernel's own
 * stream can still silence the kernel; {@link KernelSession} tells such a kernel from a slow cell.)
 *
 * <p>The same code meters each cell: before it, it notes the process's CPU time (its own and its
 * finished children's) and resets the kernel's peak resident memory ({@code
 * /proc/self/clear_refs}); after it, the expression {@link #USAGE_EXPRESSION}, sent with every
 * {@code execute_request} as a user expression, returns the CPU nanoseconds since and the peak
 * ({@code VmHWM}) in bytes, which {@link Execution} turns into the result's {@link
 * io.kosmos.api.ResourceUsage}.
 */
public final class OutputGuard {

  /** The MIME type of the guard's report. */
  static final String DROPPED_MIME = "application/vnd.kosmos.output-dropped+json";

  /** The user expression that reads the meter: {@code "<cpu nanoseconds> <peak bytes>"}. */
  static final String USAGE_EXPRESSION = "__import__('_kosmos_usage').usage()";

  /** The name of that user expression in the request and the reply. */
  static final String USAGE_KEY = "kosmos_usage";

  private static final String CODE =
      """
      def __kosmos_output_guard(limit):
          import sys
          from IPython import get_ipython
          from IPython.display import publish_display_data
          ip = get_ipython()
          if ip is None or getattr(sys.stdout, '_kosmos_guard', False):
              return
          state = {'n': 0, 'dropped': 0}

          class Guard:
              _kosmos_guard = True

              def __init__(self, stream):
                  self.__dict__['_stream'] = stream

              def write(self, text):
                  stream = self.__dict__['_stream']
                  if not isinstance(text, str):
                      return stream.write(text)
                  n = len(text) if text.isascii() else len(text.encode('utf-8', 'replace'))
                  room = limit - state['n']
                  state['n'] += n
                  if room <= 0:
                      state['dropped'] += n
                      return len(text)
                  if n > room:
                      state['dropped'] += n - room
                      stream.write(text[:room])
                      return len(text)
                  return stream.write(text)

              def close(self):
                  # ipykernel flushes the stream after every cell: closed, it could never send
                  # the cell's reply again. Refused, quietly.
                  return None

              @property
              def closed(self):
                  return False

              def __getattr__(self, name):
                  return getattr(self.__dict__['_stream'], name)

              def __setattr__(self, name, value):
                  setattr(self.__dict__['_stream'], name, value)

          guards = {'stdout': Guard(sys.stdout), 'stderr': Guard(sys.stderr)}
          sys.stdout = guards['stdout']
          sys.stderr = guards['stderr']

          def usable(stream):
              try:
                  return stream is not None and callable(stream.write) and not stream.closed
              except Exception:
                  return False

          import os, resource, types

          def cpu_now():
              t = os.times()
              return t.user + t.system + t.children_user + t.children_system

          def reset_peak():
              try:
                  with open('/proc/self/clear_refs', 'w') as f:
                      f.write('5')
              except OSError:
                  pass

          def peak_rss():
              try:
                  with open('/proc/self/status') as f:
                      for line in f:
                          if line.startswith('VmHWM:'):
                              return int(line.split()[1]) * 1024
              except (OSError, ValueError):
                  pass
              return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

          state['cpu0'] = cpu_now()
          meter = types.ModuleType('_kosmos_usage')
          meter.usage = lambda: '{} {}'.format(int((cpu_now() - state['cpu0']) * 1e9), peak_rss())
          sys.modules['_kosmos_usage'] = meter

          def before(*args, **kwargs):
              state['n'] = 0
              state['dropped'] = 0
              state['cpu0'] = cpu_now()
              reset_peak()

          def after(*args, **kwargs):
              for name, guard in guards.items():
                  if not usable(getattr(sys, name, None)):
                      setattr(sys, name, guard)
              if state['dropped']:
                  sys.stdout.flush()
                  sys.stderr.flush()
                  publish_display_data({'%s': {'bytes': state['dropped']}})
                  state['dropped'] = 0

          ip.events.register('pre_run_cell', before)
          ip.events.register('post_run_cell', after)

      __kosmos_output_guard(%d)
      del __kosmos_output_guard
      """;

  private OutputGuard() {}

  /**
   * The guard's Python code for a cap, to set up another kernel the same way (the benchmark does).
   *
   * @param maxOutputBytes the JVM-side cap
   * @return Python source
   */
  public static String code(long maxOutputBytes) {
    return CODE.formatted(DROPPED_MIME, limitFor(maxOutputBytes));
  }

  /**
   * The bytes the guard lets through per cell for a JVM-side cap: twice the cap, at least 64 KiB.
   */
  static long limitFor(long maxOutputBytes) {
    return Math.max(64 * 1024, 2 * maxOutputBytes);
  }

  /**
   * The meter's reading from a reply's user expression: {@code 'cpuNanos peakBytes'} as the repr of
   * a Python string; unknown when the expression failed or is missing.
   */
  static ResourceUsage usageOf(JsonNode expression) {
    if (!"ok".equals(expression.path("status").asText())) {
      return ResourceUsage.UNKNOWN;
    }
    String text = expression.path("data").path("text/plain").asText("").replace("'", "").strip();
    String[] parts = text.split(" ");
    if (parts.length != 2) {
      return ResourceUsage.UNKNOWN;
    }
    try {
      long cpu = Long.parseLong(parts[0]);
      long peak = Long.parseLong(parts[1]);
      return new ResourceUsage(peak >= 0 ? peak : -1, cpu >= 0 ? cpu : -1);
    } catch (NumberFormatException e) {
      return ResourceUsage.UNKNOWN;
    }
  }

  /**
   * Installs the guard in the kernel behind a channel.
   *
   * @param channel the kernel's channel
   * @param maxOutputBytes the JVM-side cap
   * @param timeout how long it may take
   * @throws IOException if the kernel does not run it
   */
  public static void install(KernelChannel channel, long maxOutputBytes, Duration timeout)
      throws IOException {
    io.kosmos.api.ExecutionResult r = channel.runSilently(code(maxOutputBytes), timeout);
    if (!r.isOk()) {
      throw new IOException(
          "the output guard did not install: "
              + r.errorOutput().map(e -> e.name() + ": " + e.value()).orElse("?"));
    }
  }
}
