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

  /** Set in the application image, which has no Docker engine of its own. */
  static final String APP_IMAGE = "KOSMOS_APP_IMAGE";

  static List<DoctorCheck> run(Map<String, String> env) {
    return checks(DockerSandboxExecutor.diagnose(SandboxConfig.defaults()), env);
  }

  static List<DoctorCheck> checks(SandboxDiagnosis d) {
    return checks(d, Map.of());
  }

  static List<DoctorCheck> checks(SandboxDiagnosis d, Map<String, String> env) {
    if (!d.engineReachable()) {
      String fix =
          env.containsKey(APP_IMAGE)
              ? "this is the Kosmos application image, which holds no Docker engine or socket:"
                  + " set DOCKER_HOST (for example tcp://docker-host:2376 with DOCKER_TLS_VERIFY=1"
                  + " and DOCKER_CERT_PATH) to an engine that sees the same sandbox root and data"
                  + " paths; see docs/operations/image.md"
              : d.fix();
      return List.of(
          new DoctorCheck("Docker engine", DoctorCheck.Status.MISSING, d.problem(), fix),
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
