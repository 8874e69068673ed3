package io.kosmos.sandbox;

/**
 * Receives one {@link AuditRecord} per execution, for example to forward it to a log pipeline. Set
 * it with {@link SandboxConfig.Builder#auditSink}. Called on the executing thread after the result
 * is known; must be quick and thread-safe.
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
