package io.kosmos.core.internal.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TurnsTest {

  @Test
  void ticketsPassInIssueOrderWhateverOrderTheirThreadsArrive() throws Exception {
    TaskScheduler.Turns turns = new TaskScheduler.Turns();
    int n = 20;
    List<Integer> tickets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tickets.add(turns.issue());
    }
    List<Integer> order = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    // Started last ticket first, so arrival order is the reverse of the plan.
    for (int i = n - 1; i >= 0; i--) {
      int ticket = tickets.get(i);
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      turns.await(ticket);
                      order.add(ticket);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    } finally {
                      turns.done(ticket);
                    }
                  }));
      Thread.sleep(2);
    }
    for (Thread t : threads) {
      assertThat(t.join(java.time.Duration.ofSeconds(10))).isTrue();
    }
    assertThat(order).isEqualTo(tickets);
  }

  @Test
  void aTicketGivenUpOutOfOrderDoesNotHoldTheOthersBack() throws Exception {
    TaskScheduler.Turns turns = new TaskScheduler.Turns();
    int first = turns.issue();
    int second = turns.issue();
    int third = turns.issue();
    turns.done(second); // gave up (interrupted) before its turn
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    turns.await(third);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    assertThat(t.join(java.time.Duration.ofMillis(200))).isFalse();
    turns.done(first);
    assertThat(t.join(java.time.Duration.ofSeconds(5))).isTrue();
  }
}
