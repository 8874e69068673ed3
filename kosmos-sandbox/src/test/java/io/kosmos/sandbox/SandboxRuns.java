package io.kosmos.sandbox;

import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.core.fixtures.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What the engine's integration tests need: a Docker engine, the executor image and a sandbox
 * executor whose containers can be told apart from other tests' (its own sandbox root). The tests
 * fail, never skip, without Docker.
 */
final class SandboxRuns {
  private SandboxRuns() {}

  static void requireDocker() {
    SandboxDiagnosis d = SandboxDiagnosis.of(SandboxConfig.defaults());
    if (!d.ready()) {
      throw new SandboxUnavailableException(
          "the engine integration tests need a Docker engine and the executor image: "
              + d.problem()
              + "; fix: "
              + d.fix());
    }
  }

  static DockerSandboxExecutor executor(Path sandboxRoot, Path auditLog) {
    return DockerSandboxExecutor.create(
        SandboxConfig.builder()
            .sandboxRoot(sandboxRoot)
            .kernel(KernelOptions.builder().auditLog(auditLog).build())
            .limits(ContainerLimits.builder().memoryLimitBytes(1L << 30).build())
            .pool(PoolOptions.builder().minIdle(1).maxContainers(4).build())
            .build());
  }

  /**
   * The test team's dataset (the columns of {@link Fixtures#VARIABLES} and {@link
   * Fixtures#OUTCOME}, 442 rows) with real effects planted: the outcome is a sum of every variable
   * plus noise, so each correlation is about 0.3 and the test team's findings pass validation when
   * the statistics come from the real kernel.
   *
   * @param dir where to write it
   * @return the CSV file
   */
  static Path plantedDataset(Path dir) {
    List<String> variables = Fixtures.VARIABLES;
    StringBuilder sb =
        new StringBuilder(String.join(",", variables) + "," + Fixtures.OUTCOME + "\n");
    Random r = new Random(7);
    for (int i = 0; i < 442; i++) {
      double outcome = 150 + 40 * r.nextGaussian();
      for (String v : variables) {
        double x = r.nextGaussian();
        outcome += 20 * x;
        sb.append(String.format(Locale.ROOT, "%.4f,", x));
      }
      sb.append(String.format(Locale.ROOT, "%.1f\n", outcome));
    }
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve("diabetes.csv"), sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Docker containers (any state) whose sandbox directory lies under {@code root}. */
  static List<String> containersUnder(Path root) {
    List<String> found = new ArrayList<>();
    for (String line :
        docker(
            "ps",
            "-a",
            "--filter",
            "label=io.kosmos.sandbox",
            "--format",
            "{{.ID}} {{.Label \"io.kosmos.sandbox.dir\"}}")) {
      String[] parts = line.split(" ", 2);
      if (parts.length == 2 && parts[1].startsWith(root.toString())) {
        found.add(parts[0]);
      }
    }
    return found;
  }

  private static List<String> docker(String... args) {
    List<String> command = new ArrayList<>();
    command.add("docker");
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("docker " + String.join(" ", args) + " failed: " + out);
      }
      return out.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
