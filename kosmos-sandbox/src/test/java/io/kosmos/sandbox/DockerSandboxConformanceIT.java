package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.SessionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The conformance suite against {@link DockerSandboxExecutor} with a real engine and image. */
class DockerSandboxConformanceIT extends DockerConformance {

  static Path root;
  static Path audit;
  static DockerSandboxExecutor executor;

  @BeforeAll
  static void start() throws Exception {
    SandboxEngine.require();
    root = SandboxEngine.tempRoot("conformance");
    audit = root.resolve("audit/audit.jsonl");
    executor =
        DockerSandboxExecutor.create(
            SandboxEngine.testConfig(root.resolve("sandbox"))
                .pool(SandboxEngine.TEST_POOL.newBuilder().minIdle(2).build())
                .kernel(SandboxEngine.TEST_KERNEL.newBuilder().auditLog(audit).build())
                .build());
  }

  @AfterAll
  static void stop() {
    if (executor != null) {
      executor.close();
      assertThat(root.resolve("sandbox")).isEmptyDirectory();
    }
  }

  @Override
  DockerSandboxExecutor docker() {
    return executor;
  }

  @Test
  void cellsReachTheKernelOverZeroMqSocketsInTheContainersOwnSocketDirectory() throws Exception {
    try (ExecutionSession s = executor.openSession(SessionOptions.builder().build())) {
      assertThat(s.execute("print(1)", T).isOk()).isTrue();
      // The kernel's shell, IOPub, stdin, control and heartbeat sockets sit beside the server's in
      // the container's own tmpfs (reached through /proc/<pid>/root), not in a host directory.
      assertThat(runDirEntries(root.resolve("sandbox"))).isEmpty();
      String listed =
          s.execute("import os; print(sorted(os.listdir('" + SOCKET_DIR + "')))", T).stdout();
      assertThat(listed).contains("'jupyter.sock'").contains("'kernel-1'");
    }
  }

  /** Where the container's sockets are (a tmpfs of its own). */
  static final String SOCKET_DIR = ContainerLauncher.CONTAINER_RUN_DIR;

  /** The names in the {@code run/} directories of the executor's containers. */
  static List<String> runDirEntries(Path sandboxRoot) throws Exception {
    try (var containers = Files.list(sandboxRoot)) {
      List<String> names = new java.util.ArrayList<>();
      for (Path c : containers.filter(Files::isDirectory).toList()) {
        Path run = c.resolve("run");
        if (Files.isDirectory(run)) {
          try (var entries = Files.list(run)) {
            entries.forEach(e -> names.add(e.getFileName().toString()));
          }
        }
      }
      return names;
    }
  }

  @Test
  void everyExecutionIsAuditedAsOneJsonLine() throws Exception {
    try (ExecutionSession s =
        executor.openSession(SessionOptions.builder().runId("run-a").taskId("task-9").build())) {
      s.execute("print('audited')", T);
      s.execute("1/0", T);
    }
    List<JsonNode> lines =
        Files.readAllLines(audit).stream()
            .map(l -> readTree(l))
            .filter(n -> n.path("runId").asText().equals("run-a"))
            .toList();
    assertThat(lines).hasSize(2);
    JsonNode ok = lines.get(0);
    assertThat(ok.path("taskId").asText()).isEqualTo("task-9");
    assertThat(ok.path("status").asText()).isEqualTo("OK");
    assertThat(ok.path("ending").asText()).isEqualTo("completed");
    assertThat(ok.path("image").asText()).isEqualTo(executor.image());
    assertThat(ok.path("container").asText()).hasSize(64);
    assertThat(ok.path("codeSha256").asText())
        .isEqualTo(io.kosmos.sandbox.internal.Sha256.hex("print('audited')".getBytes()));
    assertThat(ok.path("limits").path("memoryBytes").asLong()).isEqualTo(1L << 30);
    assertThat(ok.path("limits").path("network").asText()).isEqualTo("none");
    assertThat(ok.path("outputBytes").asLong()).isEqualTo(8);
    assertThat(lines.get(1).path("status").asText()).isEqualTo("ERROR");
    assertThat(lines.get(1).path("ending").asText()).isEqualTo("error");
  }

  @Test
  void infoNamesTheImageAndLimits() {
    assertThat(executor.info().name()).isEqualTo("docker-sandbox");
    assertThat(executor.info().environment()).startsWith("kosmos-executor:");
    assertThat(executor.info().details()).containsEntry("network", "none");
  }

  @Test
  void sessionMemoryLimitIsApplied() {
    SessionOptions options = SessionOptions.builder().memoryLimitBytes(512L << 20).build();
    try (ExecutionSession s = executor.openSession(options)) {
      String limit =
          s.execute(
                  "print(open('/sys/fs/cgroup/memory/memory.limit_in_bytes').read().strip()"
                      + " if __import__('os').path.exists('/sys/fs/cgroup/memory/memory.limit_in_bytes')"
                      + " else open('/sys/fs/cgroup/memory.max').read().strip())",
                  Duration.ofSeconds(30))
              .stdout()
              .strip();
      assertThat(limit).isEqualTo(Long.toString(512L << 20));
    }
  }

  private static JsonNode readTree(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
