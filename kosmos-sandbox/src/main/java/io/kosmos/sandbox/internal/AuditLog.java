package io.kosmos.sandbox.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.AuditRecord;
import io.kosmos.api.AuditSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The audit log file: one JSON object per line per execution, appended and flushed as each
 * execution ends, safe to share between threads. The engine points it at {@code
 * <artifacts>/audit.jsonl}.
 *
 * <pre>{@code
 * {"time":"2026-...Z","runId":"r1","taskId":"t3","sessionId":"s-7","container":"3f2a...",
 *  "image":"kosmos-executor:1ef4fc063904","codeSha256":"9b1c...","limits":{"memoryBytes":2147483648,
 *  "cpus":1.0,"pids":256,"timeoutMs":600000,"maxOutputBytes":1048576,"network":"none"},
 *  "durationMs":412,"status":"OK","outputBytes":18,"truncated":false,"ending":"completed"}
 * }</pre>
 */
public final class AuditLog implements AuditSink, AutoCloseable {

  private final Path file;
  private OutputStream out;

  /**
   * An audit file, appended to. The file itself is created at the first record, so that a log
   * pointed into a run's artifacts directory leaves that directory empty until the run writes to it
   * (a workflow refuses a non-empty directory that holds no run).
   *
   * @param file the file; its folder is created when missing
   * @throws UncheckedIOException if the folder cannot be made or written
   */
  public AuditLog(Path file) {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit log " + file, e);
    }
    if (parent != null && !Files.isWritable(parent)) {
      throw new UncheckedIOException(
          new IOException(
              "cannot open the audit log " + file + ": " + parent + " is not writable"));
    }
  }

  /**
   * The record as one line of JSON.
   *
   * @param r the record
   * @return the JSON text, without a line break
   */
  public static String toJson(AuditRecord r) {
    ObjectNode line = JupyterClient.JSON.createObjectNode();
    line.put("time", r.time().toString());
    line.put("runId", r.runId());
    line.put("taskId", r.taskId());
    line.put("sessionId", r.sessionId());
    line.put("container", r.container());
    line.put("image", r.image());
    line.put("codeSha256", r.codeSha256());
    ObjectNode limits = line.putObject("limits");
    limits.put("memoryBytes", r.memoryLimitBytes());
    limits.put("cpus", r.cpus());
    limits.put("pids", r.pidsLimit());
    limits.put("timeoutMs", r.timeoutMillis());
    limits.put("maxOutputBytes", r.maxOutputBytes());
    limits.put("network", r.networkMode());
    line.put("durationMs", r.durationMillis());
    line.put("status", r.status());
    line.put("outputBytes", r.outputBytes());
    line.put("truncated", r.truncated());
    line.put("ending", r.ending());
    return line.toString();
  }

  @Override
  public synchronized void record(AuditRecord record) {
    try {
      if (out == null) {
        out =
            Files.newOutputStream(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
      }
      out.write((toJson(record) + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the audit log " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    if (out == null) {
      return;
    }
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
