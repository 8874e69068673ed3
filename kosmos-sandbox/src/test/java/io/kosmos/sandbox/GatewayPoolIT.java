package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
import io.kosmos.api.ExecutorInfo;
import io.kosmos.api.Finding;
import io.kosmos.api.OutputListener;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.api.SessionOptions;
import io.kosmos.core.Kosmos;
import io.kosmos.core.team.offline.OfflineScientist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole offline research run on three Jupyter Servers, each its own host on a network of its own,
 * through a {@link GatewayPoolExecutor}, with one of them killed in the middle of a task: the run
 * completes, finds exactly what the same run finds on the local Docker sandbox, no finding is lost
 * or duplicated, the dead gateway's tasks ran again elsewhere, and the audit log says where every
 * cell ran.
 */
class GatewayPoolIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OBJECTIVE = "What drives disease progression in this cohort?";
  private static final int CYCLES = 2;
  private static final int TASKS = 4;

  @TempDir Path tmp;

  @Test
  void aRunOnThreeGatewaysSurvivesOneDyingAndFindsWhatTheLocalSandboxFinds() throws Exception {
    SandboxRuns.requireDocker();
    Path data = Path.of("../kosmos-examples/data/diabetes.csv").toAbsolutePath().normalize();
    assertThat(data).exists();

    ResearchResult local;
    try (DockerSandboxExecutor docker =
        SandboxRuns.executor(tmp.resolve("sandbox"), tmp.resolve("docker-audit.jsonl"))) {
      local = run(docker, data, tmp.resolve("on-docker"));
    }
    assertThat(local.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(local.findings()).isNotEmpty();

    Path audit = tmp.resolve("audit.jsonl");
    try (GatewayContainers servers = GatewayContainers.start(3);
        GatewayPoolExecutor pool = pool(servers, audit)) {
      List<String> urls = servers.urls();
      KillOnCell killer = new KillOnCell(pool, urls.get(1), () -> servers.kill(1));
      ResearchResult onPool = run(killer, data, tmp.resolve("on-pool"));

      assertThat(killer.killedAt.get()).as("a gateway was killed during a task").isNotNull();
      assertThat(onPool.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(onPool.tasksFailed()).isZero();
      assertThat(onPool.findings()).isEqualTo(local.findings());
      assertThat(onPool.findings().stream().map(Finding::id).distinct())
          .hasSameSizeAs(onPool.findings());

      GatewayStatus dead = pool.gateways().get(1);
      assertThat(dead.state()).isEqualTo(GatewayStatus.State.DOWN);
      assertThat(dead.reason()).contains("no answer");

      List<JsonNode> lines = auditLines(audit);
      assertEveryCellNamesWhereItRan(lines, urls);
      assertTheDeadGatewaysTasksRanAgainElsewhere(lines, urls.get(1), killer.killedAt.get());
      assertThat(tmp.resolve("on-pool/report/report.md")).exists();
      pool.close();
      for (int i : new int[] {0, 2}) {
        assertThat(servers.kernels(i)).as("no kernel left on a live gateway").isEqualTo("[]");
      }
    }
  }

  private ResearchResult run(Executor executor, Path data, Path dir) {
    try (ResearchWorkflow workflow =
        Kosmos.workflow()
            .objective(OBJECTIVE)
            .dataset(data)
            .artifactsDir(dir)
            .executor(executor)
            .agents(OfflineScientist.agents())
            .maxConcurrentTasks(4)
            .build()) {
      return workflow.run(CYCLES, TASKS);
    }
  }

  private static GatewayPoolExecutor pool(GatewayContainers servers, Path audit) {
    GatewayPoolExecutor.Builder b =
        GatewayPoolExecutor.builder()
            .kernel(
                KernelOptions.builder()
                    .auditLog(audit)
                    .warmupCode(
                        "%matplotlib inline\nimport numpy, pandas, scipy.stats, statsmodels.api,"
                            + " matplotlib.pyplot\n")
                    .build())
            // the killed gateway is found through its sessions' failed connections; the checks'
            // time limit only has to spare the live ones on a loaded machine (at a load average of
            // 40 on 2 cores, 1 s checks marked every gateway down)
            .healthCheckInterval(Duration.ofSeconds(2))
            .healthCheckTimeout(Duration.ofSeconds(10))
            .connectTimeout(Duration.ofSeconds(2));
    for (String url : servers.urls()) {
      b.gateway(Gateway.builder(url).token(servers.token()).capacity(2).build());
    }
    return b.build();
  }

  private static void assertEveryCellNamesWhereItRan(List<JsonNode> lines, List<String> urls) {
    assertThat(lines).isNotEmpty();
    Set<String> used = new HashSet<>();
    for (JsonNode line : lines) {
      assertThat(urls).contains(line.path("image").asText());
      assertThat(line.path("container").asText()).startsWith("kernel ");
      used.add(line.path("image").asText());
    }
    assertThat(used).as("every gateway ran cells").containsExactlyInAnyOrderElementsOf(urls);
  }

  private static void assertTheDeadGatewaysTasksRanAgainElsewhere(
      List<JsonNode> lines, String deadUrl, Instant killedAt) {
    Set<String> cut =
        lines.stream()
            .filter(l -> l.path("image").asText().equals(deadUrl))
            .filter(l -> l.path("status").asText().equals("KERNEL_DIED"))
            .map(l -> l.path("taskId").asText())
            .collect(Collectors.toSet());
    assertThat(cut).as("tasks whose cell died with the gateway").isNotEmpty();
    for (String task : cut) {
      List<JsonNode> after =
          lines.stream()
              .filter(l -> l.path("taskId").asText().equals(task))
              .filter(l -> Instant.parse(l.path("time").asText()).isAfter(killedAt))
              .filter(l -> !l.path("image").asText().equals(deadUrl))
              .toList();
      assertThat(after).as("task " + task + " ran again on another gateway").isNotEmpty();
      assertThat(after).allMatch(l -> l.path("status").asText().matches("OK|ERROR"));
    }
    assertThat(
            lines.stream()
                .filter(l -> l.path("image").asText().equals(deadUrl))
                .filter(l -> Instant.parse(l.path("time").asText()).isAfter(killedAt))
                .filter(l -> !l.path("status").asText().equals("KERNEL_DIED")))
        .as("nothing ran on the dead gateway after it died")
        .isEmpty();
  }

  private static List<JsonNode> auditLines(Path audit) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(audit)) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  /**
   * The pool as the engine sees it, with one thing added: just before the third cell of a session
   * on the victim gateway, the gateway's container is killed. The pool is not told; it has to find
   * out by itself, while that task (and whatever else runs there) is in the middle of its work.
   */
  private static final class KillOnCell implements Executor {
    private final GatewayPoolExecutor pool;
    private final String victim;
    private final Runnable kill;
    final AtomicReference<Instant> killedAt = new AtomicReference<>();
    private final Map<String, AtomicInteger> cells = new ConcurrentHashMap<>();

    KillOnCell(GatewayPoolExecutor pool, String victim, Runnable kill) {
      this.pool = pool;
      this.victim = victim;
      this.kill = kill;
    }

    @Override
    public ExecutionSession openSession(SessionOptions options) {
      ExecutionSession s = pool.openSession(options);
      return new Session(s);
    }

    @Override
    public ExecutorInfo info() {
      return pool.info();
    }

    @Override
    public void close() {
      pool.close();
    }

    private final class Session implements ExecutionSession {
      private final ExecutionSession s;

      Session(ExecutionSession s) {
        this.s = s;
      }

      @Override
      public ExecutionResult execute(String code, Duration timeout, OutputListener listener) {
        int n = cells.computeIfAbsent(s.id(), k -> new AtomicInteger()).incrementAndGet();
        if (n == 3 && s.location().startsWith(victim)) {
          synchronized (killedAt) {
            if (killedAt.get() == null) {
              killedAt.set(Instant.now());
              kill.run();
            }
          }
        }
        return s.execute(code, timeout, listener);
      }

      @Override
      public String id() {
        return s.id();
      }

      @Override
      public String location() {
        return s.location();
      }

      @Override
      public SessionOptions options() {
        return s.options();
      }

      @Override
      public void upload(String path, byte[] content) {
        s.upload(path, content);
      }

      @Override
      public byte[] download(String path) {
        return s.download(path);
      }

      @Override
      public List<String> listOutputFiles() {
        return s.listOutputFiles();
      }

      @Override
      public void interrupt() {
        s.interrupt();
      }

      @Override
      public void restart() {
        s.restart();
      }

      @Override
      public void close() {
        s.close();
      }
    }
  }
}
