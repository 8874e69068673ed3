package io.kosmos.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KernelChannel} straight to the kernel's ZeroMQ sockets: a {@code DEALER} connection to
 * its shell {@code ROUTER} and a {@code SUB} connection to its IOPub {@code PUB}, both over the
 * Unix sockets the kernel binds in the container's host directory (the Jupyter Server in the
 * container starts kernels with {@code transport=ipc}). Messages are the Jupyter wire protocol:
 * {@code <IDS|MSG>}, the HMAC-SHA256 signature, header, parent header, metadata and content as JSON
 * frames.
 *
 * <p>No Jupyter Server between client and kernel, so each message is decoded once, in Java, instead
 * of being decoded and encoded again in Python by the server: a trivial cell's round trip is about
 * half that of the WebSocket path. The server still starts, interrupts and restarts the kernel and
 * serves the workspace files.
 *
 * <p>When the kernel process dies its sockets close: executions in flight end as {@code
 * KERNEL_DIED} at once and the channel closes; the session reconnects once the server has restarted
 * the kernel on the same socket paths. Signatures of incoming messages are not checked: the only
 * party that holds the key besides this client is the kernel, which runs the untrusted code and can
 * sign whatever it likes.
 *
 * <p>The kernel is not trusted in any other way either. Where it listens comes from the server's
 * answer (its connection info), not from a file in the socket directory that code can replace; each
 * socket's peer is checked before the first byte is sent ({@link SocketPeer}); a frame larger than
 * the channel's limit is read past through a small buffer and counted, never held; and a message
 * that cannot be read ends up in its cell's result as output missing.
 */
public final class ZmqChannel extends KernelChannel {

  private static final Logger LOG = LoggerFactory.getLogger(ZmqChannel.class);
  private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY_DICT = "{}".getBytes(StandardCharsets.US_ASCII);
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long PROBE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * Where a kernel listens, with socket paths as the host reaches them.
   *
   * @param shell the shell socket
   * @param iopub the IOPub socket
   * @param key the HMAC key (empty: messages are not signed)
   */
  public record Endpoints(Path shell, Path iopub, byte[] key) {}

  /** Frames kept per message: topic, delimiter, signature, four JSON parts and a few buffers. */
  private static final int MAX_FRAMES = 16;

  private final Endpoints endpoints;
  private final Mac mac;
  private final Zmtp shell;
  private final Zmtp iopub;
  private final long maxFrameBytes;
  private volatile boolean closing;
  private volatile String probe;
  private volatile CompletableFuture<Void> probeSeen = new CompletableFuture<>();

  private ZmqChannel(
      String kernelId,
      String sessionId,
      Endpoints endpoints,
      Mac mac,
      Zmtp shell,
      Zmtp iopub,
      long maxFrameBytes) {
    super(kernelId, sessionId);
    this.endpoints = endpoints;
    this.mac = mac;
    this.shell = shell;
    this.iopub = iopub;
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * Reads where a kernel listens from its connection info (the fields of a connection file).
   *
   * @param info the connection info: {@code transport}, {@code ip}, {@code shell_port}, {@code
   *     iopub_port}, {@code key}, {@code signature_scheme}
   * @param containerDir the folder of the container the kernel's sockets are in, for example {@code
   *     /run/kosmos}
   * @param hostDir that folder as the host reaches it
   * @return the endpoints
   * @throws IOException if the kernel does not listen on Unix sockets inside that folder with a
   *     supported signature scheme
   */
  public static Endpoints endpoints(JsonNode info, String containerDir, Path hostDir)
      throws IOException {
    String transport = info.path("transport").asText("tcp");
    if (!"ipc".equals(transport)) {
      throw new IOException(
          "the kernel listens on transport " + transport + "; a direct channel needs ipc");
    }
    String key = info.path("key").asText("");
    String scheme = info.path("signature_scheme").asText("hmac-sha256");
    if (!key.isEmpty() && !"hmac-sha256".equals(scheme)) {
      throw new IOException("the kernel signs with " + scheme + "; only hmac-sha256");
    }
    String ip = info.path("ip").asText("");
    String prefix = containerDir.endsWith("/") ? containerDir : containerDir + "/";
    String rest = ip.startsWith(prefix) ? ip.substring(prefix.length()) : "";
    if (!rest.matches("[A-Za-z0-9._-]+") || rest.startsWith(".")) {
      throw new IOException(
          "the kernel's sockets ("
              + ip
              + "-N) are not files directly inside "
              + containerDir
              + ", the folder the executor reaches");
    }
    Path shell = hostDir.resolve(rest + "-" + port(info, "shell_port"));
    Path iopub = hostDir.resolve(rest + "-" + port(info, "iopub_port"));
    return new Endpoints(shell, iopub, key.getBytes(StandardCharsets.UTF_8));
  }

  private static int port(JsonNode info, String field) throws IOException {
    int port = info.path(field).asInt(0);
    if (port <= 0) {
      throw new IOException("the kernel's connection info has no " + field);
    }
    return port;
  }

