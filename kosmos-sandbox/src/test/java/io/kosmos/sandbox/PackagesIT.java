package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.ExecutionEnvironment;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.api.SessionOptions;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.sandbox.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packages on demand, end to end on a real engine: a PEP 503 index on loopback serves a wheel the
 * test builds; a cell imports it and the session moves to a derived image {@code
 * kosmos-executor:<base>-<hash>} built with network only during the build; the lock pins it with
 * its hash next to the base's Python and Debian packages; a refused package gives the documented
 * result; a run that asks for the package names its environment and lock in {@code run.json}, and
 * {@link DockerSandboxExecutor#forRun} runs code again in that environment.
 */
class PackagesIT {

  static final Duration T = Duration.ofSeconds(120);
  static final String PROBE = "VALUE = 42\ndef greet():\n    return 'hello from kosmos-probe'\n";
  static PackageIndex index;
  static byte[] wheel;
  static final java.util.Set<String> built = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @TempDir Path tmp;

  @BeforeAll
  static void serve() throws Exception {
    SandboxEngine.require();
    index = new PackageIndex();
    // The version is the test's own, so that each run of the test builds its environment anew.
    wheel = index.addWheel("kosmos-probe", "1.0." + System.currentTimeMillis() / 1000, PROBE);
  }

  @AfterAll
  static void stop() throws Exception {
    built.forEach(PackagesIT::removeImage);
    if (index != null) {
      index.close();
    }
  }

  SandboxConfig config(Path root, PackageOptions packages) {
    return SandboxEngine.testConfig(root)
        .pool(SandboxEngine.TEST_POOL.newBuilder().minIdle(0).build())
        .packages(packages)
        .build();
  }

  @Test
  void aCellThatImportsAnAllowedPackageGetsItInAPinnedDerivedEnvironment() throws Exception {
    PackageOptions packages =
        PackageOptions.builder().index(index.url()).allow("kosmos-probe").build();
    String derived;
    try (DockerSandboxExecutor executor =
        DockerSandboxExecutor.create(config(tmp.resolve("s"), packages))) {
      String base = executor.image();
      try (ExecutionSession s =
          executor.openSession(SessionOptions.builder().runId("pkg").build())) {
        ExecutionResult r = s.execute("import kosmos_probe\nprint(kosmos_probe.VALUE)", T);
        System.out.println("first import: " + r.stderr().strip());
        assertThat(r.isOk()).as(r.toString()).isTrue();
        assertThat(r.stdout()).isEqualTo("42\n");
        assertThat(r.stderr()).contains("[kosmos: installed kosmos-probe==1.0.");
        assertThat(r.stderr()).doesNotContain("variables");
        // %pip of what is there is a note, not a pip run; of what is not, it is the policy's.
        ExecutionResult pip = s.execute("%pip install kosmos-probe\nprint('ok')", T);
        assertThat(pip.stdout()).contains("kosmos: already installed: kosmos-probe").contains("ok");
      }
      ExecutionEnvironment env = executor.environment("pkg").orElseThrow();
      derived = env.id();
      assertThat(derived)
          .matches("kosmos-executor:" + base.substring(base.indexOf(':') + 1) + "-[0-9a-f]{12}");
      String lock = env.lock();
      System.out.println(lock.lines().limit(12).reduce("", (a, b) -> a + b + "\n"));
      assertThat(LockFile.section(lock, "installed"))
          .singleElement()
          .asString()
          .startsWith("kosmos-probe==1.0.")
          .endsWith("--hash=sha256:" + Sha256.hex(wheel));
      assertThat(LockFile.section(lock, "python"))
          .anyMatch(l -> l.startsWith("kosmos-probe==1.0."));
      assertThat(LockFile.section(lock, "python")).anyMatch(l -> l.startsWith("numpy=="));
      assertThat(LockFile.section(lock, "debian"))
          .anyMatch(l -> l.startsWith("python3-numpy ") && l.matches(".* sha256=[0-9a-f]{64}"));
      assertThat(LockFile.header(lock, "base")).contains(base);
      assertThat(index.requested).anyMatch(p -> p.startsWith("/files/kosmos_probe"));
      // A later session of the run opens in the derived image at once.
      try (ExecutionSession s =
          executor.openSession(SessionOptions.builder().runId("pkg").build())) {
        assertThat(((DockerSession) s).containerId()).isNotEmpty();
        ExecutionResult r = s.execute("import kosmos_probe\nprint(kosmos_probe.greet())", T);
        assertThat(r.stdout()).isEqualTo("hello from kosmos-probe\n");
        assertThat(r.stderr()).isEmpty();
      }
      // Another run still starts on the base.
      assertThat(executor.environment("other").orElseThrow().id()).isEqualTo(base);
    }
    // Built once, found again by its hash: a new executor reuses it without the index.
    int requestsBefore = index.requested.size();
    try (DockerSandboxExecutor again =
            DockerSandboxExecutor.create(config(tmp.resolve("s2"), packages));
        ExecutionSession s = again.openSession(SessionOptions.builder().runId("pkg2").build())) {
      ExecutionResult r = s.execute("x = 1\nimport kosmos_probe\nprint(kosmos_probe.VALUE)", T);
      assertThat(r.stdout()).isEqualTo("42\n");
      assertThat(again.environment("pkg2").orElseThrow().id()).isEqualTo(derived);
      assertThat(index.requested).hasSize(requestsBefore);
    } finally {
      built.add(derived);
    }
  }

  @Test
  void refusedPackagesGiveTheDocumentedResultAndTheCellDoesNotRun() {
    PackageOptions packages = PackageOptions.builder().index(index.url()).build();
    try (DockerSandboxExecutor executor =
            DockerSandboxExecutor.create(config(tmp.resolve("r"), packages));
        ExecutionSession s =
            executor.openSession(SessionOptions.builder().runId("refuse").build())) {
      ExecutionResult notAllowed =
          s.execute("open('output/ran.txt', 'w').write('x')\nimport kosmos_probe", T);
      System.out.println("refused: " + notAllowed.error().value());
      assertThat(notAllowed.status()).isEqualTo(ExecutionResult.Status.ERROR);
      assertThat(notAllowed.error().name()).isEqualTo(PackageOptions.REFUSED);
      assertThat(notAllowed.error().value())
          .startsWith("the cell was not run")
          .contains("kosmos-probe (not on the sandbox's allow-list)")
          .contains("numpy");
      assertThat(s.listOutputFiles()).isEmpty();
      ExecutionResult denied = s.execute("!pip install pyzmq==26.0.0", T);
      assertThat(denied.error().name()).isEqualTo(PackageOptions.REFUSED);
      assertThat(denied.error().value()).contains("pyzmq (denied: part of the kernel");
      ExecutionResult optional =
          s.execute(
              "try:\n    import kosmos_probe\nexcept ImportError:\n    kosmos_probe = None\n"
                  + "print(kosmos_probe)",
              T);
      assertThat(optional.stdout()).isEqualTo("None\n");
      assertThat(s.execute("import numpy\nprint(numpy.__name__)", T).stdout()).isEqualTo("numpy\n");
    }
  }

  @Test
  void aRunAsksForAPackageAndRecordsItsEnvironmentAndLock() throws Exception {
    PackageOptions packages =
        PackageOptions.builder()
            .index(index.url())
            .allow("kosmos-probe")
            .require("kosmos-probe")
            .build();
    Path data = SandboxRuns.plantedDataset(tmp.resolve("data"));
    Path dir = tmp.resolve("run");
    String image;
    try (DockerSandboxExecutor executor =
            DockerSandboxExecutor.create(config(tmp.resolve("e"), packages));
        ResearchWorkflow wf =
            Fixtures.builder(dir, data, executor, Fixtures.Options.defaults()).build()) {
      image = executor.image();
      ResearchResult result = wf.run(1, 3);
      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    }
    JsonNode run = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
    JsonNode environment = run.path("environment");
    System.out.println("run.json environment: " + environment);
    assertThat(environment.path("id").asText()).matches("kosmos-executor:.*-[0-9a-f]{12}");
    assertThat(environment.path("packages").get(0).asText()).isEqualTo("kosmos-probe");
    assertThat(environment.path("lockFile").asText()).isEqualTo("environment.lock");
    String lock = Files.readString(dir.resolve("environment.lock"), StandardCharsets.UTF_8);
    assertThat(environment.path("lockSha256").asText())
        .isEqualTo(Sha256.hex(lock.getBytes(StandardCharsets.UTF_8)));
    assertThat(LockFile.header(lock, "image")).contains(environment.path("id").asText());
    try {
      // Executed again later in the identical environment: the recorded image, found by its lock.
      try (DockerSandboxExecutor again =
              DockerSandboxExecutor.forRun(
                  dir, config(tmp.resolve("v"), PackageOptions.defaults()));
          ExecutionSession s =
              again.openSession(SessionOptions.builder().runId("verify").build())) {
        assertThat(again.image()).isEqualTo(environment.path("id").asText());
        assertThat(s.execute("import kosmos_probe\nprint(kosmos_probe.VALUE)", T).stdout())
            .isEqualTo("42\n");
      }
      // ... and after the image was pruned: built again from the lock's pinned, hashed wheel.
      removeImage(environment.path("id").asText());
      try (DockerSandboxExecutor rebuilt =
              DockerSandboxExecutor.forRun(
                  dir, config(tmp.resolve("w"), PackageOptions.defaults()));
          ExecutionSession s =
              rebuilt.openSession(SessionOptions.builder().runId("verify").build())) {
        assertThat(s.execute("import kosmos_probe\nprint(kosmos_probe.VALUE)", T).stdout())
            .isEqualTo("42\n");
        assertThat(LockFile.sameContents(rebuilt.environment("verify").orElseThrow().lock(), lock))
            .isTrue();
      }
    } finally {
      built.add(environment.path("id").asText());
    }
    assertThat(environment.path("id").asText()).startsWith(image + "-");
  }

  @Test
  void theBaseImageCarriesItsOwnLock() throws Exception {
    try (var docker = DockerEngine.connect(null, Duration.ofSeconds(60)).client()) {
      EnvironmentBuilder envs =
          new EnvironmentBuilder(docker, new PackagePolicy(PackageOptions.defaults()));
      Environment base = envs.describe(ExecutorImage.expectedTag());
      assertThat(base.isBase()).isTrue();
      assertThat(LockFile.header(base.lock(), "image")).contains(ExecutorImage.expectedTag());
      List<String> python = LockFile.section(base.lock(), "python");
      assertThat(python)
          .anyMatch(l -> l.startsWith("pandas=="))
          .anyMatch(l -> l.startsWith("scipy=="));
      assertThat(LockFile.section(base.lock(), "debian"))
          .anyMatch(l -> l.startsWith("python3-pandas ") && l.matches(".* sha256=[0-9a-f]{64}"));
      assertThat(base.installed()).isEmpty();
    }
  }

  private static void removeImage(String image) {
    try (var docker = DockerEngine.connect(null, Duration.ofSeconds(60)).client()) {
      docker.removeImageCmd(image).withForce(true).exec();
    } catch (Exception e) {
      // already gone
    }
  }
}
