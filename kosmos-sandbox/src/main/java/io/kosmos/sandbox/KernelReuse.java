package io.kosmos.sandbox;

import io.kosmos.api.ExecutionResult;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a container's warm kernel to the next session of the same run ({@link
 * PoolOptions#keepKernel()}), instead of shutting it down and importing the scientific stack again
 * in a new one. When the pool has warmed a container, {@link #snapshot} records in the kernel what
 * a fresh kernel looks like (sys.path, warning filters, working directory) and freezes what it
 * holds out of the garbage collector's way ({@code gc.freeze()}: the imported modules are never
 * garbage, and a full collection over them takes a quarter of a second); when a session gives the
 * container back, {@link #reset} runs, in the kernel, code that kills every process but tini,
 * Jupyter Server and the kernel, empties the writable places, restores the environment, the
 * snapshot and matplotlib's settings, closes the figures and resets IPython's namespace (a new
 * session: execution counts start at 1 again); then the warm-up runs again (the modules are loaded:
 * it only binds their names) and the session's data goes. A reset that fails leaves the container
 * to be discarded. The pool calls both; nothing else does.
 */
final class KernelReuse {

  private static final Logger LOG = LoggerFactory.getLogger(KernelReuse.class);

  private static final String SNAPSHOT =
      """
      def __kosmos_reuse_snapshot():
          import os, sys, types, warnings
          m = types.ModuleType('_kosmos_reuse')
          m.path = list(sys.path)
          m.filters = list(warnings.filters)
          m.cwd = os.getcwd()
          sys.modules['_kosmos_reuse'] = m
          # what the warm kernel holds now (the imported modules) is never garbage: moved out of
          # the collector's generations, it is not walked again by every collection, the reset's
          # included (a full collection over the scientific stack takes a quarter of a second)
          import gc
          gc.collect()
          gc.freeze()
      __kosmos_reuse_snapshot()
      del __kosmos_reuse_snapshot
      """;

  private static final String RESET =
      """
      def __kosmos_reuse_reset():
          import gc, os, shutil, signal, subprocess, sys, time, warnings
          m = sys.modules['_kosmos_reuse']  # no snapshot: fail, and the container is discarded
          keep = {1, os.getpid(), os.getppid()}

          def others():
              found = []
              for name in os.listdir('/proc'):
                  if not name.isdigit() or int(name) in keep:
                      continue
                  try:
                      with open('/proc/%s/stat' % name) as f:
                          state = f.read().rsplit(')', 1)[1].split()[0]
                  except (OSError, IndexError):
                      continue
                  if state not in ('Z', 'X'):
                      found.append(int(name))
              return found

          try:
              os.kill(-1, signal.SIGSTOP)  # every process but this one: none can fork meanwhile
          except OSError:
              pass
          try:
              deadline = time.monotonic() + 5
              while True:
                  victims = others()
                  if not victims:
                      break
                  if time.monotonic() > deadline:
                      raise RuntimeError('processes survive being killed: %s' % victims[:10])
                  for pid in victims:
                      try:
                          os.kill(pid, signal.SIGKILL)
                      except OSError:
                          pass
                  time.sleep(0.01)
          finally:
              os.kill(os.getppid(), signal.SIGCONT)
          while True:
              try:
                  if os.waitpid(-1, os.WNOHANG)[0] == 0:
                      break
              except ChildProcessError:
                  break

          with open('/proc/self/environ', 'rb') as f:
              initial = [e.split(b'=', 1) for e in f.read().split(b'\\0') if b'=' in e]
          os.environ.clear()
          os.environ.update({os.fsdecode(k): os.fsdecode(v) for k, v in initial})
          # files the server and this kernel still use; everything else a session could leave
          # (an IPython startup file, a matplotlibrc, a kernel spec) goes
          spare = {
              '/tmp/kosmos/jupyter/runtime': ('kernel-', 'jpserver-'),
              '/tmp/kosmos/ipython/profile_default': ('history.sqlite',),
              '/tmp/kosmos/matplotlib': ('fontlist',),
          }

          def clean(directory):
              try:
                  names = os.listdir(directory)
              except FileNotFoundError:
                  return
              for name in names:
                  path = os.path.join(directory, name)
                  if os.path.isdir(path) and not os.path.islink(path):
                      if any(k == path or k.startswith(path + '/') for k in spare):
                          clean(path)
                      else:
                          shutil.rmtree(path)
                  elif not name.startswith(spare.get(directory, ('/',))):
                      os.unlink(path)

          for d in ('/workspace', '/dev/shm', '/dev/mqueue', '/tmp'):
              clean(d)
          made = subprocess.run(['/usr/local/bin/kosmos-kernel-server', 'true'],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
          if made.returncode != 0:
              raise RuntimeError('the entrypoint could not make the writable directories')
          subprocess.run(['ipcrm', '--all'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
          os.chdir(m.cwd)
          sys.path[:] = m.path
          warnings.filters[:] = m.filters
          getattr(warnings, '_filters_mutated', lambda: None)()
          if 'matplotlib' in sys.modules:
              import matplotlib
              if 'matplotlib.pyplot' in sys.modules:
                  sys.modules['matplotlib.pyplot'].close('all')
              matplotlib.rc_file_defaults()
          get_ipython().reset(new_session=True)
          gc.collect()
          gc.freeze()  # what survived the reset (modules the session imported) is the kernel's now
      __kosmos_reuse_reset()
      """;

  private KernelReuse() {}

  /**
   * Records what the warm kernel looks like; a kernel without the record is not kept.
   *
   * @param container a container the pool just warmed
   * @param timeout how long it may take
   */
  static void snapshot(SandboxContainer container, Duration timeout) {
    try {
      ExecutionResult r = container.channel.runSilently(SNAPSHOT, timeout);
      if (!r.isOk()) {
        LOG.info("cannot record the fresh state of {}; it will not be reused", container);
      }
    } catch (IOException | RuntimeException e) {
      LOG.info("cannot record the fresh state of {} ({}); it will not be reused", container, e);
    }
  }

  /**
   * Makes a container that served a session clean for the next session of its run, keeping its
   * kernel.
   *
   * @param container the container
   * @param warmup the warm-up code, run again once the namespace is fresh
   * @param timeout how long it may take
   * @throws IOException if the kernel did not come back clean; the container must be discarded
   */
  static void reset(SandboxContainer container, String warmup, Duration timeout)
      throws IOException {
    if (container.channel == null || !container.channel.isOpen()) {
      throw new IOException("the kernel's channel is closed");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    check(container.channel.runSilently(RESET, timeout), "reset");
    if (!warmup.isBlank()) {
      check(container.channel.runSilently(warmup, remaining(deadline)), "warm-up");
    }
    container.hostDir.clearData();
  }

  private static void check(ExecutionResult r, String what) throws IOException {
    if (!r.isOk()) {
      throw new IOException(
          "the kernel's "
              + what
              + " failed: "
              + r.errorOutput().map(e -> e.name() + ": " + e.value()).orElse("?"));
    }
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
  }
}