  /**
   * Connects to a kernel and waits until it answers and its IOPub messages reach this client (a
   * {@code SUB} receives nothing until the publisher has taken its subscription, so the channel
   * sends {@code kernel_info_request}s until one's IOPub status arrives).
   *
   * @param endpoints where the kernel listens
   * @param kernelId the kernel
   * @param sessionId the client session
   * @param peer checks each socket's peer before anything is sent to it
   * @param maxFrameBytes the largest frame kept whole; larger ones are read past (the output cap
   *     decides what a result keeps, this bounds what the channel holds)
   * @param timeout how long to wait, including for a kernel that is still starting
   * @return the open channel
   * @throws IOException if the kernel cannot be reached or does not answer in time
   */
  public static ZmqChannel open(
      Endpoints endpoints,
      String kernelId,
      String sessionId,
      SocketPeer peer,
      long maxFrameBytes,
      Duration timeout)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Connections connections =
        PlatformIo.call(() -> connectAll(endpoints, peer, kernelId, deadline, timeout));
    ZmqChannel channel =
        new ZmqChannel(
            kernelId,
            sessionId,
            endpoints,
            mac(endpoints.key()),
            connections.shell(),
            connections.iopub(),
            maxFrameBytes);
    channel.startReaders();
    try {
      channel.awaitReady(deadline, timeout);
      return channel;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  private record Connections(Zmtp shell, Zmtp iopub) {}

  /** Connects both sockets, retrying while the kernel is still starting. */
  private static Connections connectAll(
      Endpoints endpoints, SocketPeer peer, String kernelId, long deadline, Duration timeout)
      throws IOException {
    Zmtp shell = null;
    Zmtp iopub = null;
    while (iopub == null) {
      try {
        if (shell == null) {
          shell = connect(endpoints.shell(), peer, "DEALER", "ROUTER", deadline);
        }
        iopub = connect(endpoints.iopub(), peer, "SUB", "PUB", deadline);
        iopub.subscribe(new byte[0]);
      } catch (java.net.SocketException e) {
        // The kernel is still starting (or restarting): no listener yet.
        if (iopub != null) {
          iopub.close();
          iopub = null;
        }
        if (System.nanoTime() + RETRY_NANOS > deadline) {
          if (shell != null) {
            shell.close();
          }
          throw new IOException(
              "kernel "
                  + kernelId
                  + " did not accept a connection within "
                  + timeout
                  + " ("
                  + e.getMessage()
                  + ")",
              e);
        }
        try {
          sleepNanos(RETRY_NANOS);
        } catch (IOException interrupted) {
          if (shell != null) {
            shell.close();
          }
          throw interrupted;
        }
      } catch (IOException e) {
        if (shell != null) {
          shell.close();
        }
        throw new IOException("cannot connect to kernel " + kernelId + ": " + e.getMessage(), e);
      }
    }
    return new Connections(shell, iopub);
  }

  private static Zmtp connect(
      Path socket, SocketPeer peer, String type, String peerType, long deadline)
      throws IOException {
    AFUNIXSocket s = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socket));
    try {
      peer.check(s, "the kernel socket " + socket.getFileName());
    } catch (IOException e) {
      s.close();
      throw e;
    }
    // A peer that accepts but never greets must not hold the caller past its deadline.
    s.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    Zmtp zmtp = Zmtp.handshake(s, type);
    s.setSoTimeout(0);
    if (!peerType.equals(zmtp.peerSocketType())) {
      zmtp.close();
      throw new IOException(
          socket + " is a " + zmtp.peerSocketType() + " socket, not the kernel's " + peerType);
    }
    return zmtp;
  }

  private static Mac mac(byte[] key) throws IOException {
    if (key.length == 0) {
      return null;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IOException("HmacSHA256 is not available in this JDK", e);
    }
  }

  private void awaitReady(long deadline, Duration timeout) throws IOException {
    try {
      while (true) {
        String msgId = newId();
        CompletableFuture<Void> seen = new CompletableFuture<>();
        probeSeen = seen;
        probe = msgId;
        CompletableFuture<JsonNode> reply =
            request(msgId, "kernel_info_request", JupyterClient.JSON.createObjectNode());
        try {
          reply.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } finally {
          forgetReply(msgId);
        }
        // The kernel publishes busy/idle for the request around its reply: once subscribed, they
        // arrive within moments of it. Not seen soon: the subscription was late; ask again.
        long wait = Math.min(PROBE_WAIT_NANOS, deadline - System.nanoTime());
        try {
          seen.get(Math.max(1, wait), TimeUnit.NANOSECONDS);
          return;
        } catch (TimeoutException e) {
          if (System.nanoTime() >= deadline) {
            throw e;
          }
        }
      }
    } catch (TimeoutException e) {
      throw new IOException("kernel " + kernelId() + " did not answer within " + timeout);
    } catch (ExecutionException e) {
      throw new IOException(
          "kernel " + kernelId() + " closed its connection while starting: " + closeReason(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while opening kernel " + kernelId(), e);
    } finally {
      probe = null;
    }
  }

  @Override
  protected synchronized void send(String msgId, String msgType, ObjectNode content)
      throws IOException {
    checkOpen();
    byte[] header = JupyterClient.JSON.writeValueAsBytes(header(msgId, msgType));
    byte[] body = JupyterClient.JSON.writeValueAsBytes(content);
    byte[] signature = new byte[0];
    if (mac != null) {
      mac.update(header);
      mac.update(EMPTY_DICT);
      mac.update(EMPTY_DICT);
      mac.update(body);
      signature = HexFormat.of().formatHex(mac.doFinal()).getBytes(StandardCharsets.US_ASCII);
    }
    List<byte[]> frames = List.of(DELIMITER, signature, header, EMPTY_DICT, EMPTY_DICT, body);
    try {
      PlatformIo.call(
          () -> {
            shell.send(frames);
            return null;
          });
    } catch (IOException e) {
      lost("sending to the kernel failed: " + e.getMessage());
      throw new IOException(
          "the channel of kernel " + kernelId() + " is closed: " + closeReason(), e);
    }
  }

  // ---------------------------------------------------------------- readers

  private void startReaders() {
    String name = "kosmos-kernel-" + kernelId().substring(0, Math.min(8, kernelId().length()));
    Thread.ofPlatform().daemon().name(name + "-shell").start(() -> read(shell, "shell"));
    Thread.ofPlatform().daemon().name(name + "-iopub").start(() -> read(iopub, "iopub"));
  }

  private void read(Zmtp connection, String channel) {
    try {
      Zmtp.Message message;
      while ((message = connection.receive(maxFrameBytes, MAX_FRAMES)) != null) {
        handle(channel, message);
      }
      lost("the kernel closed its " + channel + " socket: its process exited or was killed");
    } catch (IOException e) {
      lost("the kernel's " + channel + " connection failed: " + e.getMessage());
    }
  }

  /**
   * Routes one message. Nothing in it is trusted: a part too large to keep is reported as output
   * cut, a message that cannot be read is reported as output missing, never dropped in silence.
   */
  private void handle(String channel, Zmtp.Message message) {
    List<Zmtp.Part> parts = message.parts();
    long size = message.skippedBytes();
    for (Zmtp.Part part : parts) {
      size += part.size();
    }
    int d = 0;
    while (d < parts.size() && !Arrays.equals(parts.get(d).bytes(), DELIMITER)) {
      d++;
    }
    if (parts.size() < d + 6) {
      deliverLost("", size, "a malformed " + channel + " message");
      return;
    }
    Zmtp.Part header = parts.get(d + 2);
    Zmtp.Part parentHeader = parts.get(d + 3);
    Zmtp.Part content = parts.get(d + 5);
    String type;
    String parent;
    try {
      if (!header.whole() || !parentHeader.whole()) {
        throw new IOException("headers of " + header.size() + " and " + parentHeader.size());
      }
      type = ProtocolJson.parseLenient(header.bytes()).path("msg_type").asText();
      parent = ProtocolJson.parseLenient(parentHeader.bytes()).path("msg_id").asText("");
    } catch (IOException | RuntimeException e) {
      deliverLost("", size, "an unreadable " + channel + " message header: " + e.getMessage());
      return;
    }
    if ("iopub".equals(channel) && probe != null && probe.equals(parent)) {
      probeSeen.complete(null);
    }
    if (!content.whole()) {
      String prefix = new String(content.bytes(), StandardCharsets.UTF_8);
      deliverOversized(channel, type, parent, content.size(), prefix);
      return;
    }
    JsonNode body;
    try {
      body = ProtocolJson.parseLenient(content.bytes());
    } catch (IOException | RuntimeException e) {
      deliverLost(parent, size, "an unreadable " + type + ": " + e.getMessage());
      return;
    }
    deliver(channel, type, parent, body, replyMetadata(channel, type, parts.get(d + 4)));
  }

  /**
   * The metadata of an {@code execute_reply} (the meter's reading); other messages' is not read.
   */
  private static JsonNode replyMetadata(String channel, String type, Zmtp.Part metadata) {
    if (!"shell".equals(channel) || !"execute_reply".equals(type) || !metadata.whole()) {
      return MissingNode.getInstance();
    }
    try {
      return ProtocolJson.parseLenient(metadata.bytes());
    } catch (IOException | RuntimeException e) {
      return MissingNode.getInstance();
    }
  }

  private void lost(String reason) {
    if (closing) {
      return;
    }
    closing = true;
    LOG.debug("kernel {}: {}", kernelId(), reason);
    closeAfterDeath("the kernel died: " + reason, reason);
    shell.close();
    iopub.close();
  }

  /** Closes both connections; executions still waiting end as closed. */
  @Override
  public void close() {
    closing = true;
    shell.close();
    iopub.close();
    markClosed("the client closed the channel");
  }

  @Override
  public String toString() {
    return "ZmqChannel[" + kernelId() + " at " + endpoints.shell() + "]";
  }

  private static void sleepNanos(long nanos) throws IOException {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to a kernel", e);
    }
  }
}
