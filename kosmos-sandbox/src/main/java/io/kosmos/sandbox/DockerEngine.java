package io.kosmos.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Connects docker-java to the engine the config names (or {@code DOCKER_HOST}, or the default). */
final class DockerEngine {
  private DockerEngine() {}

  /** A connected client and the address it talks to. */
  public record Connection(DockerClient client, String host) {}

  /**
   * Makes a client; does not contact the engine yet.
   *
   * @param dockerHost the engine address, or {@code null} for the default
   * @param responseTimeout how long one API call may take
   * @return the client
   */
  public static Connection connect(@Nullable String dockerHost, Duration responseTimeout) {
    DefaultDockerClientConfig.Builder builder =
        DefaultDockerClientConfig.createDefaultConfigBuilder();
    if (dockerHost != null) {
      builder.withDockerHost(dockerHost);
    }
    DefaultDockerClientConfig config = builder.build();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .maxConnections(64)
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(responseTimeout)
            .build();
    return new Connection(
        DockerClientImpl.getInstance(config, http), String.valueOf(config.getDockerHost()));
  }

  /** The innermost message of an exception, for one-line diagnoses. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
