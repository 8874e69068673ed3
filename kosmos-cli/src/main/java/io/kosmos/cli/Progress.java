package io.kosmos.cli;

import io.kosmos.api.Finding;
import io.kosmos.api.ResearchEvent;
import io.kosmos.api.ResearchListener;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.TaskGoal;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * The progress display of {@code kosmos run} and {@code kosmos resume}: one plain line per event
 * (cycle k of N, tasks done of the cycle's, findings validated so far), prefixed with the time
 * since the start, so that it reads the same on a terminal and in a CI log.
 */
final class Progress implements ResearchListener {

  private final PrintWriter out;
  private final int cycles;
  private final long start = System.nanoTime();
  private volatile ResearchWorkflow workflow;
  private int planned;
  private int done;

  Progress(PrintWriter out, int cycles) {
    this.out = out;
    this.cycles = cycles;
  }

  /** Lets the display count validated findings at the end of each cycle. */
  void attach(ResearchWorkflow workflow) {
    this.workflow = workflow;
  }

  @Override
  public synchronized void onEvent(ResearchEvent event) {
    switch (event) {
      case ResearchEvent.RunStarted s ->
          print(
              (s.resumed()
                      ? "resuming run " + s.runId() + " at cycle " + s.firstCycle()
                      : "run " + s.runId() + " started")
                  + ": "
                  + s.objective());
      case ResearchEvent.PlanReady p -> {
        planned = p.plan().tasks().size();
        done = 0;
        long exploring =
            p.plan().tasks().stream().filter(t -> t.goal() == TaskGoal.EXPLORATION).count();
        print(
            String.format(
                Locale.ROOT,
                "cycle %d/%d: %d task(s) planned (%d exploring, %d following up)%s",
                p.cycle(),
                cycles,
                planned,
                exploring,
                planned - exploring,
                p.approved() ? "" : "; the plan was not approved and runs anyway"));
        if (p.cycle() == 1 || p.plan().tasks().isEmpty()) {
          print("  " + firstSentences(p.plan().rationale()));
        }
      }
      case ResearchEvent.TaskFinished f -> {
        done++;
        String kind =
            f.task()
                .parameters()
                .getOrDefault("kind", f.task().kind().name().toLowerCase(Locale.ROOT));
        print(
            String.format(
                Locale.ROOT,
                "cycle %d/%d: task %s %s (%s, %d finding(s)); %d/%d tasks done",
                f.cycle(),
                cycles,
                f.task().id(),
                f.succeeded() ? "done" : "FAILED: " + f.failure(),
                kind,
                f.findings(),
                done,
                planned));
      }
      case ResearchEvent.CycleFinished c -> {
        ResearchWorkflow w = workflow;
        String counts = "";
        if (w != null) {
          var findings = w.world().findings();
          long validated = findings.stream().filter(Finding::isValidated).count();
          counts = "; " + findings.size() + " finding(s) so far, " + validated + " validated";
        }
        print(String.format(Locale.ROOT, "cycle %d/%d done%s", c.cycle(), cycles, counts));
      }
      case ResearchEvent.RunFinished r ->
          print(
              String.format(
                  Locale.ROOT,
                  "run finished: %s (%s); %d finding(s), %d validated, %d task(s) done, %d failed",
                  r.result().status(),
                  r.result().stopReason(),
                  r.result().findings().size(),
                  r.result().validatedFindings().size(),
                  r.result().tasksCompleted(),
                  r.result().tasksFailed()));
      default -> {}
    }
  }

  synchronized void print(String line) {
    long s = Duration.ofNanos(System.nanoTime() - start).toSeconds();
    out.printf(Locale.ROOT, "[%02d:%02d] %s%n", s / 60, s % 60, line);
    out.flush();
  }

  private static String firstSentences(String text) {
    int cut = text.indexOf(". Cycle ");
    return cut > 0 ? text.substring(0, cut + 1) : text;
  }
}
