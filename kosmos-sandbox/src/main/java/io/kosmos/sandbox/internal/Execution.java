package io.kosmos.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.Output;
import io.kosmos.api.OutputListener;
import io.kosmos.api.ResourceUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code execute_request} in flight: collects the IOPub messages and the {@code execute_reply}
 * whose parent is the request, applies {@code clear_output} and {@code update_display_data}, caps
 * what it keeps, and hands each output to the listener as it comes. Complete when both the reply
 * and the kernel's {@code status: idle} for the request have arrived, or when the kernel died or
 * the channel closed.
 *
 * <p>The channel's reader thread feeds it; the executing thread waits on it and reads the result.
 */
final class Execution {

  private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

  /** How the execution ended, as far as the channel can tell. */
  enum End {
    /** Reply and idle both arrived. */
    COMPLETED,
    /** The kernel died: the server said it is restarting or dead, or its sockets closed. */
    KERNEL_DIED,
    /** The WebSocket closed or failed. */
    CHANNEL_CLOSED
  }

  private final String msgId;
  private final OutputListener listener;
  private final long maxOutputBytes;
  private final String capHint;
  private final CountDownLatch done = new CountDownLatch(1);
  private final long startNanos = System.nanoTime();

  private final List<Slot> slots = new ArrayList<>();
  private boolean clearPending;
  private long produced;
  private long kept;
  private boolean truncated;
  private boolean replied;
  private boolean idle;
  private String replyStatus;
  private JsonNode replyContent;
  private int executionCount;
  private ResourceUsage usage = ResourceUsage.UNKNOWN;
  private Output.Error error;
  private int lostMessages;
  private String lostReason = "";
  private End end;
  private String endDetail = "";
  private long elapsedNanos = -1;

  Execution(String msgId, OutputListener listener, long maxOutputBytes, String capHint) {
    this.msgId = msgId;
    this.listener = listener;
    this.maxOutputBytes = maxOutputBytes;
    this.capHint = capHint;
  }

  String msgId() {
    return msgId;
  }

  boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  boolean isDone() {
    return done.getCount() == 0;
  }

  synchronized End end() {
    return end;
  }

  synchronized String endDetail() {
    return endDetail;
  }

  synchronized boolean replied() {
    return replied;
  }

  // ---------------------------------------------------------------- messages from the channel

  synchronized void onIopub(String type, JsonNode content) {
    if (end != null) {
      return;
    }
    switch (type) {
      case "stream" ->
          stream(content.path("name").asText("stdout"), content.path("text").asText(""));
      case "display_data" -> {
        JsonNode dropped = content.path("data").path(OutputGuard.DROPPED_MIME);
        if (!dropped.isMissingNode()) {
          produced += dropped.path("bytes").asLong(0);
          truncated = true;
          return;
        }
        Output.DisplayData display =
            new Output.DisplayData(
                mimeBundle(content.path("data")),
                mimeBundle(content.path("metadata")),
                displayId(content));
        rich(display, display.displayId());
      }
      case "update_display_data" -> update(content);
      case "execute_result" -> {
        executionCount = content.path("execution_count").asInt(executionCount);
        rich(
            new Output.ExecuteResult(
                executionCount,
                mimeBundle(content.path("data")),
                mimeBundle(content.path("metadata"))),
            null);
      }
      case "error" -> {
        Output.Error err = errorOf(content);
        produced += err.value().length() + err.traceback().stream().mapToLong(String::length).sum();
        applyPendingClear();
        error = err;
        slots.add(new Slot(err, null));
        if (!ImportCheck.ERROR_NAME.equals(err.name())) {
          // The import check's report is for the session, which answers it, not for the listener.
          emit(err);
        }
      }
      case "clear_output" -> {
        if (content.path("wait").asBoolean(false)) {
          clearPending = true;
        } else {
          clear();
        }
      }
      case "execute_input" ->
          executionCount = content.path("execution_count").asInt(executionCount);
      case "status" -> {
        if ("idle".equals(content.path("execution_state").asText())) {
          idle = true;
          completeIfReady();
        }
      }
      default -> {}
    }
  }

  synchronized void onReply(JsonNode content, JsonNode metadata) {
    if (end != null) {
      return;
    }
    replied = true;
    replyContent = content;
    replyStatus = content.path("status").asText("ok");
    executionCount = content.path("execution_count").asInt(executionCount);
    usage = OutputGuard.usageOf(metadata.path(OutputGuard.USAGE_KEY));
    completeIfReady();
  }

