package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.sandbox.SandboxDiagnosis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerDiagnosisTest {

  @Test
  void readyMachineGivesTwoOkLines() {
    List<DoctorCheck> checks =
        DockerDiagnosis.checks(
            new SandboxDiagnosis(
                "unix:///var/run/docker.sock", "20.10.24", "kosmos-executor:abc", true, "", ""));
    assertThat(checks).extracting(DoctorCheck::status).containsOnly(DoctorCheck.Status.OK);
    assertThat(checks.get(0).render()).contains("Docker 20.10.24 at unix:///var/run/docker.sock");
    assertThat(checks.get(1).render()).contains("kosmos-executor:abc");
  }

  @Test
  void missingImageNamesTheTagAndTheFix() {
    List<DoctorCheck> checks =
        DockerDiagnosis.checks(
            new SandboxDiagnosis(
                "unix:///var/run/docker.sock",
                "20.10.24",
                "kosmos-executor:abc",
                false,
                "the executor image kosmos-executor:abc is not built",
                "scripts/setup-sandbox.sh (builds it)"));
    assertThat(checks.get(1).status()).isEqualTo(DoctorCheck.Status.MISSING);
    assertThat(checks.get(1).render())
        .contains("kosmos-executor:abc is not built")
        .contains("fix: scripts/setup-sandbox.sh");
  }

  @Test
  void noEngineMarksBothMissing() {
    List<DoctorCheck> checks =
        DockerDiagnosis.checks(
            new SandboxDiagnosis(
                "unix:///x.sock",
                "",
                "kosmos-executor:abc",
                false,
                "no Docker engine answers at unix:///x.sock",
                "scripts/setup-sandbox.sh (on Debian as root it installs docker.io)"));
    assertThat(checks).extracting(DoctorCheck::status).containsOnly(DoctorCheck.Status.MISSING);
    assertThat(checks.get(0).render()).contains("no Docker engine answers");
    assertThat(checks.get(1).render()).contains("unknown: no Docker engine");
  }

  @Test
  void inTheApplicationImageTheFixIsDockerHostNotTheSetupScript() {
    SandboxDiagnosis none =
        new SandboxDiagnosis(
            "unix:///var/run/docker.sock",
            "",
            "kosmos-executor:abc",
            false,
            "no Docker engine answers at unix:///var/run/docker.sock",
            "scripts/setup-sandbox.sh (on Debian as root it installs docker.io)");
    DoctorCheck engine =
        DockerDiagnosis.checks(none, Map.of(DockerDiagnosis.APP_IMAGE, "1")).get(0);
    assertThat(engine.fix())
        .contains("application image")
        .contains("DOCKER_HOST")
        .doesNotContain("setup-sandbox");
    assertThat(DockerDiagnosis.checks(none, Map.of()).get(0).fix()).contains("setup-sandbox");
  }
}
