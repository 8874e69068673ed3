package io.kosmos.api;

/**
 * Receives one {@link AuditRecord} per execution, for example to forward it to a log pipeline.
 * Executors that keep an audit log take one (in kosmos-sandbox: {@code
 * SandboxConfig.Builder#auditSink} and {@code RemoteGatewayExecutor.Builder#auditSink}). Called on
 * the executing thread after the result is known; must be quick and thread-safe.
 */
@FunctionalInterface
public interface AuditSink {

  /**
   * Takes one record.
   *
   * @param record what was executed, where, under which limits, and how it ended
   */
  void record(AuditRecord record);
}
