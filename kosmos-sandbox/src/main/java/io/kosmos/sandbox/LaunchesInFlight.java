package io.kosmos.sandbox;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The containers a {@link ContainerLauncher} is starting (created, Jupyter and the kernel not up
 * yet: 10 to 55 s on a loaded machine), so that closing the executor removes them at once instead
 * of waiting for each warm-up to finish. A launch registers its container as soon as Docker has
 * created it and checks {@link #aborted()} right after: either the abort sees the container, or the
 * launch sees the abort and removes it itself, so no container is left either way. A container
 * created by a JVM that dies before registering it carries the owner's labels, and the {@link
 * Reaper} of the next executor removes it.
 */
final class LaunchesInFlight {

  private final Map<String, HostDirectory> starting = new LinkedHashMap<>();
  private boolean aborted;

  /**
   * Registers a container being started.
   *
   * @param containerId the container
   * @param dir its host directory
   * @throws IOException if the launches were aborted (the caller removes the container)
   */
  synchronized void started(String containerId, HostDirectory dir) throws IOException {
    if (aborted) {
      throw new IOException("the executor is closing; the container being started is removed");
    }
    starting.put(containerId, dir);
  }

  /**
   * Forgets a container whose launch ended (ready, or failed and removed).
   *
   * @param containerId the container, or {@code null}
   */
  synchronized void ended(String containerId) {
    if (containerId != null) {
      starting.remove(containerId);
    }
  }

  /** Whether {@link #abort} was called. */
  synchronized boolean aborted() {
    return aborted;
  }

  /**
   * Aborts every launch in flight and every later one: removes the containers being started (their
   * launch then fails quickly, finding its container gone).
   *
   * @param remover removes a container and its host directory
   * @return how many containers were being started
   */
  int abort(BiConsumer<String, HostDirectory> remover) {
    Map<String, HostDirectory> now;
    synchronized (this) {
      aborted = true;
      now = new LinkedHashMap<>(starting);
      starting.clear();
    }
    now.forEach(remover);
    return now.size();
  }
}
