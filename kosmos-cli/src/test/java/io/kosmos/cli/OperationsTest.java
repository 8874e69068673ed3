package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.InvalidInputException;
import io.micrometer.core.instrument.Counter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The operations pieces of the command line on their own: the JSON log line, the log set-up of a
 * command in both forms, the metrics endpoint (loopback, the text format, errors that say what to
 * do) and the operations options.
 */
class OperationsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @AfterEach
  void humanAgain() {
    Logs.configure(
        Logs.Format.HUMAN,
        new PrintWriter(new StringWriter()),
        new PrintWriter(System.err),
        Map.of());
    Logs.reset();
    MDC.clear();
  }

  @Test
  void aJsonLogLineIsOneObjectWithTheRunCycleTaskAndTheEventsFields() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LoggingEvent event =
        new LoggingEvent(
            "x",
            context.getLogger("io.kosmos.test"),
            Level.WARN,
            "cell {} said \"hi\"\nthen stopped",
            new IllegalStateException("boom"),
            new Object[] {3});
    event.setMDCPropertyMap(Map.of("run_id", "run-1", "cycle", "2", "task", "c2-t01"));
    event.addKeyValuePair(new org.slf4j.event.KeyValuePair("event", "task_finished"));
    event.addKeyValuePair(new org.slf4j.event.KeyValuePair("findings", 4));
    event.addKeyValuePair(new org.slf4j.event.KeyValuePair("message", "not twice"));

    String line = JsonLogLine.format(event);

    assertThat(line).doesNotContain("\n");
    JsonNode json = JSON.readTree(line);
    assertThat(json.path("level").asText()).isEqualTo("WARN");
    assertThat(json.path("logger").asText()).isEqualTo("io.kosmos.test");
    assertThat(json.path("message").asText()).isEqualTo("cell 3 said \"hi\"\nthen stopped");
    assertThat(json.path("run_id").asText()).isEqualTo("run-1");
    assertThat(json.path("cycle").isNumber()).isTrue();
    assertThat(json.path("cycle").asInt()).isEqualTo(2);
    assertThat(json.path("task").asText()).isEqualTo("c2-t01");
    assertThat(json.path("event").asText()).isEqualTo("task_finished");
    assertThat(json.path("findings").asInt()).isEqualTo(4);
    assertThat(json.path("error").asText()).isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(json.path("stack").asText()).contains("OperationsTest");
    assertThat(json.path("time").asText()).endsWith("Z");
  }

  @Test
  void theJsonFormSendsLibraryMessagesAndConsoleLinesToStandardOutputAsObjects() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Logs.configure(Logs.Format.JSON, new PrintWriter(out), new PrintWriter(err), Map.of());
    Console console = new Console(new PrintWriter(out), Logs.Format.JSON);
    MDC.put("run_id", "run-7");
    LoggerFactory.getLogger("io.kosmos.sandbox.Test").warn("a warning");
    console.line("run directory: /x", Map.of("event", "started"));
    String[] lines = out.toString().strip().split("\n");
    assertThat(lines).hasSize(2);
    for (String l : lines) {
      assertThat(JSON.readTree(l).path("run_id").asText()).isEqualTo("run-7");
    }
    assertThat(JSON.readTree(lines[1]).path("event").asText()).isEqualTo("started");
    assertThat(err.toString()).isEmpty();
    assertThat(Logs.active()).isEqualTo(Logs.Format.JSON);
  }

  @Test
  void theHumanFormWritesLibraryMessagesToStandardErrorAndLinesPlain() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Logs.configure(
        Logs.Format.HUMAN,
        new PrintWriter(out),
        new PrintWriter(err),
        Map.of("KOSMOS_LOG_LEVEL", "warn"));
    Console console = new Console(new PrintWriter(out), Logs.Format.HUMAN);
    LoggerFactory.getLogger("io.kosmos.sandbox.Test").warn("the pool is cold");
    LoggerFactory.getLogger("io.kosmos.sandbox.Test").info("hidden at level warn");
    console.line("plain");
    console.warning("look out");
    assertThat(err.toString()).isEqualTo("WARN  Test: the pool is cold\n");
    assertThat(out.toString()).isEqualTo("plain\nwarning: look out\n");
  }

  @Test
  void theEndpointServesThePrometheusTextFormatOnLoopback() throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0)) {
      Counter.builder("kosmos.tasks")
          .tag("outcome", "succeeded")
          .register(endpoint.registry())
          .increment(3);
      assertThat(endpoint.url()).isEqualTo("http://127.0.0.1:" + endpoint.port() + "/metrics");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(endpoint.url())).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/plain; version=0.0.4");
      assertThat(metrics.body())
          .contains("kosmos_tasks_total{outcome=\"succeeded\"} 3.0")
          .contains("jvm_memory_used_bytes");
      HttpResponse<String> open =
          http.send(
              HttpRequest.newBuilder(URI.create(endpoint.url()))
                  .header("Accept", "application/openmetrics-text; version=1.0.0")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(open.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/openmetrics-text");
      assertThat(open.body()).contains("# EOF");
      HttpResponse<String> other =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/nothing"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aTakenPortAnUnknownAddressAndABadPortSayWhatToDo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> MetricsEndpoint.start("127.0.0.1", taken.getLocalPort()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("choose another --metrics-port");
    }
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine
    assertThatThrownBy(() -> MetricsEndpoint.start("192.0.2.1", 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cannot serve metrics on 192.0.2.1:0")
        .hasMessageContaining("give --metrics-address an address of this machine");
    assertThatThrownBy(() -> MetricsEndpoint.start("no-such-host.invalid", 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--metrics-address no-such-host.invalid");
    assertThatThrownBy(() -> MetricsEndpoint.start("127.0.0.1", 70000))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--metrics-port 70000 is not a port");
  }

  @Test
  void operationsOptionsRefuseLingerWithoutAPortAndAnUnknownLogFormat() {
    OperationsOptions o = new OperationsOptions();
    o.metricsLinger = "30s";
    assertThatThrownBy(o::startEndpoint)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("--metrics-linger needs --metrics-port");
    o.logFormat = "xml";
    assertThatThrownBy(o::format)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("--log-format xml is not a log format; use human or json");
    o.logFormat = "JSON";
    assertThat(o.format()).isEqualTo(Logs.Format.JSON);
  }

  @Test
  void aBadOptionOfRunIsOneJsonErrorLineInTheJsonForm() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = KosmosCli.newCommandLine(Map.of());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code =
        cli.execute(
            "run",
            "--data",
            "no-such.csv",
            "--objective",
            "x",
            "--cycles",
            "0",
            "--log-format",
            "json");
    assertThat(code).isEqualTo(1);
    String[] lines = out.toString().strip().split("\n");
    JsonNode last = JSON.readTree(lines[lines.length - 1]);
    assertThat(last.path("level").asText()).isEqualTo("ERROR");
    assertThat(last.path("event").asText()).isEqualTo("error");
    assertThat(last.path("message").asText())
        .isEqualTo("--cycles, --tasks and --concurrency must be 1 or more");
    assertThat(err.toString()).isEmpty();
  }
}
