package io.kosmos.sandbox;

import io.kosmos.api.ResearchWorkflow;
import io.kosmos.core.fixtures.Fixtures;
import java.nio.file.Path;

/**
 * The child process of {@link EngineWithSandboxIT#aKilledRunResumesWithTheRealSandbox}: runs a
 * workflow with the engine's deterministic test roles in the real Docker sandbox until it is
 * killed.
 */
public final class SandboxKillMain {
  private SandboxKillMain() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    Path data = Path.of(args[1]);
    Path sandboxRoot = Path.of(args[2]);
    int cycles = Integer.parseInt(args[3]);
    int tasks = Integer.parseInt(args[4]);
    DockerSandboxExecutor executor =
        SandboxRuns.executor(sandboxRoot, dir.resolveSibling(dir.getFileName() + "-audit.jsonl"));
    try (ResearchWorkflow wf =
        Fixtures.builder(dir, data, executor, Fixtures.Options.defaults())
            .maxConcurrentTasks(2)
            .build()) {
      System.out.println("started");
      System.out.flush();
      wf.run(cycles, tasks);
    } finally {
      executor.close();
    }
    System.out.println("done");
    System.out.flush();
  }
}
