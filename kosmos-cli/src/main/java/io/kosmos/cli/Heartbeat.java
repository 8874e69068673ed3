package io.kosmos.cli;

import io.kosmos.api.ResearchEvent;
import io.kosmos.api.ResearchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A line every {@link #PERIOD} (to within a {@link #TICK}) for each task still running, so that a
 * user watching {@code kosmos run} never waits minutes in silence while a long cell (or a cell that
 * loops) holds a task: {@code cycle 1/2: cell 7 of task c1-t02 running for 2 min (task running for
 * 3 min 10 s)} while a cell runs, {@code cycle 1/2: task c1-t02 still running (2 min 30 s)} between
 * cells (the model is thinking). The events say when tasks and cells start and finish; a daemon
 * thread ticks.
 */
final class Heartbeat implements ResearchListener, AutoCloseable {

  /** How often a running task is mentioned. */
  static final Duration PERIOD = Duration.ofSeconds(30);

  /** How long a cell must have run to be named with its own time. */
  static final Duration CELL_SHOWN_AFTER = Duration.ofSeconds(2);

  /** How often the ticker looks; a task is mentioned once {@link #PERIOD} has passed. */
  static final Duration TICK = Duration.ofSeconds(1);

  private static final class Running {
    final int cycle;
    final long startNanos;
    long mentionedNanos;
    int cell = -1;
    long cellStartNanos;

    Running(int cycle, long startNanos) {
      this.cycle = cycle;
      this.startNanos = startNanos;
      this.mentionedNanos = startNanos;
    }
  }

  private final Consumer<String> print;
  private final int cycles;
  private final LongSupplier nanos;
  private final Map<String, Running> running = new LinkedHashMap<>();
  private final ScheduledExecutorService ticker;

  private Heartbeat(Consumer<String> print, int cycles, LongSupplier nanos, boolean tick) {
    this.print = print;
    this.cycles = cycles;
    this.nanos = nanos;
    this.ticker =
        tick
            ? Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("kosmos-heartbeat").unstarted(r))
            : null;
    if (ticker != null) {
      ticker.scheduleAtFixedRate(
          this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Starts ticking.
   *
   * @param print where the lines go (the progress display's printer)
   * @param cycles the cycles of the run, for "cycle k/N"
   * @return the heartbeat; close it when the run ends
   */
  static Heartbeat start(Consumer<String> print, int cycles) {
    return new Heartbeat(print, cycles, System::nanoTime, true);
  }

  /** A heartbeat that does not tick by itself, for tests. */
  static Heartbeat manual(Consumer<String> print, int cycles, LongSupplier nanos) {
    return new Heartbeat(print, cycles, nanos, false);
  }

  @Override
  public synchronized void onEvent(ResearchEvent event) {
    if (event instanceof ResearchEvent.TaskStarted s) {
      running.put(s.task().id(), new Running(s.cycle(), nanos.getAsLong()));
    } else if (event instanceof ResearchEvent.CellStarted c) {
      Running r = running.get(c.task().id());
      if (r != null) {
        r.cell = c.cellIndex();
        r.cellStartNanos = nanos.getAsLong();
      }
    } else if (event instanceof ResearchEvent.CellFinished c) {
      Running r = running.get(c.task().id());
      if (r != null && r.cell == c.cellIndex()) {
        r.cell = -1;
      }
    } else if (event instanceof ResearchEvent.TaskFinished f) {
      running.remove(f.task().id());
    } else if (event instanceof ResearchEvent.RunFinished) {
      running.clear();
    }
  }

  /** Prints a line for every task not mentioned (or started) for a period. */
  void tick() {
    List<String> lines = new ArrayList<>();
    synchronized (this) {
      long now = nanos.getAsLong();
      for (Map.Entry<String, Running> e : running.entrySet()) {
        Running r = e.getValue();
        if (now - r.mentionedNanos >= PERIOD.toNanos()) {
          r.mentionedNanos = now;
          String task = human(Duration.ofNanos(now - r.startNanos));
          // a cell that has just started says little: short cells come and go within a tick
          boolean cellLine = r.cell >= 0 && now - r.cellStartNanos >= CELL_SHOWN_AFTER.toNanos();
          lines.add(
              cellLine
                  ? String.format(
                      Locale.ROOT,
                      "cycle %d/%d: cell %d of task %s running for %s (task running for %s)",
                      r.cycle,
                      cycles,
                      r.cell,
                      e.getKey(),
                      human(Duration.ofNanos(now - r.cellStartNanos)),
                      task)
                  : String.format(
                      Locale.ROOT,
                      "cycle %d/%d: task %s still running (%s)%s",
                      r.cycle,
                      cycles,
                      e.getKey(),
                      task,
                      r.cell >= 0 ? ", at cell " + r.cell : ""));
        }
      }
    }
    lines.forEach(print);
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + " s";
    }
    return s % 60 == 0 ? s / 60 + " min" : s / 60 + " min " + s % 60 + " s";
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }
}
