package io.kosmos.core.internal.orchestration;

import io.kosmos.api.Task;
import java.util.Locale;

/** The markdown cell that opens a task's notebook: the task, what it should give, and the run. */
final class TaskHeader {

  private TaskHeader() {}

  static String markdown(Task task, int cycle, String runId, String objective) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(task.id()).append(": ").append(task.description().strip());
    sb.append("\n\n**Expected output:** ").append(task.expectedOutput().strip());
    sb.append("\n\n*Cycle ")
        .append(cycle)
        .append(", ")
        .append(task.goal().name().toLowerCase(Locale.ROOT))
        .append(" task of the Kosmos run ")
        .append(runId)
        .append(". Objective: ")
        .append(objective.strip())
        .append("*");
    return sb.toString();
  }
}
