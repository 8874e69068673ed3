package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.ExecutionTimeoutException;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pool, cleanup and failure modes of {@link DockerSandboxExecutor} on a real engine. */
class DockerSandboxLifecycleIT {

  static final Duration T = Duration.ofSeconds(120);
  static DockerClient docker;

  @BeforeAll
  static void engine() {
    SandboxEngine.require();
    docker = DockerEngine.connect(null, Duration.ofSeconds(60)).client();
  }

  @AfterAll
  static void closeDocker() throws Exception {
    docker.close();
  }

  static List<Container> containersOf(String ownerId) {
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of("io.kosmos.sandbox.owner", ownerId))
        .exec();
  }

  @Test
  void eightSessionsInParallelOnTwoCoresThenNothingIsLeft() throws Exception {
    Path root = SandboxEngine.tempRoot("parallel");
    long start = System.nanoTime();
    try (DockerSandboxExecutor executor =
        DockerSandboxExecutor.create(
            SandboxEngine.testConfig(root)
                .pool(SandboxEngine.TEST_POOL.newBuilder().minIdle(2).maxContainers(8).build())
                .build())) {
      ExecutorService threads = Executors.newFixedThreadPool(8);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        results.add(
            threads.submit(
                () -> {
                  try (ExecutionSession s =
                      executor.openSession(
                          SessionOptions.builder().runId("par").taskId("t" + n).build())) {
                    s.execute("import numpy as np\nv = np.arange(" + (n + 1) + " * 1000)", T);
                    s.execute("total = int(v.sum())", T);
                    return s.execute("print(total)", T).stdout().strip();
                  }
                }));
      }
      for (int i = 0; i < 8; i++) {
        long m = (i + 1) * 1000L;
        assertThat(results.get(i).get(5, TimeUnit.MINUTES))
            .isEqualTo(Long.toString(m * (m - 1) / 2));
      }
      threads.shutdown();
      assertThat(containersOf(Owner.self().id())).isNotEmpty();
    }
    System.out.println("8 parallel sessions in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    assertThat(containersOf(Owner.self().id())).isEmpty();
    assertThat(root).isEmptyDirectory();
  }

  @Test
  void closingWhileWarmUpsAreStartingDoesNotWaitForThemAndLeavesNothing() throws Exception {
    Path root = SandboxEngine.tempRoot("close-warming");
    DockerSandboxExecutor executor =
        DockerSandboxExecutor.create(
            SandboxEngine.testConfig(root)
                .pool(SandboxEngine.TEST_POOL.newBuilder().minIdle(3).maxContainers(3).build())
                .build());
    // the warm-ups have created their containers; Jupyter and the kernels are still starting
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (containersOf(Owner.self().id()).size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(containersOf(Owner.self().id())).hasSize(3);
    long start = System.nanoTime();
    executor.close();
    long closeMillis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("close with 3 warm-ups starting took " + closeMillis + " ms");

    // a warm-up takes 10 to 55 s on a loaded machine; close removed them instead of waiting
    assertThat(closeMillis).isLessThan(8_000);
    assertThat(containersOf(Owner.self().id())).isEmpty();
    assertThat(root).isEmptyDirectory();
  }

  @Test
  void containersServeOneRunOnlyAndComeBackClean() {
    Path root = SandboxEngine.tempRoot("reuse");
    try (DockerSandboxExecutor executor =
        DockerSandboxExecutor.create(
            SandboxEngine.testConfig(root)
                .pool(
                    SandboxEngine.TEST_POOL
                        .newBuilder()
                        .minIdle(0)
                        .maxContainers(1)
                        .maxSessionsPerContainer(3)
                        .build())
                .build())) {
      String first;
      try (ExecutionSession a =
          executor.openSession(SessionOptions.builder().runId("r1").build())) {
        first = ((DockerSession) a).containerId();
        a.execute("secret = 1\nopen('output/left.txt', 'w').write('x')", T);
      }
      try (ExecutionSession b =
          executor.openSession(SessionOptions.builder().runId("r1").build())) {
        assertThat(((DockerSession) b).containerId()).isEqualTo(first);
        assertThat(b.execute("print('secret' in globals())", T).stdout()).isEqualTo("False\n");
        assertThat(b.listOutputFiles()).isEmpty();
      }
      try (ExecutionSession c =
          executor.openSession(SessionOptions.builder().runId("r2").build())) {
        assertThat(((DockerSession) c).containerId()).isNotEqualTo(first);
        assertThat(c.execute("print(1)", T).stdout()).isEqualTo("1\n");
      }
    }
    assertThat(root).isEmptyDirectory();
  }

  @Test
  void acquisitionBeyondThePoolWaitsThenSaysWhatToRaise() {
    Path root = SandboxEngine.tempRoot("bounded");
    try (DockerSandboxExecutor executor =
            DockerSandboxExecutor.create(
                SandboxEngine.testConfig(root)
                    .pool(
                        SandboxEngine.TEST_POOL
                            .newBuilder()
                            .minIdle(0)
                            .maxContainers(1)
                            .acquireTimeout(Duration.ofSeconds(1))
                            .build())
                    .build());
        ExecutionSession held = executor.openSession(SessionOptions.builder().build())) {
      assertThat(held.execute("print(1)", T).isOk()).isTrue();
      assertThatThrownBy(() -> executor.openSession(SessionOptions.builder().build()))
          .isInstanceOf(ExecutionTimeoutException.class)
          .hasMessageContaining("PoolOptions.maxContainers");
    }
  }

  @Test
  void missingImageSaysHowToBuildIt() {
    SandboxConfig config =
        SandboxConfig.builder()
            .image("kosmos-executor:no-such-tag")
            .sandboxRoot(SandboxEngine.tempRoot("noimage"))
            .build();
    assertThatThrownBy(() -> DockerSandboxExecutor.create(config))
        .isInstanceOf(SandboxUnavailableException.class)
        .hasMessageContaining("kosmos-executor:no-such-tag")
        .hasMessageContaining("scripts/setup-sandbox.sh");
    assertThat(DockerSandboxExecutor.diagnose(config).ready()).isFalse();
    assertThat(DockerSandboxExecutor.diagnose(config).fix()).contains("scripts/setup-sandbox.sh");
  }

  @Test
  void unreachableEngineSaysHowToStartOne() {
    SandboxConfig config =
        SandboxConfig.builder()
            .dockerHost("unix:///tmp/kosmos-no-docker-here.sock")
            .sandboxRoot(SandboxEngine.tempRoot("noengine"))
            .build();
    assertThatThrownBy(() -> DockerSandboxExecutor.create(config))
        .isInstanceOf(SandboxUnavailableException.class)
        .hasMessageContaining("no Docker engine answers")
        .hasMessageContaining("scripts/setup-sandbox.sh");
    SandboxDiagnosis d = DockerSandboxExecutor.diagnose(config);
    assertThat(d.engineReachable()).isFalse();
    assertThat(d.fix()).contains("scripts/setup-sandbox.sh");
  }

  @Test
  void leftoversOfAKilledJvmAreRemovedByTheNextExecutor() throws Exception {
    Path root = SandboxEngine.tempRoot("reaper");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                LeftoverMaker.class.getName(),
                root.toString())
            .redirectErrorStream(true)
            .start();
    String ownerId = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      String line;
      while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
        if (line.startsWith("READY ")) {
          ownerId = line.substring(6).strip();
          break;
        }
      }
      assertThat(ownerId).as("the child JVM opened a session").isNotNull();
      assertThat(containersOf(ownerId)).isNotEmpty();
      child.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(containersOf(ownerId)).as("a killed JVM leaves its containers").isNotEmpty();
    assertThat(root).isNotEmptyDirectory();

    try (DockerSandboxExecutor next =
        DockerSandboxExecutor.create(
            SandboxEngine.testConfig(root)
                .pool(SandboxEngine.TEST_POOL.newBuilder().minIdle(0).build())
                .build())) {
      assertThat(containersOf(ownerId)).isEmpty();
      try (var dirs = Files.list(root)) {
        assertThat(dirs.toList()).isEmpty();
      }
      ExecutionResult r = next.execute("print('fresh')", T);
      assertThat(r.stdout()).isEqualTo("fresh\n");
    }
  }

  @Test
  void aJvmThatExitsWithoutClosingRemovesItsContainersInItsShutdownHook() throws Exception {
    Path root = SandboxEngine.tempRoot("hook");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                LeftoverMaker.class.getName(),
                root.toString(),
                "exit")
            .redirectErrorStream(true)
            .start();
    String ownerId = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("READY ")) {
          ownerId = line.substring(6).strip();
        }
      }
      assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(ownerId).as("the child JVM opened a session").isNotNull();
    assertThat(child.exitValue()).isZero();
    assertThat(containersOf(ownerId)).isEmpty();
    try (var dirs = Files.list(root)) {
      assertThat(dirs.toList()).isEmpty();
    }
  }

  /**
   * The child JVM of the reaper and shutdown-hook tests: opens a session, says so, then waits to be
   * killed, or (with a second argument) exits without closing anything.
   */
  public static final class LeftoverMaker {
    public static void main(String[] args) throws Exception {
      DockerSandboxExecutor executor =
          DockerSandboxExecutor.create(
              SandboxEngine.testConfig(Path.of(args[0]))
                  .pool(SandboxEngine.TEST_POOL.newBuilder().minIdle(1).build())
                  .build());
      ExecutionSession session = executor.openSession(SessionOptions.builder().build());
      session.execute("x = 1", T);
      executor.awaitWarm(Duration.ofMinutes(2));
      System.out.println("READY " + Owner.self().id());
      System.out.flush();
      if (args.length > 1) {
        System.exit(0);
      }
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
