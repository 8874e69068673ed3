package io.kosmos.sandbox;

import io.kosmos.api.SandboxUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the integration tests need from the machine: a Docker engine and the executor image. They
 * fail (never skip) without them, with the command that fixes it.
 */
final class SandboxEngine {
  private SandboxEngine() {}

  /** Throws {@link SandboxUnavailableException} with the fix if the engine or image is missing. */
  static void require() {
    SandboxDiagnosis d = SandboxDiagnosis.of(SandboxConfig.defaults());
    if (!d.ready()) {
      throw new SandboxUnavailableException(
          "the sandbox integration tests need a Docker engine and the executor image: "
              + d.problem()
              + "; fix: "
              + d.fix());
    }
  }

  /** Small limits, so that containment tests are quick. */
  static final ContainerLimits TEST_LIMITS =
      ContainerLimits.builder().memoryLimitBytes(1L << 30).workspaceSizeBytes(64L << 20).build();

  static final KernelOptions TEST_KERNEL =
      KernelOptions.builder()
          .interruptGrace(java.time.Duration.ofSeconds(2))
          .restartTimeout(java.time.Duration.ofSeconds(20))
          .build();

  static final PoolOptions TEST_POOL = PoolOptions.builder().minIdle(1).maxContainers(4).build();

  /**
   * A config for tests: {@link #TEST_LIMITS}, {@link #TEST_KERNEL}, {@link #TEST_POOL} and its own
   * sandbox root. Made with {@code toBuilder()}, so a test may set each option once more; to change
   * one value of a group, derive it: {@code .pool(TEST_POOL.newBuilder().minIdle(2).build())}.
   */
  static SandboxConfig.Builder testConfig(Path root) {
    return SandboxConfig.builder()
        .sandboxRoot(root)
        .limits(TEST_LIMITS)
        .kernel(TEST_KERNEL)
        .pool(TEST_POOL)
        .build()
        .toBuilder();
  }

  static Path tempRoot(String name) {
    try {
      return Files.createTempDirectory("kosmos-it-" + name + "-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
