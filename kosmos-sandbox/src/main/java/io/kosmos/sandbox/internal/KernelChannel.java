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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live connection to one kernel that carries Jupyter messages (protocol v5): requests go out on
 * {@code shell}; replies and IOPub messages come back on a reader thread and are routed by their
 * parent's {@code msg_id} to the {@link Execution} or reply waiting for them.
 *
 * <p>Two transports: {@link WebSocketChannel}, through a Jupyter Server's (or gateway's) {@code
 * /api/kernels/{id}/channels}, and {@link ZmqChannel}, straight to the kernel's ZeroMQ sockets over
 * the Unix sockets of the container's host directory. One channel per kernel, reused for every
 * cell.
 */
public abstract class KernelChannel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KernelChannel.class);

  private volatile String kernelId;
  private final String sessionId;
  private final Map<String, Execution> executions = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
  private final Object closeLock = new Object();
  private volatile boolean closed;
  private volatile String closeReason = "";

  protected KernelChannel(String kernelId, String sessionId) {
    this.kernelId = kernelId;
    this.sessionId = sessionId;
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
   * Names the kernel once its server has: a channel opened to a kernel before its server answered
   * (a new container's first kernel) gets the server's id for it.
   *
   * @param id the kernel's id at its server
   */
  public void identify(String id) {
    this.kernelId = id;
  }

  /**
   * The client session, stable for the kernel's life.
   *
   * @return its id
   */
  public String sessionId() {
    return sessionId;
  }

  /**
   * Whether the channel still carries messages.
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
    CompletableFuture<JsonNode> reply =
        request(msgId, "kernel_info_request", JupyterClient.JSON.createObjectNode());
    try {
      return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } finally {
      forgetReply(msgId);
    }
  }

  /**
   * Sends a request whose reply comes on {@code shell} (not an execution); {@link #forgetReply}
   * when done with it.
   *
   * @param msgId the request's id
   * @param msgType for example {@code kernel_info_request}
   * @param content the content
   * @return completed with the reply's content, or exceptionally when the channel closes
   * @throws IOException if the request cannot be sent
   */
  protected CompletableFuture<JsonNode> request(String msgId, String msgType, ObjectNode content)
      throws IOException {
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.put(msgId, reply);
    try {
      send(msgId, msgType, content);
    } catch (IOException e) {
      replies.remove(msgId);
      throw e;
    }
    return reply;
  }

  /**
   * Stops waiting for a reply.
   *
   * @param msgId the request's id
   */
  protected void forgetReply(String msgId) {
    replies.remove(msgId);
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
            // A session runs one cell at a time, so there is never a queued cell to abort. With
            // true, ipykernel aborts requests that reach it before it has finished "aborting the
            // queue" after an error: a client as fast as this one would see the cell after every
            // failed cell come back "aborted".
            .put("stop_on_error", false);
    // None: the meter's reading comes in the reply's metadata (see OutputGuard), which costs the
    // kernel a fraction of what evaluating and formatting a user expression did.
    content.putObject("user_expressions");
    executions.put(msgId, execution);
    try {
      send(msgId, "execute_request", content);
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
  public ExecutionResult runSilently(String code, Duration timeout) throws IOException {
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

  // ---------------------------------------------------------------- for the transports

  /**
   * Sends one request on {@code shell}.
   *
   * @param msgId the new message's id
   * @param msgType for example {@code execute_request}
   * @param content the request's content
   * @throws IOException if the channel is closed or the transport fails
   */
  protected abstract void send(String msgId, String msgType, ObjectNode content) throws IOException;

  /**
   * A v5 message header from this client.
   *
   * @param msgId the message id
   * @param msgType the message type
   * @return the header
   */
  protected ObjectNode header(String msgId, String msgType) {
    return JupyterClient.JSON
        .createObjectNode()
        .put("msg_id", msgId)
        .put("msg_type", msgType)
        .put("username", "kosmos")
        .put("session", sessionId)
        .put("date", Instant.now().toString())
        .put("version", "5.3");
  }

  /** Throws if the channel is closed. */
  protected void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("the channel of kernel " + kernelId + " is closed: " + closeReason);
    }
  }

  /**
   * Routes one message from the kernel to whoever waits for it.
   *
   * @param channel {@code shell} or {@code iopub}
   * @param type the message type
   * @param parent the parent's {@code msg_id}, empty when there is none
   * @param content the content
   * @param metadata the metadata, read for {@code execute_reply} (a missing node otherwise)
   */
  protected void deliver(
      String channel, String type, String parent, JsonNode content, JsonNode metadata) {
    if ("iopub".equals(channel)) {
      Execution execution = executions.get(parent);
      if (execution != null) {
        execution.onIopub(type, content);
      } else if ("status".equals(type) && parent.isEmpty()) {
        String state = content.path("execution_state").asText();
        if ("restarting".equals(state) || "dead".equals(state)) {
          LOG.info("kernel {}: server reports state {}", kernelId, state);
          kernelDied("the server reported the kernel " + state);
        }
      }
    } else if ("shell".equals(channel)) {
      if ("execute_reply".equals(type)) {
        Execution execution = executions.get(parent);
        if (execution != null) {
          execution.onReply(content, metadata);
        }
      } else {
        CompletableFuture<JsonNode> reply = replies.get(parent);
        if (reply != null) {
          reply.complete(content);
        }
      }
    }
  }

  /**
   * Routes a message whose content was too large to keep whole (the ZeroMQ channel read past it,
   * keeping its first bytes): the execution it belongs to counts it as output produced and cut.
   *
   * @param channel {@code shell} or {@code iopub}
   * @param type the message type
   * @param parent the parent's {@code msg_id}
   * @param bytes the content's size on the wire
   * @param prefix the content's first bytes, as text
   */
  protected void deliverOversized(
      String channel, String type, String parent, long bytes, String prefix) {
    Execution execution = executions.get(parent);
    if ("iopub".equals(channel)) {
      if (execution != null) {
        execution.onOversized(type, bytes, prefix);
      }
    } else if ("shell".equals(channel)) {
      if ("execute_reply".equals(type)) {
        if (execution != null) {
          execution.onOversizedReply(bytes, prefix);
        }
      } else {
        CompletableFuture<JsonNode> reply = replies.get(parent);
        if (reply != null) {
          reply.completeExceptionally(
              new IOException("the kernel's " + type + " of " + bytes + " bytes was too large"));
        }
      }
    }
  }

  /**
   * Reports a message that could not be read at all: the execution it belongs to, or every one in
   * flight when that cannot be told, says in its result that output is missing.
   *
   * @param parent the parent's {@code msg_id}, or empty when unknown
   * @param bytes the message's size
   * @param why what was wrong with it
   */
  protected void deliverLost(String parent, long bytes, String why) {
    LOG.warn("kernel {}: a message of {} bytes could not be read ({})", kernelId, bytes, why);
    Execution execution = parent.isEmpty() ? null : executions.get(parent);
    if (execution != null) {
      execution.onLost(bytes, why);
    } else {
      executions.values().forEach(e -> e.onLost(bytes, why));
    }
  }

  /**
   * Sends a {@code kernel_info_request} on {@code shell} without waiting: the kernel answers it
   * only after the requests before it, so its reply arriving before an execution's reply shows that
   * the kernel is done with the execution and will never reply to it.
   *
   * @return the request's id and its reply
   * @throws IOException if it cannot be sent
   */
  Probe probe() throws IOException {
    String msgId = newId();
    return new Probe(
        msgId, request(msgId, "kernel_info_request", JupyterClient.JSON.createObjectNode()));
  }

  /** A liveness probe in flight; {@link #forgetReply} its id when done. */
  record Probe(String msgId, CompletableFuture<JsonNode> reply) {}

  /**
   * Ends the executions in flight as killed with the kernel.
   *
   * @param detail what is known of the death
   */
  protected void kernelDied(String detail) {
    executions.values().forEach(e -> e.onKernelDied(detail));
  }

  /**
   * Closes the channel because the kernel is gone: marked closed first, so that whoever wakes from
   * an execution ended as {@code KERNEL_DIED} finds the channel closed.
   *
   * @param detail what is known of the death, for the executions
   * @param reason why the channel closed
   */
  protected void closeAfterDeath(String detail, String reason) {
    setClosed(reason);
    kernelDied(detail);
    markClosed(reason);
  }

  private void setClosed(String reason) {
    synchronized (closeLock) {
      if (!closed) {
        closeReason = reason;
        closed = true;
      }
    }
  }

  /**
   * Marks the channel closed; executions and replies still waiting end.
   *
   * @param reason why, for messages
   */
  protected void markClosed(String reason) {
    setClosed(reason);
    executions.values().forEach(e -> e.onChannelClosed(reason));
    replies.values().forEach(r -> r.completeExceptionally(new IOException(reason)));
  }

  /**
   * Why the channel closed.
   *
   * @return the reason, empty while open
   */
  protected String closeReason() {
    return closeReason;
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  /** Closes the connection; executions still waiting end as closed. */
  @Override
  public abstract void close();
}
