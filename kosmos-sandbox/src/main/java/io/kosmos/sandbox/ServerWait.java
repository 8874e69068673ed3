package io.kosmos.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

/** Waits for the Jupyter Server of a container just started to answer (for ContainerLauncher). */
final class ServerWait {

  private ServerWait() {}

  /**
   * Polls the server until it answers, checking now and then that the container still runs.
   *
   * @param docker the engine
   * @param container the container
   * @param tcp whether the server listens on TCP (else on the socket in its run directory)
   * @param deadline when to give up, in {@link System#nanoTime()}
   * @param startTimeout the timeout, for the message
   * @throws IOException if the container stops or the server does not answer in time
   */
  static void await(
      DockerClient docker,
      SandboxContainer container,
      boolean tcp,
      long deadline,
      Duration startTimeout)
      throws IOException {
    long nextInspect = System.nanoTime() + 300_000_000L;
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (tcp || Files.exists(container.runDir.resolve(ContainerLauncher.SOCKET_NAME))) {
        try {
          container.client.api(Duration.ofSeconds(2));
          return;
        } catch (IOException e) {
          last = e;
        }
      }
      if (System.nanoTime() > nextInspect) {
        nextInspect = System.nanoTime() + 300_000_000L;
        InspectContainerResponse.ContainerState state =
            docker.inspectContainerCmd(container.id).exec().getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
          throw new IOException(
              "container "
                  + container.name
                  + " exited ("
                  + state.getExitCodeLong()
                  + ") before Jupyter Server answered");
        }
      }
      sleep(tcp ? 50 : 10);
    }
    throw new IOException(
        "Jupyter Server in container "
            + container.name
            + " did not answer within "
            + startTimeout
            + (last == null ? "" : " (" + last.getMessage() + ")"));
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a container", e);
    }
  }
}
