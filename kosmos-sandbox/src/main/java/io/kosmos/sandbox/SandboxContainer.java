package io.kosmos.sandbox;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.sandbox.internal.JupyterClient;
import io.kosmos.sandbox.internal.KernelChannel;
import io.kosmos.sandbox.internal.SocketPeer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.OkHttpClient;

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

  /**
   * Completes once Jupyter Server has adopted the container's first kernel, which may be handed out
   * before the server answers ({@link PrestartedKernel}); complete from the start otherwise.
   * Whatever goes through the server waits for it ({@link #awaitServer}).
   */
  volatile CompletableFuture<Void> server = CompletableFuture.completedFuture(null);

  /** Set when the container is being removed: what fails in it after that is no news. */
  volatile boolean removed;

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

  /**
   * A container whose server listens on the Unix socket in its {@code /run/kosmos}: a tmpfs of the
   * container, reached through the container's first process's root ({@code /proc/<pid>/root}),
   * every socket checked to be served by a process of the container.
   */
  static SandboxContainer overSocket(
      OkHttpClient http,
      String containerId,
      String name,
      String imageRef,
      HostDirectory dir,
      InspectContainerResponse inspect,
      long memoryLimitBytes)
      throws IOException {
    Long pid = inspect.getState().getPidLong();
    if (pid == null || pid <= 0) {
      throw new IOException("container " + name + " has no process (it stopped at once)");
    }
    Path runDir =
        Path.of(
            "/proc", Long.toString(pid), "root", ContainerLauncher.CONTAINER_RUN_DIR.substring(1));
    SocketPeer peer;
    try {
      peer = SocketPeer.inContainer(pid, name);
    } catch (IOException e) {
      throw new SandboxUnavailableException(
          "this JVM cannot see the processes of container "
              + name
              + " (/proc/"
              + pid
              + ": "
              + e.getMessage()
              + "); NetworkMode.NONE reaches the kernel through the container's own files, so run"
              + " the JVM on the Docker host (a JVM in a container needs --pid host), or use"
              + " NetworkMode.INTERNAL",
          e);
    }
    JupyterClient client =
        JupyterClient.overUnixSocket(http, runDir.resolve(ContainerLauncher.SOCKET_NAME), peer);
    return new SandboxContainer(
        containerId, name, imageRef, dir, runDir, peer, client, memoryLimitBytes);
  }

  /**
   * Waits until Jupyter Server has adopted the first kernel, so that {@link #kernelId} names it.
   *
   * @param timeout how long to wait
   * @throws IOException if the server did not answer or runs another kernel
   */
  void awaitServer(Duration timeout) throws IOException {
    try {
      server.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IOException(
          "Jupyter Server in "
              + this
              + " did not adopt its first kernel: "
              + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("Jupyter Server in " + this + " did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for Jupyter Server in " + this, e);
    }
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
