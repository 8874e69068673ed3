package io.kosmos.cli;

import io.kosmos.api.Finding;
import io.kosmos.api.ResearchEvent;
import io.kosmos.api.ResearchListener;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.TaskGoal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The progress display of {@code kosmos run} and {@code kosmos resume}: one plain line per event
 * (cycle k of N, tasks done of the cycle's, findings validated so far), prefixed with the time
 * since the start, so that it reads the same on a terminal and in a CI log. In the JSON log each
 * line is an event of the logger {@code kosmos} with the same message and its numbers as fields
 * ({@code event}, {@code cycle}, {@code task}, {@code findings} ...); the run, cycle and task come
 * from the engine's log context as well.
 */
final class Progress implements ResearchListener {

  private final Console out;
  private final int cycles;
  private final long start = System.nanoTime();
  private volatile ResearchWorkflow workflow;
  private int planned;
  private int done;

  Progress(Console out, int cycles) {
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
                  + s.objective(),
              fields("event", "run_started", "run_id", s.runId(), "cycle", s.firstCycle()));
      case ResearchEvent.PlanReady p -> planReady(p);
      case ResearchEvent.TaskFinished f -> taskFinished(f);
      case ResearchEvent.CycleFinished c -> cycleFinished(c);
      case ResearchEvent.RunFinished r -> runFinished(r);
      default -> {}
    }
  }

  private void planReady(ResearchEvent.PlanReady p) {
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
            p.approved() ? "" : "; the plan was not approved and runs anyway"),
        fields("event", "plan_ready", "cycle", p.cycle(), "tasks", planned));
    if (p.cycle() == 1 || p.plan().tasks().isEmpty()) {
      print("  " + firstSentences(p.plan().rationale()));
    }
  }

  private void taskFinished(ResearchEvent.TaskFinished f) {
    done++;
    String kind =
        f.task().parameters().getOrDefault("kind", f.task().kind().name().toLowerCase(Locale.ROOT));
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
            planned),
        fields(
            "event",
            "task_finished",
            "cycle",
            f.cycle(),
            "task",
            f.task().id(),
            "succeeded",
            f.succeeded(),
            "findings",
            f.findings(),
            "elapsed_s",
            f.elapsed().toMillis() / 1000.0));
  }

  private void cycleFinished(ResearchEvent.CycleFinished c) {
    ResearchWorkflow w = workflow;
    String counts = "";
    Map<String, Object> f = fields("event", "cycle_finished", "cycle", c.cycle());
    if (w != null) {
      var findings = w.world().findings();
      long validated = findings.stream().filter(Finding::isValidated).count();
      counts = "; " + findings.size() + " finding(s) so far, " + validated + " validated";
      f.put("findings", findings.size());
      f.put("validated", validated);
    }
    print(String.format(Locale.ROOT, "cycle %d/%d done%s", c.cycle(), cycles, counts), f);
  }

  private void runFinished(ResearchEvent.RunFinished r) {
    var result = r.result();
    print(
        String.format(
            Locale.ROOT,
            "run finished: %s (%s); %d finding(s), %d validated, %d task(s) done, %d failed",
            result.status(),
            result.stopReason(),
            result.findings().size(),
            result.validatedFindings().size(),
            result.tasksCompleted(),
            result.tasksFailed()),
        fields(
            "event",
            "run_finished",
            "run_id",
            result.runId(),
            "status",
            result.status().name(),
            "findings",
            result.findings().size(),
            "validated",
            result.validatedFindings().size(),
            "tasks_done",
            result.tasksCompleted(),
            "tasks_failed",
            result.tasksFailed()));
  }

  void print(String line) {
    print(line, fields());
  }

  synchronized void print(String line, Map<String, Object> fields) {
    if (out.json()) {
      out.line(line, fields);
      return;
    }
    long s = Duration.ofNanos(System.nanoTime() - start).toSeconds();
    out.line(String.format(Locale.ROOT, "[%02d:%02d] %s", s / 60, s % 60, line));
  }

  /** Event fields in the order given: key, value, key, value ... */
  private static Map<String, Object> fields(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static String firstSentences(String text) {
    int cut = text.indexOf(". Cycle ");
    return cut > 0 ? text.substring(0, cut + 1) : text;
  }
}
