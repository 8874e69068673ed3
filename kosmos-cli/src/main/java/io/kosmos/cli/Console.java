package io.kosmos.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What a research command tells its user, in the form {@code --log-format} chose: plain lines on
 * standard output ({@code human}), or log events of the logger {@code kosmos} that the JSON log
 * writes as objects with their fields ({@code json}). The plain line and the event's {@code
 * message} are the same text.
 */
final class Console {

  private static final Logger LOG = LoggerFactory.getLogger("kosmos");

  private final PrintWriter out;
  private final Logs.Format format;

  Console(PrintWriter out, Logs.Format format) {
    this.out = out;
    this.format = format;
  }

  /** A console writing plain lines, for callers that configure no log. */
  static Console plain(PrintWriter out) {
    return new Console(out, Logs.Format.HUMAN);
  }

  boolean json() {
    return format == Logs.Format.JSON;
  }

  /** Says a line. */
  void line(String text) {
    line(text, Map.of());
  }

  /**
   * Says a line; in the JSON log, with fields.
   *
   * @param text the line (the event's message)
   * @param fields the event's fields, in order
   */
  void line(String text, Map<String, ?> fields) {
    if (format == Logs.Format.JSON) {
      LoggingEventBuilder e = LOG.atInfo();
      fields.forEach(e::addKeyValue);
      e.log(text);
    } else {
      synchronized (out) {
        out.println(text);
        out.flush();
      }
    }
  }

  /** Says a warning: a plain line, or an event at WARN. */
  void warning(String text) {
    if (format == Logs.Format.JSON) {
      LOG.warn(text);
    } else {
      line("warning: " + text);
    }
  }

  /** The writer behind the plain lines, for prompts that must reach a terminal. */
  PrintWriter writer() {
    return out;
  }
}
