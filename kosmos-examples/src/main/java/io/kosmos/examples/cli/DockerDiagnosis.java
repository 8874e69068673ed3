package io.kosmos.examples.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Docker part of {@code kosmos doctor}: is an engine reachable, is the executor image built.
 */
final class DockerDiagnosis {

  static final String SETUP = "scripts/setup-sandbox.sh";
  static final String IMAGE = "kosmos-executor:latest";

  private DockerDiagnosis() {}

  static List<DoctorCheck> run(Map<String, String> env) {
    DefaultDockerClientConfig config;
    try {
      config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    } catch (RuntimeException e) {
      return List.of(engineMissing("the Docker configuration cannot be read: " + e.getMessage()));
    }
    String host = String.valueOf(config.getDockerHost());
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .connectionTimeout(Duration.ofSeconds(2))
            .responseTimeout(Duration.ofSeconds(10))
            .build();
    try (DockerClient docker = DockerClientImpl.getInstance(config, http)) {
      Version version;
      try {
        version = docker.versionCmd().exec();
      } catch (RuntimeException e) {
        return List.of(
            engineMissing("no engine answers at " + host + " (" + rootMessage(e) + ")"),
            new DoctorCheck(
                "Executor image", DoctorCheck.Status.MISSING, "unknown: no Docker engine", SETUP));
      }
      DoctorCheck engine =
          new DoctorCheck(
              "Docker engine",
              DoctorCheck.Status.OK,
              "Docker " + version.getVersion() + " at " + host,
              "");
      try {
        docker.inspectImageCmd(IMAGE).exec();
        return List.of(engine, new DoctorCheck("Executor image", DoctorCheck.Status.OK, IMAGE, ""));
      } catch (NotFoundException e) {
        return List.of(
            engine,
            new DoctorCheck(
                "Executor image",
                DoctorCheck.Status.MISSING,
                IMAGE + " is not built",
                SETUP + " (builds it; several minutes the first time)"));
      }
    } catch (java.io.IOException | RuntimeException e) {
      return List.of(engineMissing(host + ": " + rootMessage(e)));
    }
  }

  private static DoctorCheck engineMissing(String found) {
    return new DoctorCheck(
        "Docker engine",
        DoctorCheck.Status.MISSING,
        found,
        SETUP + " (on Debian as root it installs docker.io and starts dockerd)");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
