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
 * travels.
 *
 * <p>Output written to file descriptors 1 and 2 directly (C code, subprocesses) goes through the
 * same cap: the guard reads the pipes ipykernel puts behind them itself, in place of ipykernel's
 * watcher thread, and empties them before every write, every flush and the reply. So that output
 * arrives with its cell and in its place among the cell's prints (the watcher handed it over
 * whenever it was scheduled, sometimes after the cell had ended), and a UTF-8 character split
 * between two reads no longer stops it for good. Knowing the pipes empty, the guard skips the
 * flushes of empty streams (each a round trip through ipykernel's IO thread, six per cell) and
 * ipykernel's 0.5 ms sleep before each reply.
 *
 * <p>The guard also keeps the kernel able to reply: ipykernel flushes {@code sys.stdout} after each
 * cell and sends no reply if that fails, so the guard refuses {@code close()}, and after each cell
 * puts itself back where code left a closed or missing stream. (Code that reaches ipykernel's own
 * stream can still silence the kernel; {@link KernelSession} tells such a kernel from a slow cell.)
 *
 * <p>The same code meters each cell: before it, it notes the process's CPU time (its own and its
 * finished children's) and resets the kernel's peak resident memory ({@code
 * /proc/self/clear_refs}); the {@code execute_reply}'s metadata then carries, under {@link
 * #USAGE_KEY}, the CPU nanoseconds since and the peak ({@code VmHWM}) in bytes, which {@link
 * Execution} turns into the result's {@link io.kosmos.api.ResourceUsage}, for failed cells too.
 */
public final class OutputGuard {

  /** The MIME type of the guard's report. */
  static final String DROPPED_MIME = "application/vnd.kosmos.output-dropped+json";

  /**
   * The meter's entry in an {@code execute_reply}'s metadata: {@code {"cpu_ns": ..., "peak_bytes":
   * ...}}.
   */
  static final String USAGE_KEY = "kosmos_usage";

