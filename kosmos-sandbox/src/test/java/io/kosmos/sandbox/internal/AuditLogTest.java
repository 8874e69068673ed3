package io.kosmos.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.AuditRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path dir;

  static AuditRecord record(int i) {
    return new AuditRecord(
        Instant.parse("2026-01-02T03:04:05Z"),
        "run",
        "task-" + i,
        "s1",
        "c1",
        "img",
        "ab",
        2L << 30,
        1.0,
        256,
        60_000,
        1 << 20,
        "none",
        12,
        "OK",
        3,
        false,
        "completed");
  }

  @Test
  void oneJsonLinePerExecutionFromManyThreads() throws Exception {
    Path file = dir.resolve("sub/audit.jsonl");
    try (AuditLog log = new AuditLog(file)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      for (int i = 0; i < 200; i++) {
        int n = i;
        pool.submit(() -> log.record(record(n)));
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(200);
    JsonNode first = JupyterClient.JSON.readTree(lines.get(0));
    assertThat(first.path("runId").asText()).isEqualTo("run");
    assertThat(first.path("time").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(first.path("limits").path("memoryBytes").asLong()).isEqualTo(2L << 30);
    assertThat(first.path("limits").path("network").asText()).isEqualTo("none");
    assertThat(first.path("ending").asText()).isEqualTo("completed");
  }

  @Test
  void theFileIsCreatedAtTheFirstRecordSoARunDirectoryStaysEmptyUntilThen() throws Exception {
    Path run = dir.resolve("run");
    Path file = run.resolve("audit.jsonl");
    try (AuditLog log = new AuditLog(file)) {
      assertThat(run).isEmptyDirectory();
      log.record(record(1));
      assertThat(Files.readAllLines(file)).hasSize(1);
    }
    try (AuditLog again = new AuditLog(file)) {
      again.record(record(2));
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
  }
}
