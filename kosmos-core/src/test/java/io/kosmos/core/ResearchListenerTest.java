package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.isA;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.kosmos.api.ResearchEvent;
import io.kosmos.api.ResearchListener;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.core.fixtures.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/** What a {@link ResearchListener} hears from a run, checked on mock listeners. */
@ExtendWith(MockitoExtension.class)
class ResearchListenerTest {

  @TempDir Path tmp;
  @Mock ResearchListener listener;
  @Mock ResearchListener other;

  private Path data;
  private Path dir;

  @BeforeEach
  void setUp() {
    data = Fixtures.dataset(tmp.resolve("data"));
    dir = tmp.resolve("run");
  }

  private ResearchResult run(int cycles, ResearchListener... listeners) {
    WorkflowBuilder builder =
        Fixtures.builder(dir, data, Fixtures.executor(Duration.ZERO), Fixtures.Options.defaults());
    for (ResearchListener l : listeners) {
      builder.listener(l);
    }
    try (ResearchWorkflow workflow = builder.build()) {
      return workflow.run(cycles, 4);
    }
  }

  @Test
  void aRunIsHeardFromStartToReportInOrder() {
    ResearchResult result = run(1, listener);

    InOrder order = inOrder(listener);
    order.verify(listener).onEvent(isA(ResearchEvent.RunStarted.class));
    order.verify(listener).onEvent(isA(ResearchEvent.CycleStarted.class));
    order.verify(listener).onEvent(isA(ResearchEvent.PlanReady.class));
    order.verify(listener, atLeastOnce()).onEvent(isA(ResearchEvent.TaskStarted.class));
    order.verify(listener, atLeastOnce()).onEvent(isA(ResearchEvent.TaskFinished.class));
    order.verify(listener).onEvent(isA(ResearchEvent.CycleFinished.class));
    order.verify(listener).onEvent(isA(ResearchEvent.RunFinished.class));
    order.verify(listener).onEvent(isA(ResearchEvent.ReportWritten.class));
    verify(listener, times(result.findings().size()))
        .onEvent(isA(ResearchEvent.FindingAdded.class));
    verify(listener)
        .onEvent(argThat(e -> e instanceof ResearchEvent.RunFinished f && f.result() == result));
  }

  @Test
  void aListenerThatThrowsStopsNeitherTheRunNorTheOtherListeners() {
    doThrow(new IllegalStateException("a broken listener")).when(listener).onEvent(any());

    ResearchResult result = run(1, listener, other);

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    verify(other).onEvent(isA(ResearchEvent.ReportWritten.class));
    verify(other, times(result.findings().size())).onEvent(isA(ResearchEvent.FindingAdded.class));
  }

  @Test
  void aResumedRunSaysSoAndWhereItStarts() {
    run(1);

    run(2, listener);

    ArgumentCaptor<ResearchEvent> events = ArgumentCaptor.forClass(ResearchEvent.class);
    verify(listener, atLeastOnce()).onEvent(events.capture());
    assertThat(events.getAllValues().getFirst())
        .isInstanceOfSatisfying(
            ResearchEvent.RunStarted.class,
            started -> {
              assertThat(started.resumed()).isTrue();
              assertThat(started.firstCycle()).isEqualTo(2);
            });
    assertThat(events.getAllValues())
        .filteredOn(ResearchEvent.CycleStarted.class::isInstance)
        .map(e -> ((ResearchEvent.CycleStarted) e).cycle())
        .containsExactly(2);
  }
}
