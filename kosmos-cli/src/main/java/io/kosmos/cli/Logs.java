package io.kosmos.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the command line's log goes, and in which form: {@code human} (the default) writes library
 * messages to standard error as {@code LEVEL Logger: message}, and progress as plain lines on
 * standard output; {@code json} writes everything, progress included, as one JSON object per line
 * on standard output ({@link JsonLogLine}), for a log collector. {@code KOSMOS_LOG_LEVEL} ({@code
 * debug}, {@code info}, {@code warn}, {@code error}) sets the level of Kosmos's own loggers.
 *
 * <p>Each command that runs research configures the log when it starts, on the writers of its
 * command line, so that tests that run several commands in one JVM see each command's own output.
 */
final class Logs {

  /** The two forms of the log. */
  enum Format {
    HUMAN,
    JSON;

    static Format of(String name) {
      try {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new io.kosmos.api.InvalidInputException(
            "--log-format " + name + " is not a log format; use human or json");
      }
    }
  }

  private static volatile Format active = Format.HUMAN;

  private Logs() {}

  /**
   * The form the log was last configured with; the error handler writes in it too.
   *
   * @return the format
   */
  static Format active() {
    return active;
  }

  /**
   * Configures the log for a command.
   *
   * @param format the form
   * @param out the command's standard output (the JSON log goes there)
   * @param err the command's standard error (the human log goes there)
   * @param environment where {@code KOSMOS_LOG_LEVEL} is read
   */
  static void configure(
      Format format, PrintWriter out, PrintWriter err, Map<String, String> environment) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another logging back end: leave it as the application set it
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    WriterAppender appender;
    if (format == Format.JSON) {
      appender = new WriterAppender(out, JsonLogLine::format);
    } else {
      PatternLayout layout = new PatternLayout();
      layout.setContext(context);
      layout.setPattern("%-5level %logger{0}: %msg%n%ex{short}");
      layout.start();
      appender = new WriterAppender(err, e -> layout.doLayout(e).stripTrailing());
    }
    appender.setContext(context);
    appender.setName(format.name().toLowerCase(Locale.ROOT));
    appender.start();
    root.addAppender(appender);
    String level = environment.get("KOSMOS_LOG_LEVEL");
    context
        .getLogger("io.kosmos")
        .setLevel(level == null ? null : Level.toLevel(level, Level.INFO));
    active = format;
  }

  /** Forgets the form of an earlier command (commands run one after another in tests). */
  static void reset() {
    active = Format.HUMAN;
  }

  /** Writes each event as one line to a writer. */
  private static final class WriterAppender extends AppenderBase<ILoggingEvent> {
    private final PrintWriter writer;
    private final Function<ILoggingEvent, String> line;

    WriterAppender(PrintWriter writer, Function<ILoggingEvent, String> line) {
      this.writer = writer;
      this.line = line;
    }

    @Override
    protected void append(ILoggingEvent event) {
      String text = line.apply(event);
      synchronized (writer) {
        writer.println(text);
        writer.flush();
      }
    }
  }
}
