package io.kosmos.sandbox;

import io.kosmos.api.SandboxUnavailableException;

/**
 * What the integration tests of this module need: the real Docker sandbox. Without a Docker engine
 * or the executor image they fail, never skip, with the sandbox's own diagnosis and its fix.
 */
public final class Sandbox {

  private Sandbox() {}

  /**
   * Opens the real sandbox executor, or fails with the fix.
   *
   * @return the executor; the caller closes it
   */
  public static DockerSandboxExecutor open() {
    SandboxDiagnosis d = SandboxDiagnosis.of(SandboxConfig.defaults());
    if (!d.ready()) {
      throw new SandboxUnavailableException(
          "this integration test needs a Docker engine and the executor image: "
              + d.problem()
              + "; fix: "
              + d.fix());
    }
    return DockerSandboxExecutor.create(
        SandboxConfig.builder()
            .pool(PoolOptions.builder().minIdle(2).build())
            .kernel(
                KernelOptions.builder()
                    .warmupCode(
                        "import numpy, pandas, scipy.stats, statsmodels.api,"
                            + " statsmodels.formula.api, matplotlib, matplotlib.pyplot\n")
                    .build())
            .build());
  }
}
