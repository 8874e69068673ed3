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

  /** A config for tests: small limits so containment tests are quick, own sandbox root. */
  static SandboxConfig.Builder testConfig(Path root) {
    return SandboxConfig.builder()
        .sandboxRoot(root)
        .memoryLimitBytes(1L << 30)
        .workspaceSizeBytes(64L << 20)
        .interruptGrace(java.time.Duration.ofSeconds(2))
        .restartTimeout(java.time.Duration.ofSeconds(20))
        .poolMinIdle(1)
        .poolMaxContainers(4);
  }

  static Path tempRoot(String name) {
    try {
      return Files.createTempDirectory("kosmos-it-" + name + "-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