  private static final String CODE =
      """
      def __kosmos_output_guard(limit):
          import codecs, os, resource, select, sys, threading, time
          from IPython import get_ipython
          from IPython.display import publish_display_data
          ip = get_ipython()
          if ip is None or getattr(sys.stdout, '_kosmos_guard', False):
              return
          state = {'n': 0, 'dropped': 0, 'metered': False}
          pipes = {}
          ready = select.poll()
          pipe_lock = threading.Lock()
          owner = os.getpid()

          def drain():
              # Everything written to fd 1 and 2 so far, into the streams (through the guards),
              # before the caller goes on: called before every write, flush and reply. A forked
              # child leaves the pipes to the kernel (its copy of the lock may be held for good).
              if not pipes or os.getpid() != owner:
                  return
              with pipe_lock:
                  for fd, event in ready.poll(0):
                      pipe = pipes.get(fd)
                      if pipe is not None and event & select.POLLIN:
                          pipe.read()

          class Guard:
              _kosmos_guard = True

              def __init__(self, stream):
                  self.__dict__['_stream'] = stream
                  self.__dict__['_sending'] = None
                  inner = getattr(stream, '_flush', None)
                  if callable(inner) and hasattr(stream, '_buffer_lock'):
                      # ipykernel's flush empties the buffer first and sends after: while it
                      # sends, the buffer is empty but its output not yet out.
                      sending = threading.Lock()

                      def _flush():
                          if os.getpid() != owner:
                              return inner()  # a forked child's copy of the lock may be held
                          with sending:
                              return inner()

                      try:
                          stream._flush = _flush
                          self.__dict__['_sending'] = sending
                      except (AttributeError, TypeError):
                          pass

              def put(self, text):
                  stream = self.__dict__['_stream']
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

              def write(self, text):
                  if not isinstance(text, str):
                      return self.__dict__['_stream'].write(text)
                  drain()
                  return self.put(text)

              def flush(self):
                  # ipykernel flushes both streams several times per cell, each time a round trip
                  # through its IO thread; an empty stream has nothing to send.
                  drain()
                  stream = self.__dict__['_stream']
                  sending = self.__dict__['_sending']
                  if sending is not None and state['skip'] and os.getpid() == owner:
                      # Empty, and no flush of the IO thread halfway: what it sends is queued
                      # before whatever the caller sends next (the reply's idle status).
                      with sending, stream._buffer_lock:
                          buffer = getattr(stream, '_buffer', None)
                          if buffer is not None and not buffer.closed and buffer.tell() == 0:
                              return None
                  return stream.flush()

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

          class Pipe:
              # One of ipykernel's pipes behind fd 1 and 2 (C code, subprocesses), read here in
              # place of its watcher thread, which hands the output over at some later moment and
              # stops for good at a UTF-8 character split between two reads.
              def __init__(self, stream, guard, number):
                  self.fd = stream._fid
                  self.guard = guard
                  self.echo = getattr(stream, '_original_stdstream_copy', None)
                  self.decoder = codecs.getincrementaldecoder('utf-8')('replace')
                  ours, theirs = os.fstat(number), os.fstat(self.fd)
                  if (ours.st_dev, ours.st_ino) != (theirs.st_dev, theirs.st_ino):
                      raise OSError('fd %%d is not the pipe' %% number)
                  old = getattr(stream, 'watch_fd_thread', None)
                  if old is not None and old.is_alive():
                      # It stops after its next read: give it one, which it drops.
                      stream._should_watch = False
                      os.write(number, b'\\n')
                      old.join(2)
                  os.set_blocking(self.fd, False)

              def read(self):
                  while True:
                      try:
                          data = os.read(self.fd, 65536)
                      except (BlockingIOError, InterruptedError):
                          return
                      except OSError:
                          return
                      if not data:
                          return
                      text = self.decoder.decode(data)
                      if text:
                          self.guard.put(text)
                      if self.echo is not None:
                          try:
                              os.write(self.echo, data)
                          except OSError:
                              pass

          def watch(poller):
              # Output written while no cell runs (a background thread's) still goes out.
              while True:
                  try:
                      for fd, event in poller.poll():
                          if not event & select.POLLIN:
                              poller.unregister(fd)
                      drain()
                  except Exception:
                      time.sleep(0.1)

          # Empty flushes can be skipped only if every pipe is read here.
          state['skip'] = True
          for name, number in (('stdout', 1), ('stderr', 2)):
              stream = getattr(sys, name)
              if getattr(stream, '_fid', None) is None:
                  continue
              try:
                  pipes[stream._fid] = Pipe(stream, guards[name], number)
              except (OSError, AttributeError):
                  state['skip'] = False
          if pipes:
              waiting = select.poll()
              for fd in pipes:
                  ready.register(fd, select.POLLIN)
                  waiting.register(fd, select.POLLIN)
              threading.Thread(target=watch, args=(waiting,), name='kosmos-pipes', daemon=True).start()
          sys.stdout = guards['stdout']
          sys.stderr = guards['stderr']
          kernel = getattr(ip, 'kernel', None)
          if state['skip'] and kernel is not None and hasattr(kernel, '_execute_sleep'):
              # ipykernel sleeps 0.5 ms before each reply so that late output can go first; the
              # flushes above send it, drained, before the reply.
              kernel._execute_sleep = 0

          def usable(stream):
              try:
                  return stream is not None and callable(stream.write) and not stream.closed
              except Exception:
                  return False

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

          def before(*args, **kwargs):
              state['n'] = 0
              state['dropped'] = 0
              state['cpu0'] = cpu_now()
              state['metered'] = True
              reset_peak()

          def after(*args, **kwargs):
              for name, guard in guards.items():
                  if not usable(getattr(sys, name, None)):
                      setattr(sys, name, guard)
              drain()
              if state['dropped']:
                  sys.stdout.flush()
                  sys.stderr.flush()
                  publish_display_data({'%s': {'bytes': state['dropped']}})
                  state['dropped'] = 0

          ip.events.register('pre_run_cell', before)
          ip.events.register('post_run_cell', after)

          if kernel is not None and hasattr(kernel, 'finish_metadata'):
              finish_metadata = kernel.finish_metadata

              def metered(parent, metadata, reply_content):
                  metadata = finish_metadata(parent, metadata, reply_content)
                  if state['metered']:
                      state['metered'] = False
                      metadata['%s'] = {'cpu_ns': int((cpu_now() - state['cpu0']) * 1e9),
                                        'peak_bytes': peak_rss()}
                  return metadata

              kernel.finish_metadata = metered

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
    return CODE.formatted(DROPPED_MIME, USAGE_KEY, limitFor(maxOutputBytes));
  }

  /**
   * The bytes the guard lets through per cell for a JVM-side cap: twice the cap, at least 64 KiB.
   */
  static long limitFor(long maxOutputBytes) {
    return Math.max(64 * 1024, 2 * maxOutputBytes);
  }

  /**
   * The meter's reading from a reply's metadata entry ({@link #USAGE_KEY}); unknown when it is
   * missing (a cell the kernel did not run) or malformed.
   */
  static ResourceUsage usageOf(JsonNode entry) {
    JsonNode cpu = entry.path("cpu_ns");
    JsonNode peak = entry.path("peak_bytes");
    if (!cpu.isIntegralNumber() || !peak.isIntegralNumber()) {
      return ResourceUsage.UNKNOWN;
    }
    return new ResourceUsage(
        peak.asLong() >= 0 ? peak.asLong() : -1, cpu.asLong() >= 0 ? cpu.asLong() : -1);
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
    io.kosmos.api.ExecutionResult r =
        channel.runSilently(PlainCell.of(code(maxOutputBytes), "<kosmos-output-guard>"), timeout);
    if (!r.isOk()) {
      throw new IOException(
          "the output guard did not install: "
              + r.errorOutput().map(e -> e.name() + ": " + e.value()).orElse("?"));
    }
  }
}
