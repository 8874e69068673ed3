package io.kosmos.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kosmos.api.InvalidInputException;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The Prometheus endpoint of {@code kosmos run} and {@code kosmos resume}: every meter of the run
 * (the engine's, the sandbox's, the language model's, and the JVM's) in the Prometheus text format
 * at {@code http://ADDRESS:PORT/metrics}, served by the JDK's HTTP server on a daemon thread. It
 * binds to the loopback address unless told otherwise: the meters name the objective's model and
 * the machine's load, which is nobody else's business.
 */
final class MetricsEndpoint implements AutoCloseable {

  private final PrometheusMeterRegistry registry;
  private final HttpServer server;
  private final JvmGcMetrics gc;

  private MetricsEndpoint(PrometheusMeterRegistry registry, HttpServer server, JvmGcMetrics gc) {
    this.registry = registry;
    this.server = server;
    this.gc = gc;
  }

  /**
   * Starts serving.
   *
   * @param address the address to bind, for example {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param port the port; 0 for any free one
   * @return the endpoint, serving
   * @throws InvalidInputException if the address is unknown or the port taken
   */
  static MetricsEndpoint start(String address, int port) {
    if (port < 0 || port > 65535) {
      throw new InvalidInputException(
          "--metrics-port " + port + " is not a port; use 1 to 65535 (or 0 for any free port)");
    }
    InetAddress bind;
    try {
      bind = InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new InvalidInputException(
          "--metrics-address " + address + " is not an address of this machine", e);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bind, port), 16);
    } catch (BindException e) {
      gc.close();
      throw new InvalidInputException(
          "cannot serve metrics on "
              + address
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); the port is taken or the address is not this machine's: choose another"
              + " --metrics-port (or --metrics-port 0 for any free port), or give --metrics-address"
              + " an address of this machine (127.0.0.1, 0.0.0.0 for all)",
          e);
    } catch (IOException e) {
      gc.close();
      throw new InvalidInputException(
          "cannot serve metrics on " + address + ":" + port + ": " + e.getMessage(), e);
    }
    server.createContext("/", exchange -> handle(exchange, registry));
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "kosmos-metrics");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return new MetricsEndpoint(registry, server, gc);
  }

  private static void handle(HttpExchange exchange, PrometheusMeterRegistry registry)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!exchange.getRequestMethod().equals("GET")
          && !exchange.getRequestMethod().equals("HEAD")) {
        send(exchange, 405, "text/plain; charset=utf-8", "only GET is served\n");
      } else if (path.equals("/metrics")) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        String contentType =
            accept != null && accept.contains("application/openmetrics-text")
                ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                : "text/plain; version=0.0.4; charset=utf-8";
        send(exchange, 200, contentType, registry.scrape(contentType));
      } else if (path.equals("/")) {
        send(exchange, 200, "text/plain; charset=utf-8", "Kosmos: the meters are at /metrics\n");
      } else {
        send(exchange, 404, "text/plain; charset=utf-8", "not found; the meters are at /metrics\n");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The registry the run's meters go to. */
  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Where the meters are, for the line printed at start. */
  String url() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + a.getPort() + "/metrics";
  }

  /** The port served, useful with port 0. */
  int port() {
    return server.getAddress().getPort();
  }

  /**
   * Keeps serving for a while after the run, so that a scraper sees the last values of a run that
   * ended between two scrapes.
   *
   * @param linger how long
   */
  void linger(Duration linger) {
    if (linger.isZero() || linger.isNegative()) {
      return;
    }
    try {
      Thread.sleep(linger);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    gc.close();
    registry.close();
  }
}
