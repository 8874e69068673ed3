package io.kosmos.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.OutputListener;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket half of the Jupyter client: one connection to {@code /api/kernels/{id}/channels},
 * carrying Jupyter messages (protocol v5, JSON envelope with a {@code channel} field) for one
 * kernel. Requests go out on {@code shell}; replies and IOPub messages come back on the OkHttp
 * reader thread and are routed by their parent's {@code msg_id} to the {@link Execution} waiting
 * for them.
 *
 * <p>One channel per kernel, reused for every cell: an execution costs one WebSocket frame out and
 * the frames of its outputs back, no REST call. OkHttp answers the server's pings, so long cells do
 * not lose the connection.
 */
public final class KernelChannel extends WebSocketListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KernelChannel.class);

  private final JupyterClient client;
  private final String kernelId;
  private final String sessionId;
  private final Map<String, Execution> executions = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private volatile WebSocket webSocket;
  private volatile boolean closed;
  private volatile String closeReason = "";

  private KernelChannel(JupyterClient client, String kernelId, String sessionId) {
    this.client = client;
    this.kernelId = kernelId;
    this.sessionId = sessionId;
  }

  /**
   * Opens the channel and waits until the kernel answers a {@code kernel_info_request} (a new
   * kernel reports {@code starting} until a client talks to it).
   *
   * @param client the server
   * @param kernelId the kernel
   * @param sessionId the client session, stable for the kernel's life (the server replays buffered
   *     output to a reconnecting session)
   * @param timeout how long to wait for the connection and the reply
   * @return the open channel
   * @throws IOException if the connection fails or the kernel does not answer in time
   */
  public static KernelChannel open(
      JupyterClient client, String kernelId, String sessionId, Duration timeout)
      throws IOException {
    KernelChannel channel = new KernelChannel(client, kernelId, sessionId);
    HttpUrl url =
        client
            .baseUrl()
            .newBuilder()
            .addPathSegments("api/kernels/" + kernelId + "/channels")
            .addQueryParameter("session_id", sessionId)
            .build();
    Request request = client.authorized(new Request.Builder().url(url)).build();
    channel.webSocket = client.http().newWebSocket(request, channel);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      channel.opened.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      channel.kernelInfo(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      return channel;
    } catch (ExecutionException e) {
      channel.close();
      throw new IOException(
          "cannot open the channels of kernel " + kernelId + " at " + client.endpoint(),
          e.getCause());
    } catch (TimeoutException e) {
      channel.close();
      throw new IOException(
          "kernel " + kernelId + " at " + client.endpoint() + " did not answer within " + timeout);
    } catch (InterruptedException e) {
      channel.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while opening kernel " + kernelId, e);
    }
  }

  /**
   * The kernel.
   *
   * @return its id
   */
  public String kernelId() {
    return kernelId;
  }

  /**
   * The client session.
   *
   * @return its id
   */
  public String sessionId() {
    return sessionId;
  }

  /**
   * Whether the WebSocket is still open.
   *
   * @return {@code true} until it closes or fails
   */
  public boolean isOpen() {
    return !closed;
  }

  /**
   * Sends a {@code kernel_info_request} and waits for the reply.
   *
   * @param timeout how long to wait
   * @return the reply's content
   * @throws IOException if the request cannot be sent
   * @throws ExecutionException if the channel closes before the reply
   * @throws TimeoutException if no reply comes in time
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  JsonNode kernelInfo(Duration timeout)
      throws IOException, ExecutionException, TimeoutException, InterruptedException {
    String msgId = newId();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.put(msgId, reply);
    try {
      send(message(msgId, "kernel_info_request", JupyterClient.JSON.createObjectNode()));
      return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } finally {
      replies.remove(msgId);
    }
  }

  /**
   * Sends an {@code execute_request}.
   *
   * @param code the code
   * @param silent whether the kernel should run it without output or history (warm-up cells)
   * @param listener receives each output as it comes
   * @param maxOutputBytes output kept, past which output is counted and dropped
   * @param capHint the option a user raises to keep more output, for the truncation marker
   * @return the execution, to wait on
   * @throws IOException if the channel is closed
   */
  Execution execute(
      String code, boolean silent, OutputListener listener, long maxOutputBytes, String capHint)
      throws IOException {
    String msgId = newId();
    Execution execution = new Execution(msgId, listener, maxOutputBytes, capHint);
    ObjectNode content =
        JupyterClient.JSON
            .createObjectNode()
            .put("code", code)
            .put("silent", silent)
            .put("store_history", !silent)
            .put("allow_stdin", false)
            .put("stop_on_error", true);
    content.putObject("user_expressions");
    executions.put(msgId, execution);
    try {
      send(message(msgId, "execute_request", content));
    } catch (IOException e) {
      executions.remove(msgId);
      throw e;
    }
    return execution;
  }

  /**
   * Runs code silently and waits for it, for warm-up and housekeeping cells.
   *
   * @param code the code
   * @param timeout how long it may take
   * @return the result
   * @throws IOException if the channel fails or the code does not finish in time
   */
  ExecutionResult runSilently(String code, Duration timeout) throws IOException {
    Execution execution = execute(code, true, OutputListener.NONE, 64 * 1024, "the cap");
    try {
      if (!execution.await(timeout)) {
        execution.abandon("timed out");
        throw new IOException("a housekeeping cell did not finish within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      executions.remove(execution.msgId());
    }
    if (execution.end() != Execution.End.COMPLETED) {
      throw new IOException("a housekeeping cell ended: " + execution.endDetail());
    }
    return execution.result(null, null, false);
  }

  /** Forgets an execution (after its result was taken). */
  void forget(Execution execution) {
    executions.remove(execution.msgId());
  }

  private ObjectNode message(String msgId, String type, ObjectNode content) {
    ObjectNode msg = JupyterClient.JSON.createObjectNode();
    msg.putObject("header")
        .put("msg_id", msgId)
        .put("msg_type", type)
        .put("username", "kosmos")
        .put("session", sessionId)
        .put("date", Instant.now().toString())
        .put("version", "5.3");
    msg.putObject("parent_header");
    msg.putObject("metadata");
    msg.set("content", content);
    msg.putArray("buffers");
    msg.put("channel", "shell");
    return msg;
  }

  private void send(ObjectNode message) throws IOException {
    if (closed) {
      throw new IOException("the channel of kernel " + kernelId + " is closed: " + closeReason);
    }
    String text = JupyterClient.JSON.writeValueAsString(message);
    if (!webSocket.send(text)) {
      throw new IOException("the channel of kernel " + kernelId + " is closing");
    }
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }

  // ---------------------------------------------------------------- WebSocketListener

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    opened.complete(null);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    JsonNode msg;
    try {
      msg = JupyterClient.JSON.readTree(text);
    } catch (IOException e) {
      LOG.warn("kernel {}: unreadable message ignored ({})", kernelId, e.getMessage());
      return;
    }
    String channel = msg.path("channel").asText();
    String type = msg.path("header").path("msg_type").asText(msg.path("msg_type").asText());
    String parent = msg.path("parent_header").path("msg_id").asText("");
    JsonNode content = msg.path("content");
    if ("iopub".equals(channel)) {
      Execution execution = executions.get(parent);
      if (execution != null) {
        execution.onIopub(type, content);
      } else if ("status".equals(type) && parent.isEmpty()) {
        String state = content.path("execution_state").asText();
        if ("restarting".equals(state) || "dead".equals(state)) {
          LOG.info("kernel {}: server reports state {}", kernelId, state);
          executions.values().forEach(e -> e.onKernelDied(state));
        }
      }
    } else if ("shell".equals(channel)) {
      if ("execute_reply".equals(type)) {
        Execution execution = executions.get(parent);
        if (execution != null) {
          execution.onReply(content);
        }
      } else {
        CompletableFuture<JsonNode> reply = replies.get(parent);
        if (reply != null) {
          reply.complete(content);
        }
      }
    }
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    webSocket.close(1000, null);
    markClosed(
        "the server closed the channel (" + code + (reason.isEmpty() ? "" : " " + reason) + ")");
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    markClosed("the channel closed (" + code + ")");
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
    opened.completeExceptionally(t);
    markClosed(
        "the channel failed: "
            + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage())
            + (response == null ? "" : " (HTTP " + response.code() + ")"));
  }

  private void markClosed(String reason) {
    if (!closed) {
      closeReason = reason;
      closed = true;
    }
    opened.completeExceptionally(new IOException(reason));
    executions.values().forEach(e -> e.onChannelClosed(reason));
    replies.values().forEach(r -> r.completeExceptionally(new IOException(reason)));
  }

  /** Closes the WebSocket; executions still waiting end as closed. */
  @Override
  public void close() {
    WebSocket ws = webSocket;
    if (ws != null) {
      ws.cancel();
    }
    markClosed("the client closed the channel");
  }
}
