package io.kosmos.sandbox.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Keeps socket I/O on Unix sockets off virtual threads.
 *
 * <p>junixsocket (2.10, 2.11) serves a read or write from a virtual thread by switching the socket
 * to non-blocking mode and parking the thread until a poll job, run on {@code
 * ForkJoinPool.commonPool()}, sees the socket ready. On a 2-core machine the common pool has one
 * worker, and a poll job for an idle socket holds it: every other virtual thread waiting on a Unix
 * socket then waits for ever (junixsocket issue 172). A socket switched to non-blocking mode also
 * sends the platform threads that read it later through the same poller. The engine runs tasks on
 * virtual threads, so every blocking call of the sandbox on a Unix socket, REST or ZeroMQ, goes
 * through {@link #call}: run in place on a platform thread, handed to a platform thread and awaited
 * from a virtual one (which then parks cheaply on the future).
 */
final class PlatformIo {

  private static final ExecutorService IO =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "kosmos-sandbox-io");
            t.setDaemon(true);
            return t;
          });

  private PlatformIo() {}

  /** Blocking I/O that may throw {@link IOException}. */
  @FunctionalInterface
  interface Action<T> {
    T run() throws IOException;
  }

  /**
   * Runs blocking socket I/O on a platform thread.
   *
   * @param action the I/O
   * @return its result
   * @throws IOException what the action threw, or {@link InterruptedIOException} if the waiting
   *     thread was interrupted (the action is then interrupted too)
   */
  static <T> T call(Action<T> action) throws IOException {
    if (!Thread.currentThread().isVirtual()) {
      return action.run();
    }
    Future<T> future = IO.submit(action::run);
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted");
      interrupted.initCause(e);
      throw interrupted;
    }
  }
}
