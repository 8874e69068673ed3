package io.kosmos.cli;

import io.kosmos.api.ResearchWorkflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C (or a {@code kill}) does to {@code kosmos run} and {@code kosmos resume}: instead of
 * the JVM dying mid-write, a shutdown hook stops the workflow (tasks under way are interrupted),
 * waits for the command to finish saving (run.json with status CANCELLED, the report, the sandbox
 * closed), and says how to continue. The run directory is consistent either way, since every commit
 * is atomic; this makes the end visible and keeps the report and the containers in order.
 *
 * <pre>{@code
 * try (Interruption interruption = Interruption.install(out, dir, SAVE_WAIT)) {
 *   interruption.watch(workflow);
 *   ... run ...
 * }
 * }</pre>
 */
final class Interruption implements AutoCloseable {

  /** How long the hook waits for the run to save before the JVM ends anyway. */
  static final Duration SAVE_WAIT = Duration.ofSeconds(60);

  private final Console out;
  private final Path dir;
  private final Duration wait;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;
  private volatile ResearchWorkflow workflow;
  private volatile boolean interrupted;

  private Interruption(Console out, Path dir, Duration wait) {
    this.out = out;
    this.dir = dir;
    this.wait = wait;
    this.hook = new Thread(this::onSignal, "kosmos-interrupt");
  }

  /**
   * Installs the hook for one run.
   *
   * @param out where the messages go
   * @param dir the run directory, for the resume hint
   * @param wait how long to wait for the run to save
   * @return the installed hook; close it when the command is done
   */
  static Interruption install(Console out, Path dir, Duration wait) {
    Interruption i = new Interruption(out, dir, wait);
    Runtime.getRuntime().addShutdownHook(i.hook);
    return i;
  }

  /**
   * Makes the hook stop this workflow.
   *
   * @param workflow the workflow under way
   */
  void watch(ResearchWorkflow workflow) {
    this.workflow = workflow;
  }

  /**
   * Whether the run was interrupted by a signal.
   *
   * @return whether the hook ran
   */
  boolean interrupted() {
    return interrupted;
  }

  /** Runs when the JVM is asked to stop before the command is done. */
  void onSignal() {
    if (finished.getCount() == 0) {
      return;
    }
    interrupted = true;
    if (!out.json()) {
      out.writer().println();
    }
    out.line("Interrupted: stopping the tasks under way and saving the run...");
    ResearchWorkflow w = workflow;
    if (w != null) {
      w.close();
    }
    try {
      if (!finished.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        out.line(
            "The run did not finish saving within "
                + wait.toSeconds()
                + " s; what it committed is kept.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.line("The run was interrupted; continue it with: kosmos resume " + dir.toAbsolutePath());
  }

  /** The command is done: the hook is no longer needed. */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it prints the resume hint once it sees the latch
    }
  }
}
