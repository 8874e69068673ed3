package io.kosmos.cli;

import io.kosmos.api.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kosmos} command line: the program the {@code ./kosmos} launcher at the root of the
 * repository runs. Each subcommand is a class of its own in this package.
 */
@Command(
    name = "kosmos",
    mixinStandardHelpOptions = true,
    versionProvider = KosmosCli.Version.class,
    usageHelpAutoWidth = true,
    description =
        "Kosmos: an AI scientist for autonomous, data-driven discovery. Give it a research"
            + " objective and datasets; it runs cycles of analyses in a sandbox, keeps a world"
            + " model of what it found, and writes a report that cites every claim.",
    subcommands = {
      RunCommand.class,
      ResumeCommand.class,
      ReportCommand.class,
      VerifyCommand.class,
      EvalCommand.class,
      PapersCommand.class,
      DoctorCommand.class,
      SmokeCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class KosmosCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    quietLibraries();
    System.exit(execute(args));
  }

  /** Kept so that the logging configuration below is not collected with its logger. */
  private static final java.util.logging.Logger LUCENE =
      java.util.logging.Logger.getLogger("org.apache.lucene");

  /**
   * Silences what libraries say that a user can do nothing about: Lucene's hint about the JDK's
   * incubating vector module, and PDFBox's notes on substituted fonts while it reads a PDF's text.
   */
  static void quietLibraries() {
    LUCENE.setLevel(java.util.logging.Level.SEVERE);
    for (String library : List.of("org.apache.pdfbox", "org.apache.fontbox")) {
      String key = "org.slf4j.simpleLogger.log." + library;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "error");
      }
    }
  }

  /**
   * Runs the command line and returns its exit code, for tests.
   *
   * @param args the arguments
   * @return the exit code
   */
  static int execute(String... args) {
    return newCommandLine().execute(args);
  }

  static CommandLine newCommandLine() {
    return newCommandLine(System.getenv());
  }

  /**
   * The command line with an environment of its own, for tests: the commands that read the
   * environment (a constructor taking a {@code Map<String, String>}) get this one instead of the
   * process's.
   *
   * @param environment the environment the commands see
   * @return the command line
   */
  static CommandLine newCommandLine(Map<String, String> environment) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> cls) throws Exception {
            try {
              Constructor<K> c = cls.getDeclaredConstructor(Map.class);
              return c.newInstance(environment);
            } catch (NoSuchMethodException e) {
              return defaults.create(cls);
            }
          }
        };
    Logs.reset();
    CommandLine commandLine = new CommandLine(new KosmosCli(), factory);
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Prints Kosmos exceptions as one clear message instead of a stack trace. */
  static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
      if (Logs.active() == Logs.Format.JSON) {
        // the JSON log is the command's only output: the error is its last line
        org.slf4j.LoggerFactory.getLogger("kosmos")
            .atError()
            .addKeyValue("event", "error")
            .setCause(System.getenv("KOSMOS_DEBUG") != null ? ex : null)
            .log(message(ex));
        return 1;
      }
      commandLine.getErr().println(commandLine.getColorScheme().errorText("error: " + message(ex)));
      if (System.getenv("KOSMOS_DEBUG") != null) {
        ex.printStackTrace(commandLine.getErr());
      } else if (!(ex instanceof InvalidInputException)) {
        // bad input is said in full by its message; a stack trace would not help
        commandLine.getErr().println("(set KOSMOS_DEBUG=1 to see the stack trace)");
      }
      return 1;
    }

    private static String message(Throwable ex) {
      String message = ex.getMessage();
      return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
    }
  }

  /** Reads the version the build wrote into {@code version.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"kosmos " + version(), "Java " + Runtime.version()};
    }

    static String version() {
      Properties properties = new Properties();
      try (InputStream in =
          KosmosCli.class.getResourceAsStream("/io/kosmos/cli/version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return properties.getProperty("version", "unknown");
    }
  }
}
