package io.kosmos.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.sandbox.internal.KernelChannel;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first kernel of a new container, reached before Jupyter Server answers. The image's entry
 * point starts that kernel beside the server, on the ipc sockets {@code kernel-1} ... {@code
 * kernel-5} of the run directory, signed with the key the executor put in the container's
 * environment ({@code KOSMOS_KERNEL_KEY}); the server adopts it on the first {@code POST
 * /api/kernels} (see {@code kosmos_provisioner.py}). Both start at once: the channel opens and the
 * setup code runs while the server is still importing itself. A kernel set up before the server
 * answers is handed out at once (cells go to the kernel, not through the server); what needs the
 * server (interrupts, restarts, files) waits until it has reported this very kernel (same sockets,
 * same key) as the one it started ({@link SandboxContainer#awaitServer}). If the server answers
 * first, the container is handed out after that check; if it reports another kernel (it did not
 * adopt this one), that one is used, as for any later kernel, and a container already handed out is
 * removed.
 *
 * <p>The key is no secret from the kernel (it signs its own messages with it); it keeps processes
 * that are not the kernel from being taken for it, as every kernel's key does.
 */
final class PrestartedKernel {

  private static final Logger LOG = LoggerFactory.getLogger(PrestartedKernel.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The variable that gives the entry point the key. */
  static final String KEY_VARIABLE = "KOSMOS_KERNEL_KEY";

  /** The entry point's numbering of the kernel's sockets: shell 1, iopub 2 (then 3, 4, 5). */
  private static final int SHELL_PORT = 1;

  private static final int IOPUB_PORT = 2;

  private PrestartedKernel() {}

  /**
   * A fresh key: 32 random bytes in hex, as the entry point accepts it.
   *
   * @return the key
   */
  static String newKey() {
    return randomHex(32);
  }

  /**
   * Random bytes in hex, for keys and tokens.
   *
   * @param bytes how many bytes
   * @return twice as many hex digits
   */
  static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** What the executor knows of the kernel before anything answers. */
  static JsonNode connectionInfo(String key) {
    ObjectNode info = JsonNodeFactory.instance.objectNode();
    info.put("transport", "ipc");
    info.put(
        "ip", ContainerLauncher.CONTAINER_RUN_DIR + "/" + ContainerLauncher.KERNEL_SOCKET_PREFIX);
    info.put("shell_port", SHELL_PORT);
    info.put("iopub_port", IOPUB_PORT);
    info.put("key", key);
    info.put("signature_scheme", "hmac-sha256");
    return info;
  }

  /**
   * Whether the server's connection info names the kernel the executor expects.
   *
   * @param reported the server's {@code kosmos_connection}
   * @param expected {@link #connectionInfo}
   * @return whether transport, sockets and key all agree
   */
  static boolean same(JsonNode reported, JsonNode expected) {
    for (String field : new String[] {"transport", "ip", "shell_port", "iopub_port", "key"}) {
      if (!reported.path(field).asText("\0").equals(expected.path(field).asText())) {
        return false;
      }
    }
    return true;
  }

  /** Opens the channel to a kernel and sets it up (with the CPU limit). */
  @FunctionalInterface
  interface Opener {
    KernelChannel open(JsonNode info, StartPhases phases, long deadline) throws IOException;
  }

  /** The server of a container handed out early runs another kernel than the one handed out. */
  static final class NotAdopted extends IOException {
    NotAdopted() {
      super("the server runs another kernel than the one its entry point started");
    }
  }

  /** What the server says of its first kernel: its id, and whether it is the expected one. */
  record Adoption(String kernelId, boolean same) {}

  /**
   * Opens the channel to the container's first kernel and sets it up while the server starts and
   * adopts it.
   *
   * <p>With {@code early}, a kernel set up before the server has answered is handed out at once:
   * {@code container.server} completes once the server has adopted it ({@code container.kernelId}
   * then names it), or fails if the server runs another kernel or does not answer in time. Without
   * it, or when the server answers first, the container is handed out only after the adoption.
   *
   * @param container the new container
   * @param key the key it was given
   * @param opener opens and sets up a channel (the launcher's)
   * @param deadline the start's deadline, in {@link System#nanoTime()}
   * @param startTimeout the start timeout, for messages
   * @param phases the launch's phases: the kernel ready (handed out early), or the server, the
   *     kernel and the wait for the channel (the channel's own phases are logged at DEBUG)
   * @param launcher the launcher, for the engine
   * @param early whether a kernel set up before the server answers may be handed out
   * @return the channel to the kernel, set up; or {@code null} when the server runs another kernel
   *     ({@code container.kernelId} names it)
   * @throws IOException if the server or the kernel does not come up in time
   */
  static KernelChannel open(
      SandboxContainer container,
      String key,
      Opener opener,
      long deadline,
      Duration startTimeout,
      StartPhases phases,
      ContainerLauncher launcher,
      boolean early)
      throws IOException {
    JsonNode expected = connectionInfo(key);
    StartPhases beside = new StartPhases();
    CompletableFuture<KernelChannel> direct = new CompletableFuture<>();
    Thread runner =
        Thread.ofVirtual()
            .name("kernel-" + container.name)
            .start(() -> complete(direct, () -> opener.open(expected, beside, deadline)));
    StartPhases serving = new StartPhases();
    CompletableFuture<Adoption> server = new CompletableFuture<>();
    Thread asker =
        Thread.ofVirtual()
            .name("server-" + container.name)
            .start(
                () ->
                    complete(
                        server,
                        () ->
                            adoption(
                                container, expected, deadline, startTimeout, serving, launcher)));
    try {
      awaitEither(direct, server, deadline, container);
      if (early && !server.isDone() && !direct.isCompletedExceptionally()) {
        KernelChannel channel = direct.join();
        phases.mark("kernel");
        LOG.debug(
            "{}: beside the server: {}; handed out before the server answered", container, beside);
        container.server =
            server.thenAccept(
                a -> {
                  if (!a.same()) {
                    throw new CompletionException(new NotAdopted());
                  }
                  container.kernelId = a.kernelId();
                  channel.identify(a.kernelId());
                  LOG.debug("{}: the server adopted its first kernel: {}", container, serving);
                });
        return channel;
      }
      Adoption adopted = await(server, deadline, container, "Jupyter Server in " + container);
      phases.mark("server");
      container.kernelId = adopted.kernelId();
      if (!adopted.same()) {
        LOG.info(
            "Jupyter Server in {} runs another kernel than the one its entry point started;"
                + " connecting to that one",
            container);
        discard(direct, runner);
        return null;
      }
      KernelChannel channel = await(direct, deadline, container, "the kernel of " + container);
      channel.identify(adopted.kernelId());
      phases.mark("channel");
      LOG.debug("{}: beside the server: {}; the server: {}", container, beside, serving);
      return channel;
    } catch (IOException | RuntimeException e) {
      discard(direct, runner);
      asker.interrupt();
      throw e;
    }
  }

  /** The server's answer on its first kernel, once it answers. */
  private static Adoption adoption(
      SandboxContainer container,
      JsonNode expected,
      long deadline,
      Duration startTimeout,
      StartPhases phases,
      ContainerLauncher launcher)
      throws IOException {
    ServerWait.await(launcher.docker(), container, false, deadline, startTimeout);
    phases.mark("server");
    String kernelId = container.client.startKernel("python3", remaining(deadline));
    JsonNode reported =
        container.client.kernel(kernelId, remaining(deadline)).path("kosmos_connection");
    phases.mark("kernel");
    return new Adoption(kernelId, same(reported, expected));
  }

  /** What may fail with an {@link IOException}. */
  @FunctionalInterface
  private interface Step<T> {
    T run() throws IOException;
  }

  private static <T> void complete(CompletableFuture<T> future, Step<T> step) {
    try {
      future.complete(step.run());
    } catch (Throwable t) {
      future.completeExceptionally(t);
    }
  }

  private static void awaitEither(
      CompletableFuture<?> a, CompletableFuture<?> b, long deadline, SandboxContainer container)
      throws IOException {
    try {
      CompletableFuture.anyOf(a, b)
          .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      // one of them failed: the caller looks at which
    } catch (TimeoutException e) {
      throw new IOException(
          "neither the kernel nor the server of " + container + " answered in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + container, e);
    }
  }

  private static IOException rethrown(Throwable cause, SandboxContainer container) {
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof RuntimeException r) {
      throw r;
    }
    return new IOException("cannot start " + container, cause);
  }

  /** Waits for one of the two paths: its result, or its failure as an {@link IOException}. */
  private static <T> T await(
      CompletableFuture<T> path, long deadline, SandboxContainer container, String whoAnswers)
      throws IOException {
    try {
      return path.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw rethrown(e.getCause(), container);
    } catch (TimeoutException e) {
      throw new IOException(whoAnswers + " did not answer in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + container, e);
    }
  }

  /**
   * Stops an attempt that is no longer wanted: interrupted, it fails and closes what it opened; if
   * it got its channel all the same, that is closed once it has.
   */
  private static void discard(CompletableFuture<KernelChannel> direct, Thread runner) {
    runner.interrupt();
    direct.thenAccept(KernelChannel::close);
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
  }
}