  /**
   * A message of this execution whose content was too large to keep: counted as produced and cut.
   * An error keeps its name, from the content's first bytes.
   */
  synchronized void onOversized(String type, long bytes, String prefix) {
    if (end != null) {
      return;
    }
    switch (type) {
      case "stream", "display_data", "execute_result", "update_display_data" -> {
        produced += bytes;
        truncated = true;
      }
      case "error" -> {
        produced += bytes;
        truncated = true;
        applyPendingClear();
        error = Oversized.error(bytes, prefix);
        slots.add(new Slot(error, null));
        emit(error);
      }
      default -> {}
    }
  }

  /** The reply of this execution, too large to keep (a huge error message): its status stays. */
  synchronized void onOversizedReply(long bytes, String prefix) {
    if (end != null) {
      return;
    }
    produced += bytes;
    truncated = true;
    onReply(Oversized.reply(bytes, prefix), MissingNode.getInstance());
  }

  /** A message that could not be read: the result says output is missing. */
  synchronized void onLost(long bytes, String why) {
    if (end != null) {
      return;
    }
    lostMessages++;
    lostReason = why;
    produced += bytes;
    truncated = true;
  }

  synchronized void onKernelDied(String detail) {
    finish(End.KERNEL_DIED, detail);
  }

  synchronized void onChannelClosed(String reason) {
    finish(End.CHANNEL_CLOSED, reason);
  }

  private void completeIfReady() {
    if (replied && idle) {
      finish(End.COMPLETED, "");
    }
  }

  private void finish(End how, String detail) {
    if (end == null) {
      end = how;
      endDetail = detail;
      elapsedNanos = System.nanoTime() - startNanos;
      done.countDown();
    }
  }

  /** Stops collecting (for a cell abandoned after a timeout); what came so far stays. */
  synchronized void abandon(String detail) {
    finish(End.CHANNEL_CLOSED, detail);
  }

  // ---------------------------------------------------------------- outputs

  private void stream(String name, String text) {
    long bytes = Utf8.length(text);
    produced += bytes;
    applyPendingClear();
    if (kept >= maxOutputBytes) {
      truncated = true;
      return;
    }
    String keep = text;
    if (kept + bytes > maxOutputBytes) {
      keep = Utf8.prefix(text, maxOutputBytes - kept);
      truncated = true;
      bytes = Utf8.length(keep);
    }
    kept += bytes;
    Slot last = slots.isEmpty() ? null : slots.get(slots.size() - 1);
    if (last != null && last.stream != null && last.streamName.equals(name)) {
      last.stream.append(keep);
    } else {
      slots.add(new Slot(name, keep));
    }
    if (!keep.isEmpty()) {
      emit(new Output.Stream(name, keep));
    }
  }

  private void rich(Output output, String displayId) {
    long bytes = bundleSize(output);
    produced += bytes;
    applyPendingClear();
    if (kept + bytes > maxOutputBytes) {
      truncated = true;
      return;
    }
    kept += bytes;
    slots.add(new Slot(output, displayId));
    emit(output);
  }

  private void update(JsonNode content) {
    String id = displayId(content);
    Map<String, String> data = mimeBundle(content.path("data"));
    Map<String, String> metadata = mimeBundle(content.path("metadata"));
    Output.DisplayData updated = new Output.DisplayData(data, metadata, id);
    long bytes = bundleSize(updated);
    produced += bytes;
    if (id == null) {
      return;
    }
    for (Slot slot : slots) {
      if (id.equals(slot.displayId)) {
        long old = bundleSize(slot.output);
        if (kept - old + bytes > maxOutputBytes) {
          truncated = true;
          continue;
        }
        kept += bytes - old;
        slot.output =
            slot.output instanceof Output.ExecuteResult r
                ? new Output.ExecuteResult(r.executionCount(), data, metadata)
                : updated;
      }
    }
    emit(updated);
  }

  private void applyPendingClear() {
    if (clearPending) {
      clearPending = false;
      clear();
    }
  }

  private void clear() {
    slots.clear();
    kept = 0;
  }

  private void emit(Output output) {
    try {
      listener.onOutput(output);
    } catch (RuntimeException e) {
      LOG.warn("an OutputListener threw; ignoring it", e);
    }
  }

