package io.kosmos.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
 * A {@link KernelChannel} through a Jupyter Server, Kernel Gateway or Enterprise Gateway: one
 * WebSocket to {@code /api/kernels/{id}/channels}, carrying messages as JSON with a {@code channel}
 * field. Replies and IOPub messages arrive on the OkHttp reader thread. OkHttp answers the server's
 * pings, so long cells do not lose the connection.
 *
 * <p>Every message passes through the server, which decodes the kernel's ZeroMQ message and encodes
 * it again as JSON: the price of reaching a kernel that only the server can reach.
 */
public final class WebSocketChannel extends KernelChannel {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketChannel.class);

  private final JupyterClient client;
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private final Listener listener = new Listener();
  private volatile WebSocket webSocket;

  private WebSocketChannel(JupyterClient client, String kernelId, String sessionId) {
    super(kernelId, sessionId);
    this.client = client;
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
  public static WebSocketChannel open(
      JupyterClient client, String kernelId, String sessionId, Duration timeout)
      throws IOException {
    WebSocketChannel channel = new WebSocketChannel(client, kernelId, sessionId);
    HttpUrl url =
        client
            .baseUrl()
            .newBuilder()
            .addPathSegments("api/kernels/" + kernelId + "/channels")
            .addQueryParameter("session_id", sessionId)
            .build();
    Request request = client.authorized(new Request.Builder().url(url)).build();
    channel.webSocket = client.http().newWebSocket(request, channel.listener);
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

  @Override
  protected void send(String msgId, String msgType, ObjectNode content) throws IOException {
    checkOpen();
    ObjectNode msg = JupyterClient.JSON.createObjectNode();
    msg.set("header", header(msgId, msgType));
    msg.putObject("parent_header");
    msg.putObject("metadata");
    msg.set("content", content);
    msg.putArray("buffers");
    msg.put("channel", "shell");
    String text = JupyterClient.JSON.writeValueAsString(msg);
    if (!webSocket.send(text)) {
      throw new IOException("the channel of kernel " + kernelId() + " is closing");
    }
  }

  @Override
  protected void markClosed(String reason) {
    super.markClosed(reason);
    opened.completeExceptionally(new IOException(reason));
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

  /** The OkHttp callbacks, kept off the channel's public surface. */
  private final class Listener extends WebSocketListener {

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
        // Not dropped in silence: the cell's result says output is missing.
        deliverLost("", text.length(), "an unreadable message: " + e.getMessage());
        return;
      }
      deliver(
          msg.path("channel").asText(),
          msg.path("header").path("msg_type").asText(msg.path("msg_type").asText()),
          msg.path("parent_header").path("msg_id").asText(""),
          msg.path("content"),
          msg.path("metadata"));
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
  }
}
