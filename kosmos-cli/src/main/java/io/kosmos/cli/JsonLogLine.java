package io.kosmos.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One log event as one line of JSON, for log aggregation ({@code --log-format json}): {@code time}
 * (ISO-8601, UTC), {@code level}, {@code logger}, {@code thread}, {@code message}; then the run,
 * cycle and task the line belongs to ({@code run_id}, {@code cycle}, {@code task}, from the
 * engine's log context), the event's own fields (for progress lines: {@code event} and what it
 * counts), and {@code error} and {@code stack} when the event carries an exception. Field order is
 * fixed, a key appears once, and numbers stay numbers (a cycle is {@code 3}, not {@code "3"}).
 */
final class JsonLogLine {

  private static final JsonFactory JSON = new JsonFactory();

  /** Context keys written as numbers when they parse as one. */
  private static final Set<String> NUMERIC = Set.of("cycle");

  private JsonLogLine() {}

  static String format(ILoggingEvent event) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      g.writeStringField("level", event.getLevel().toString());
      g.writeStringField("logger", event.getLoggerName());
      g.writeStringField("thread", event.getThreadName());
      g.writeStringField("message", event.getFormattedMessage());
      Set<String> written = new HashSet<>(Set.of("time", "level", "logger", "thread", "message"));
      List<KeyValuePair> pairs = event.getKeyValuePairs();
      if (pairs != null) {
        for (KeyValuePair kv : pairs) {
          if (written.add(kv.key)) {
            write(g, kv.key, kv.value);
          }
        }
      }
      Map<String, String> context = event.getMDCPropertyMap();
      for (String key : List.of("run_id", "cycle", "task")) {
        String value = context.get(key);
        if (value != null && written.add(key)) {
          write(g, key, NUMERIC.contains(key) ? number(value) : value);
        }
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        g.writeStringField("error", thrown.getClassName() + ": " + thrown.getMessage());
        g.writeStringField("stack", ThrowableProxyUtil.asString(thrown));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, String key, Object value) throws IOException {
    g.writeFieldName(key);
    switch (value) {
      case null -> g.writeNull();
      case Integer i -> g.writeNumber(i);
      case Long l -> g.writeNumber(l);
      case Double d when Double.isFinite(d) -> g.writeNumber(d);
      case Boolean b -> g.writeBoolean(b);
      default -> g.writeString(String.valueOf(value));
    }
  }

  private static Object number(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return value;
    }
  }
}
