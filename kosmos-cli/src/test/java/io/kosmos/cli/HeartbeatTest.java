package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.ResearchEvent;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every task still running is mentioned every 30 s, and only while it runs. */
class HeartbeatTest {

  private static Task task(String id) {
    return Task.builder(TaskKind.DATA_ANALYSIS).id(id).description("look").build();
  }

  @Test
  void aTaskRunningLongerThanAPeriodIsMentionedUntilItFinishes() {
    List<String> lines = new ArrayList<>();
    AtomicLong now = new AtomicLong();
    Heartbeat heartbeat = Heartbeat.manual(lines::add, 2, now::get);
    heartbeat.onEvent(new ResearchEvent.TaskStarted(1, task("c1-t01")));
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    heartbeat.onEvent(new ResearchEvent.TaskStarted(1, task("c1-t02")));

    now.addAndGet(Duration.ofSeconds(20).toNanos());
    heartbeat.tick();
    assertThat(lines).containsExactly("cycle 1/2: task c1-t01 still running (30 s)");

    now.addAndGet(Duration.ofSeconds(5).toNanos());
    heartbeat.tick();
    // c1-t01 was mentioned 5 s ago, c1-t02 started 25 s ago: nothing yet
    assertThat(lines).hasSize(1);
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    heartbeat.tick();
    assertThat(lines).endsWith("cycle 1/2: task c1-t02 still running (30 s)");

    now.addAndGet(Duration.ofSeconds(110).toNanos());
    heartbeat.tick();
    assertThat(lines)
        .endsWith(
            "cycle 1/2: task c1-t01 still running (2 min 30 s)",
            "cycle 1/2: task c1-t02 still running (2 min 20 s)");

    heartbeat.onEvent(
        new ResearchEvent.TaskFinished(1, task("c1-t01"), true, 1, Duration.ofMinutes(2), null));
    lines.clear();
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    heartbeat.tick();
    assertThat(lines).containsExactly("cycle 1/2: task c1-t02 still running (2 min 50 s)");
    heartbeat.close();
  }

  @Test
  void aRunningCellIsNamedWithHowLongItHasRun() {
    List<String> lines = new ArrayList<>();
    AtomicLong now = new AtomicLong();
    Heartbeat heartbeat = Heartbeat.manual(lines::add, 2, now::get);
    Task t = task("c1-t02");
    heartbeat.onEvent(new ResearchEvent.TaskStarted(1, t));
    now.addAndGet(Duration.ofSeconds(50).toNanos());
    heartbeat.onEvent(new ResearchEvent.CellStarted(1, t, 7));

    now.addAndGet(Duration.ofSeconds(120).toNanos());
    heartbeat.tick();
    assertThat(lines)
        .containsExactly(
            "cycle 1/2: cell 7 of task c1-t02 running for 2 min (task running for 2 min 50 s)");

    // a `while True: pass` cell is named every 30 s for as long as it runs
    for (int i = 0; i < 4; i++) {
      now.addAndGet(Duration.ofSeconds(30).toNanos());
      heartbeat.tick();
    }
    assertThat(lines).hasSize(5);
    assertThat(lines.getLast()).startsWith("cycle 1/2: cell 7 of task c1-t02 running for 4 min (");

    // between cells the model is thinking: the task line again
    heartbeat.onEvent(new ResearchEvent.CellFinished(1, t, 7, Duration.ofMinutes(4), false));
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    heartbeat.tick();
    assertThat(lines.getLast()).isEqualTo("cycle 1/2: task c1-t02 still running (5 min 20 s)");

    // short cells come and go: one that has just started is named, not timed
    now.addAndGet(Duration.ofSeconds(29).toNanos());
    heartbeat.onEvent(new ResearchEvent.CellStarted(1, t, 8));
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    heartbeat.tick();
    assertThat(lines.getLast())
        .isEqualTo("cycle 1/2: task c1-t02 still running (5 min 50 s), at cell 8");
    heartbeat.close();
  }
}
