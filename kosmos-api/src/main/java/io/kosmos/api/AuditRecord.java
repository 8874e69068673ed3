package io.kosmos.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One execution, as written to the audit log (one JSON line each): when, for which run and task,
 * where (container and image, or gateway), a SHA-256 of the code (not the code itself), the limits
 * it ran under, how long it took, and how it ended.
 *
 * @param time when the execution started
 * @param runId the run
 * @param taskId the task
 * @param sessionId the session
 * @param container the container id (or the gateway kernel id)
 * @param image the image (or the gateway URL)
 * @param codeSha256 the SHA-256 of the code, lowercase hex
 * @param memoryLimitBytes the memory limit, or -1 if the executor sets none
 * @param cpus the CPU limit, or -1 if the executor sets none
 * @param pidsLimit the process-count limit, or -1 if the executor sets none
 * @param timeoutMillis the cell's time limit
 * @param maxOutputBytes the output cap
 * @param networkMode {@code none}, {@code internal} or {@code remote}
 * @param durationMillis how long the execution took
 * @param status {@code OK}, {@code ERROR}, {@code TIMEOUT} or {@code KERNEL_DIED}
 * @param outputBytes the output produced, including what was cut
 * @param truncated whether output was cut at the cap
 * @param ending how it ended: {@code completed}, {@code error}, {@code interrupted}, {@code
 *     restarted}, {@code container-killed}, {@code kernel-died}, or {@code sandbox-lost} (the
 *     kernel went with its container or gateway and none could replace it in the session: the
 *     caller gets a {@code SandboxUnavailableException})
 */
public record AuditRecord(
    Instant time,
    String runId,
    String taskId,
    String sessionId,
    String container,
    String image,
    String codeSha256,
    long memoryLimitBytes,
    double cpus,
    long pidsLimit,
    long timeoutMillis,
    long maxOutputBytes,
    String networkMode,
    long durationMillis,
    String status,
    long outputBytes,
    boolean truncated,
    String ending) {

  /** Checks the components. */
  public AuditRecord {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(codeSha256, "codeSha256");
    Objects.requireNonNull(networkMode, "networkMode");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(ending, "ending");
  }
}
