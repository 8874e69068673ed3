package io.kosmos.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Docker engine can tell about a container after something went wrong: whether the kernel
 * OOM killer struck it (so that a dead kernel is reported as out of memory, not as a crash), and
 * its last log lines (so that a container that did not come up says why). Both wait a few seconds
 * at most and never fail: without an answer they say nothing.
 */
final class ContainerDiagnostics {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerDiagnostics.class);

  private final DockerClient docker;

  ContainerDiagnostics(DockerClient docker) {
    this.docker = docker;
  }

  /**
   * Whether the kernel OOM killer struck in the container since a time, from the engine's events.
   *
   * @param containerId the container
   * @param since the start of the window
   * @return {@code true} if an {@code oom} event was reported
   */
  boolean oomKilledSince(String containerId, Instant since) {
    CountDownLatch finished = new CountDownLatch(1);
    List<Event> events = new ArrayList<>();
    long until = Instant.now().getEpochSecond() + 1;
    try {
      docker
          .eventsCmd()
          .withContainerFilter(containerId)
          .withEventFilter("oom")
          .withSince(Long.toString(since.getEpochSecond() - 1))
          .withUntil(Long.toString(until))
          .exec(
              new ResultCallback.Adapter<Event>() {
                @Override
                public void onNext(Event event) {
                  synchronized (events) {
                    events.add(event);
                  }
                }

                @Override
                public void onComplete() {
                  finished.countDown();
                }

                @Override
                public void onError(Throwable throwable) {
                  finished.countDown();
                }
              });
      finished.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.debug("cannot read the engine's events: {}", e.getMessage());
    }
    synchronized (events) {
      if (!events.isEmpty()) {
        return true;
      }
    }
    try {
      InspectContainerResponse.ContainerState state =
          docker.inspectContainerCmd(containerId).exec().getState();
      return Boolean.TRUE.equals(state.getOOMKilled()) && !Boolean.TRUE.equals(state.getRunning());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The last lines the container logged, to add to a failure's message.
   *
   * @param containerId the container
   * @return {@code "; container log:\n..."}, or an empty string if there is nothing to show
   */
  String logsTail(String containerId) {
    StringBuilder out = new StringBuilder();
    CountDownLatch done = new CountDownLatch(1);
    try {
      docker
          .logContainerCmd(containerId)
          .withStdOut(true)
          .withStdErr(true)
          .withTail(20)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  synchronized (out) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                  }
                }

                @Override
                public void onComplete() {
                  done.countDown();
                }

                @Override
                public void onError(Throwable throwable) {
                  done.countDown();
                }
              });
      done.await(3, TimeUnit.SECONDS);
    } catch (RuntimeException | InterruptedException e) {
      return "";
    }
    synchronized (out) {
      return out.isEmpty() ? "" : "; container log:\n" + out.toString().strip();
    }
  }
}
