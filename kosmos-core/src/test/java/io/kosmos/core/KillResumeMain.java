package io.kosmos.core;

import io.kosmos.api.ResearchWorkflow;
import io.kosmos.core.fixtures.Fixtures;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link KillResumeTest}: runs a small workflow with the deterministic test
 * roles and a mock executor with latency, until it is killed.
 */
public final class KillResumeMain {
  private KillResumeMain() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    Path data = Path.of(args[1]);
    int cycles = Integer.parseInt(args[2]);
    int tasks = Integer.parseInt(args[3]);
    long latencyMs = Long.parseLong(args[4]);
    try (ResearchWorkflow wf =
        Fixtures.builder(
                dir, data, Fixtures.executor(Duration.ofMillis(latencyMs)), KillResumeTest.OPTIONS)
            .literatureSource(Fixtures.literatureSource())
            .maxConcurrentTasks(3)
            .build()) {
      System.out.println("started");
      System.out.flush();
      wf.run(cycles, tasks);
    }
    System.out.println("done");
    System.out.flush();
  }
}
