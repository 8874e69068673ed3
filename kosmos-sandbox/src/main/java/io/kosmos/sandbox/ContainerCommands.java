package io.kosmos.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a command in a running container ({@code docker exec}), for the pool's resets. */
final class ContainerCommands {

  private ContainerCommands() {}

  /**
   * What a command printed (its first 16 KiB) and how it ended.
   *
   * @param exitCode its exit code, or -1 if unknown
   * @param output standard output and error, interleaved
   */
  record Result(long exitCode, String output) {}

  /**
   * Runs a command as a user and waits for it.
   *
   * @param docker the engine
   * @param container the container
   * @param user {@code uid:gid}
   * @param timeout how long it may take
   * @param command the command and its arguments
   * @return how it ended
   * @throws IOException if it does not finish in time
   */
  static Result run(
      DockerClient docker,
      SandboxContainer container,
      String user,
      Duration timeout,
      String... command)
      throws IOException {
    String execId =
        docker
            .execCreateCmd(container.id)
            .withUser(user)
            .withAttachStdout(true)
            .withAttachStderr(true)
            .withCmd(command)
            .exec()
            .getId();
    StringBuilder output = new StringBuilder();
    try {
      boolean done =
          docker
              .execStartCmd(execId)
              .exec(
                  new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                      synchronized (output) {
                        if (output.length() < 16_384) {
                          output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                      }
                    }
                  })
              .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        throw new IOException(
            String.join(" ", command) + " did not finish within " + timeout + " in " + container);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + String.join(" ", command), e);
    }
    Long exit = docker.inspectExecCmd(execId).exec().getExitCodeLong();
    synchronized (output) {
      return new Result(exit == null ? -1 : exit, output.toString());
    }
  }
}
