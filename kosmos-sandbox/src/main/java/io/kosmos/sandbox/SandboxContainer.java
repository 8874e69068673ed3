package io.kosmos.sandbox;

import io.kosmos.sandbox.internal.JupyterClient;
import io.kosmos.sandbox.internal.KernelChannel;
import io.kosmos.sandbox.internal.SocketPeer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * One running executor container: its Docker id, name and image, its host directory, the Jupyter
 * client that reaches its server (Unix socket or TCP), and its current kernel with the open channel
 * to it. Made by {@link ContainerLauncher}, kept warm by {@link ContainerPool}, used by one session
 * at a time.
 */
final class SandboxContainer {

  final String id;
  final String name;
  final HostDirectory hostDir;
  final JupyterClient client;

  /** The container's {@code /run/kosmos} as the host reaches it, or {@code null} over TCP. */
  final Path runDir;

  /** Accepts only processes of this container at the other end of its sockets. */
  final SocketPeer peer;

  /** The image the container runs. */
  final String image;

  final long createdNanos = System.nanoTime();
  final Instant createdAt = Instant.now();

  /** The client session id, stable for the container's life. */
  final String clientSession = UUID.randomUUID().toString();

  volatile String kernelId;
  volatile KernelChannel channel;

  /** The run this container served, once it served one: it never serves another. */
  volatile String runId;

  volatile long memoryLimitBytes;
  int sessionsServed;

  SandboxContainer(
      String id,
      String name,
      String image,
      HostDirectory hostDir,
      Path runDir,
      SocketPeer peer,
      JupyterClient client,
      long memoryLimitBytes) {
    this.id = id;
    this.name = name;
    this.image = image;
    this.hostDir = hostDir;
    this.runDir = runDir;
    this.peer = peer;
    this.client = client;
    this.memoryLimitBytes = memoryLimitBytes;
  }

  String shortId() {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  boolean healthy() {
    KernelChannel c = channel;
    return c != null && c.isOpen();
  }

  @Override
  public String toString() {
    return name + " (" + shortId() + ")";
  }
}
