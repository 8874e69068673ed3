package io.kosmos.sandbox.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.Output;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is kept of a kernel message too large to read whole: the fields at the start of its content,
 * read from the bytes the ZeroMQ channel kept (the rest was read past and counted).
 */
final class Oversized {

  private static final Pattern EXECUTION_COUNT =
      Pattern.compile("\"execution_count\"\\s*:\\s*(\\d{1,9})");

  private Oversized() {}

  /**
   * An error whose message was too large: its name, and the start of its message.
   *
   * @param bytes the content's size
   * @param prefix the content's first bytes
   * @return the error
   */
  static Output.Error error(long bytes, String prefix) {
    String name = field(prefix, "ename");
    return new Output.Error(
        name.isEmpty() ? "Error" : name,
        "the error's message was too large to keep ("
            + bytes
            + " bytes from the kernel); its start: "
            + field(prefix, "evalue"),
        List.of());
  }

  /**
   * An {@code execute_reply} too large to read (a huge error message): its status and count, and
   * the error as far as it can be told.
   *
   * @param bytes the content's size
   * @param prefix the content's first bytes
   * @return the reply's content
   */
  static ObjectNode reply(long bytes, String prefix) {
    String status = field(prefix, "status");
    ObjectNode reply = JupyterClient.JSON.createObjectNode();
    reply.put("status", status.isEmpty() ? "error" : status);
    Matcher count = EXECUTION_COUNT.matcher(prefix);
    if (count.find()) {
      reply.put("execution_count", Integer.parseInt(count.group(1)));
    }
    Output.Error tooLarge = error(bytes, prefix);
    return reply.put("ename", tooLarge.name()).put("evalue", tooLarge.value());
  }

  /** A string field from the start of a JSON object, or empty. */
  static String field(String json, String name) {
    Matcher m =
        Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.){0,200})")
            .matcher(json);
    return m.find() ? m.group(1) : "";
  }
}
