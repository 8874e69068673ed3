package io.kosmos.cli;

import io.kosmos.api.InvalidInputException;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The operations options of the commands that run research ({@code run}, {@code resume}, {@code
 * smoke}): the Prometheus endpoint and the form of the log. See {@code docs/operations/}.
 */
final class OperationsOptions {

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve the run's meters in the Prometheus format at http://ADDRESS:PORT/metrics while"
              + " it runs (0: any free port, printed at start). Default: no endpoint.")
  Integer metricsPort;

  @Option(
      names = "--metrics-address",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description =
          "Address the metrics endpoint binds (default: ${DEFAULT-VALUE}, this machine only); use"
              + " 0.0.0.0 in a container that Prometheus scrapes from outside.")
  String metricsAddress;

  @Option(
      names = "--metrics-linger",
      paramLabel = "DURATION",
      description =
          "Keep serving the meters this long after the run ends, so that a scraper sees its last"
              + " values, for example 30s (default: stop at once).")
  String metricsLinger;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "human",
      description =
          "human (default): progress as plain lines on standard output, library messages on"
              + " standard error; json: everything as one JSON object per line on standard output,"
              + " with run_id, cycle and task, for a log collector.")
  String logFormat;

  Logs.Format format() {
    return Logs.Format.of(logFormat);
  }

  /** Starts the endpoint, or returns null when none was asked for. */
  MetricsEndpoint startEndpoint() {
    if (metricsPort == null) {
      if (metricsLinger != null) {
        throw new InvalidInputException("--metrics-linger needs --metrics-port");
      }
      return null;
    }
    lingerTime(); // a bad value fails before anything starts
    return MetricsEndpoint.start(metricsAddress, metricsPort);
  }

  Duration lingerTime() {
    return metricsLinger == null ? Duration.ZERO : DataArguments.duration(metricsLinger);
  }
}
