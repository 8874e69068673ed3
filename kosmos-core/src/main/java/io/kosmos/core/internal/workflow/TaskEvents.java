package io.kosmos.core.internal.workflow;

import io.kosmos.api.ResearchEvent;
import io.kosmos.api.Task;
import io.kosmos.core.internal.artifacts.TaskRecord;
import io.kosmos.core.internal.orchestration.TaskScheduler;

/** Turns the scheduler's task starts and ends into metrics and events. */
record TaskEvents(EngineMetrics metrics, EventBus events) implements TaskScheduler.Observer {
  @Override
  public void started(int cycle, Task task) {
    metrics.taskStarted();
    events.emit(new ResearchEvent.TaskStarted(cycle, task));
  }

  @Override
  public void abandoned(int cycle, Task task) {
    metrics.taskAbandoned();
  }

  @Override
  public void finished(int cycle, TaskRecord r) {
    metrics.taskFinished(r);
    events.emit(
        new ResearchEvent.TaskFinished(
            cycle, r.task(), r.succeeded(), r.findings().size(), r.elapsed(), r.failure()));
  }
}