  // ---------------------------------------------------------------- result

  /**
   * The result so far.
   *
   * @param status the status to report, or {@code null} to derive it from the reply
   * @param executorError the error the executor reports (timeout, death), or {@code null}
   * @param kernelRestarted whether the kernel was restarted after the cell
   * @return the result
   */
  synchronized ExecutionResult result(
      ExecutionResult.Status status, Output.Error executorError, boolean kernelRestarted) {
    ExecutionResult.Builder builder = ExecutionResult.builder();
    for (Slot slot : slots) {
      builder.output(
          slot.stream != null
              ? new Output.Stream(slot.streamName, slot.stream.toString())
              : slot.output);
    }
    if (lostMessages > 0) {
      builder.output(
          new Output.Stream(
              "stderr",
              "\n[output missing: "
                  + lostMessages
                  + " message(s) from the kernel could not be read ("
                  + lostReason
                  + ")]\n"));
    }
    if (truncated) {
      String marker =
          "\n[output truncated: "
              + produced
              + " bytes produced, "
              + kept
              + " kept; raise "
              + capHint
              + " to keep more]\n";
      builder.output(new Output.Stream("stderr", marker));
    }
    ExecutionResult.Status derived = status;
    Output.Error err = executorError;
    if (derived == null) {
      if ("ok".equals(replyStatus)) {
        derived = ExecutionResult.Status.OK;
      } else {
        derived = ExecutionResult.Status.ERROR;
        if (error == null && replyContent != null) {
          err =
              "aborted".equals(replyStatus)
                  ? new Output.Error("Aborted", "the kernel aborted the execution", List.of())
                  : errorOf(replyContent);
        }
      }
    }
    if (err != null) {
      builder.error(err);
    } else if (derived != ExecutionResult.Status.OK && error != null) {
      builder.error(error);
    }
    long elapsed = elapsedNanos >= 0 ? elapsedNanos : System.nanoTime() - startNanos;
    return builder
        .status(derived)
        .executionCount(executionCount)
        .elapsed(Duration.ofNanos(elapsed))
        .resources(usage)
        .outputBytes(produced)
        .truncated(truncated)
        .kernelRestarted(kernelRestarted)
        .build();
  }

  synchronized long producedBytes() {
    return produced;
  }

  // ---------------------------------------------------------------- JSON helpers

  static Output.Error errorOf(JsonNode content) {
    List<String> traceback = new ArrayList<>();
    for (JsonNode line : content.path("traceback")) {
      traceback.add(line.asText());
    }
    return new Output.Error(
        content.path("ename").asText("Error"), content.path("evalue").asText(""), traceback);
  }

  private static String displayId(JsonNode content) {
    JsonNode id = content.path("transient").path("display_id");
    return id.isTextual() ? id.asText() : null;
  }

  /** A Jupyter MIME bundle as MIME type to text: strings as they are, JSON as JSON text. */
  static Map<String, String> mimeBundle(JsonNode bundle) {
    Map<String, String> map = new LinkedHashMap<>();
    bundle
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode value = field.getValue();
              String text;
              if (value.isTextual()) {
                text = value.asText();
              } else if (value.isArray() && !field.getKey().contains("json") && allText(value)) {
                StringBuilder joined = new StringBuilder();
                value.forEach(line -> joined.append(line.asText()));
                text = joined.toString();
              } else {
                text = value.toString();
              }
              map.put(field.getKey(), text);
            });
    return map;
  }

  private static boolean allText(JsonNode array) {
    for (JsonNode item : array) {
      if (!item.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static long bundleSize(Output output) {
    Map<String, String> data =
        switch (output) {
          case Output.DisplayData d -> d.data();
          case Output.ExecuteResult r -> r.data();
          default -> Map.of();
        };
    long size = 0;
    for (String value : data.values()) {
      size += value.length();
    }
    return size;
  }

  /** One output slot; streams stay mutable so consecutive chunks merge into one output. */
  private static final class Slot {
    final String streamName;
    final StringBuilder stream;
    Output output;
    final String displayId;

    Slot(String streamName, String text) {
      this.streamName = streamName;
      this.stream = new StringBuilder(text);
      this.displayId = null;
    }

    Slot(Output output, String displayId) {
      this.streamName = null;
      this.stream = null;
      this.output = output;
      this.displayId = displayId;
    }
  }
}
