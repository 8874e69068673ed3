package io.kosmos.cli;

import io.kosmos.sandbox.DockerSandboxExecutor;
import io.kosmos.sandbox.SandboxConfig;
import io.kosmos.sandbox.SandboxDiagnosis;
import java.util.List;
import java.util.Map;

/**
 * The Docker part of {@code kosmos doctor}: is an engine reachable, is the executor image (the
 * content-hash tag this build needs) there. The checks are the sandbox module's own ({@link
 * SandboxDiagnosis}), the same ones {@link DockerSandboxExecutor#create} fails with.
 */
final class DockerDiagnosis {

  private DockerDiagnosis() {}

  static List<DoctorCheck> run(Map<String, String> env) {
    return checks(DockerSandboxExecutor.diagnose(SandboxConfig.defaults()));
  }

  static List<DoctorCheck> checks(SandboxDiagnosis d) {
    if (!d.engineReachable()) {
      return List.of(
          new DoctorCheck("Docker engine", DoctorCheck.Status.MISSING, d.problem(), d.fix()),
          new DoctorCheck(
              "Executor image",
              DoctorCheck.Status.MISSING,
              "unknown: no Docker engine (needs " + d.image() + ")",
              SandboxDiagnosis.SETUP_COMMAND));
    }
    DoctorCheck engine =
        new DoctorCheck(
            "Docker engine",
            DoctorCheck.Status.OK,
            "Docker " + d.engineVersion() + " at " + d.dockerHost(),
            "");
    if (d.imagePresent()) {
      return List.of(
          engine, new DoctorCheck("Executor image", DoctorCheck.Status.OK, d.image(), ""));
    }
    return List.of(
        engine,
        new DoctorCheck(
            "Executor image", DoctorCheck.Status.MISSING, d.image() + " is not built", d.fix()));
  }
}
