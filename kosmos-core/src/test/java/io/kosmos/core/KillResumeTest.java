package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Finding;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.core.internal.world.WorldFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a forked JVM running a workflow ({@code destroyForcibly}, SIGKILL on Linux, as {@code kill
 * -9}) at random moments, several times, for several seeds; then resumes the run in this JVM and
 * checks that its findings are exactly those of an uninterrupted run: none lost, none duplicated,
 * same ids, same classifications, same statistics.
 */
class KillResumeTest {

  static final Fixtures.Options OPTIONS = Fixtures.Options.defaults().withLiterature();
  private static final int CYCLES = 4;
  private static final int TASKS = 5;
  private static final long LATENCY_MS = 25;

  @TempDir Path tmp;

  @Test
  void aRunKilledAtRandomMomentsResumesWithNoFindingLostOrDuplicated() throws Exception {
    Path data = Fixtures.dataset(tmp.resolve("data"));
    List<Finding> reference;
    try (ResearchWorkflow wf =
        Fixtures.builder(tmp.resolve("reference"), data, Fixtures.executor(Duration.ZERO), OPTIONS)
            .literatureSource(Fixtures.literatureSource())
            .build()) {
      reference = wf.run(CYCLES, TASKS).findings();
    }
    assertThat(reference).hasSizeGreaterThan(CYCLES * (TASKS - 2));

    int killsThatHitARun = 0;
    // -Dkosmos.killResume.seeds=N runs N seeds instead of 3, for a longer soak
    int seeds = Integer.getInteger("kosmos.killResume.seeds", 3);
    for (long seed = 11; seed < 11 + seeds; seed++) {
      Path dir = tmp.resolve("run-" + seed);
      Random random = new Random(seed);
      for (int kill = 0; kill < 2; kill++) {
        int before = results(dir);
        Process child = fork(dir, data);
        awaitStarted(child);
        // Kill at a random point of the run: once a random number of tasks have committed, plus
        // a random few milliseconds, so kills land in planning, tasks, commits and cycle ends.
        int target = before + random.nextInt(Math.max(1, CYCLES * TASKS - before));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (child.isAlive() && results(dir) < target && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        Thread.sleep(random.nextInt(60));
        if (child.isAlive()) {
          child.destroyForcibly();
          killsThatHitARun++;
          System.out.printf(
              "seed %d: killed with %d task result(s) committed (target %d)%n",
              seed, results(dir), target);
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      ResearchResult resumed;
      try (ResearchWorkflow wf =
          Fixtures.builder(dir, data, Fixtures.executor(Duration.ZERO), OPTIONS)
              .literatureSource(Fixtures.literatureSource())
              .maxConcurrentTasks(3)
              .build()) {
        resumed = wf.run(CYCLES, TASKS);
      }
      assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
      List<String> ids = resumed.findings().stream().map(Finding::id).toList();
      assertThat(new HashSet<>(ids)).as("no duplicates (seed %d)", seed).hasSize(ids.size());
      assertThat(ids)
          .as("same findings (seed %d)", seed)
          .containsExactlyElementsOf(reference.stream().map(Finding::id).toList());
      for (int i = 0; i < reference.size(); i++) {
        assertThat(resumed.findings().get(i).classification())
            .isEqualTo(reference.get(i).classification());
        assertThat(resumed.findings().get(i).statistics()).isEqualTo(reference.get(i).statistics());
        assertThat(resumed.findings().get(i).validation()).isEqualTo(reference.get(i).validation());
      }
      assertThat(WorldFiles.findingIds(dir.resolve("world"))).containsExactlyElementsOf(ids);
      assertThat(Fixtures.files(dir, p -> p.getFileName().toString().endsWith(".kosmos-tmp")))
          .isEmpty();
    }
    // the kills must have interrupted runs, or the test proves nothing
    assertThat(killsThatHitARun).isGreaterThanOrEqualTo(3);
  }

  private static int results(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try {
      return Fixtures.files(dir, p -> p.getFileName().toString().equals("result.json")).size();
    } catch (java.io.UncheckedIOException e) {
      return 0; // a folder vanished while walking (a task starting again); try again
    }
  }

  private static Process fork(Path dir, Path data) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                KillResumeMain.class.getName(),
                dir.toString(),
                data.toString(),
                Integer.toString(CYCLES),
                Integer.toString(TASKS),
                Long.toString(LATENCY_MS)));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static void awaitStarted(Process child) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    StringBuilder seen = new StringBuilder();
    while ((line = out.readLine()) != null) {
      if (line.equals("started")) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // keep the pipe flowing
                    }
                  } catch (Exception ignored) {
                    // the child was killed
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return;
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("child ended before starting:\n" + seen);
  }
}
