package io.kosmos.sandbox.internal;

import io.kosmos.api.SandboxUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a cell and tells a slow cell from a kernel that will never answer it.
 *
 * <p>A kernel can finish a cell and send no reply: ipykernel flushes {@code sys.stdout} before it
 * replies, and gives up on the reply when that fails (code closed or replaced the stream, or
 * changed how the kernel sends messages). Waiting out the cell's whole time limit and calling it a
 * timeout would be slow and wrong. So once a cell has run for a while, the wait sends a {@code
 * kernel_info_request} on the same socket: a kernel that handles one request after another answers
 * it only when it is done with the cell, and the channel reads replies in order, so a probe
 * answered before the cell's reply means the cell's reply will never come.
 */
final class CellWait {

  /** How a wait ended. */
  enum Outcome {
    /** The execution ended (completed, kernel died or channel closed). */
    DONE,
    /** The kernel answered a later request but never the cell. */
    NOT_REPLYING,
    /** The time limit passed. */
    TIME_UP
  }

  private static final long PROBE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private CellWait() {}

  /**
   * Waits for an execution.
   *
   * @param channel the kernel's channel
   * @param execution the execution
   * @param timeout the cell's time limit
   * @param probe whether to probe: only for kernels known to answer shell requests in order
   * @return how the wait ended
   */
  static Outcome await(
      KernelChannel channel, Execution execution, Duration timeout, boolean probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextProbe = System.nanoTime() + PROBE_AFTER_NANOS;
    KernelChannel.Probe inFlight = null;
    try {
      while (true) {
        long now = System.nanoTime();
        long until =
            !probe ? deadline : Math.min(deadline, inFlight == null ? nextProbe : now + POLL_NANOS);
        if (execution.await(Duration.ofNanos(Math.max(1, until - now)))) {
          return Outcome.DONE;
        }
        now = System.nanoTime();
        if (now >= deadline) {
          return Outcome.TIME_UP;
        }
        if (inFlight == null) {
          if (now >= nextProbe) {
            inFlight = send(channel);
            nextProbe = now + PROBE_AFTER_NANOS;
          }
        } else if (inFlight.reply().isDone()) {
          boolean answered = !inFlight.reply().isCompletedExceptionally();
          channel.forgetReply(inFlight.msgId());
          inFlight = null;
          nextProbe = now + PROBE_AFTER_NANOS;
          if (answered && !execution.replied() && !execution.isDone()) {
            return Outcome.NOT_REPLYING;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxUnavailableException("interrupted while waiting for a cell", e);
    } finally {
      if (inFlight != null) {
        channel.forgetReply(inFlight.msgId());
      }
    }
  }

  private static KernelChannel.Probe send(KernelChannel channel) {
    try {
      return channel.probe();
    } catch (IOException e) {
      // The channel is failing; its executions end on their own.
      return null;
    }
  }
}
