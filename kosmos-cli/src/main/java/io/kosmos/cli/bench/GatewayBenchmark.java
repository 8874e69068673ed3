package io.kosmos.cli.bench;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
import io.kosmos.api.SessionOptions;
import io.kosmos.sandbox.Gateway;
import io.kosmos.sandbox.GatewayPoolExecutor;
import io.kosmos.sandbox.RemoteGatewayExecutor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code kosmos bench gateways}: a {@link GatewayPoolExecutor} on Jupyter Servers that it starts on
 * this machine, each its own host. With 1, 2 and 3 gateways (and one gateway without the pool, for
 * the pool's own cost) it measures trivial cells per second across parallel sessions and the
 * throughput of whole tasks (a session opened with a dataset placed at {@code /data}, a few pandas
 * cells, closed); then, with {@link GatewayFailover}, how long the pool takes to find a gateway
 * that died or froze and to have its work running elsewhere. On one machine the gateways share its
 * cores: the figures show what placement and health checks cost, not a speed-up.
 */
public final class GatewayBenchmark {

  /** What to measure. */
  public record Options(
      int gateways, int concurrency, int cells, int tasks, int cellsPerTask, boolean failover) {}

  private static final Duration CELL = Duration.ofSeconds(120);

  private final Options options;
  private final PrintWriter out;

  /**
   * Prepares a run.
   *
   * @param options what to measure
   * @param out where the figures go
   */
  public GatewayBenchmark(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /** Starts the servers, measures, prints, and removes the servers. */
  public void run() {
    out.printf(
        Locale.ROOT,
        "Kosmos gateway pool benchmark: %d Jupyter Server(s) on this machine (%d cores, load %s),"
            + " each its own address on an internal network%n",
        options.gateways(),
        Runtime.getRuntime().availableProcessors(),
        load());
    out.println(
        "On one machine the gateways share its cores: the figures show the pool's scheduling"
            + " overhead, not a speed-up.");
    out.flush();
    Path data = dataset();
    try (GatewayServers servers = GatewayServers.start(options.gateways())) {
      out.println("image " + servers.image() + "; gateways " + String.join(" ", servers.urls()));
      out.println();
      throughput(servers, data);
      if (options.failover()) {
        if (options.gateways() < 2) {
          out.println("failover: needs 2 or more gateways (--gateways)");
        } else {
          out.println();
          new GatewayFailover(servers, out).run();
        }
      }
    }
    out.flush();
  }

  private void throughput(GatewayServers servers, Path data) {
    out.printf(
        Locale.ROOT,
        "Throughput: %d parallel sessions; %d trivial cells; %d tasks of a session with a %s"
            + " dataset at /data and %d pandas cells%n",
        options.concurrency(),
        options.cells(),
        options.tasks(),
        human(data),
        options.cellsPerTask());
    String header =
        String.format(
            Locale.ROOT,
            "  %-22s %12s %10s %10s %10s %12s",
            "gateways",
            "cells/s",
            "cell p50",
            "tasks/min",
            "task p50",
            "session p50");
    out.println(header);
    out.println("  " + "-".repeat(header.length() - 2));
    out.flush();
    List<String> urls = servers.urls();
    try (RemoteGatewayExecutor direct =
        RemoteGatewayExecutor.builder(urls.getFirst()).token(servers.token()).build()) {
      row("1, RemoteGatewayExecutor", direct, data);
    }
    for (int k = 1; k <= urls.size(); k++) {
      GatewayPoolExecutor.Builder b = GatewayPoolExecutor.builder();
      for (String url : urls.subList(0, k)) {
        b.gateway(
            Gateway.builder(url).token(servers.token()).capacity(options.concurrency()).build());
      }
      try (GatewayPoolExecutor pool = b.build()) {
        pool.checkNow();
        row(k + ", GatewayPoolExecutor", pool, data);
      }
    }
  }

  private void row(String label, Executor executor, Path data) {
    double[] cellMillis = new double[options.cells()];
    double cellsPerSecond = trivialCells(executor, cellMillis);
    double[] taskMillis = new double[options.tasks()];
    double[] sessionMillis = new double[options.tasks()];
    long start = System.nanoTime();
    parallel(
        options.tasks(),
        i -> {
          long t0 = System.nanoTime();
          try (ExecutionSession s =
              executor.openSession(
                  SessionOptions.builder().taskId("t" + i).dataset(data).build())) {
            sessionMillis[i] = millisSince(t0);
            s.execute("import pandas as pd", CELL);
            s.execute("d = pd.read_csv('/data/" + data.getFileName() + "')", CELL);
            for (int c = 2; c < options.cellsPerTask(); c++) {
              check(s.execute("d.describe(); print(round(d['y'].mean(), 3))", CELL));
            }
          }
          taskMillis[i] = millisSince(t0);
          return null;
        });
    double minutes = (System.nanoTime() - start) / 60e9;
    out.printf(
        Locale.ROOT,
        "  %-22s %12.1f %10s %10.1f %10s %12s%n",
        label,
        cellsPerSecond,
        ms(p50(cellMillis)),
        options.tasks() / minutes,
        ms(p50(taskMillis)),
        ms(p50(sessionMillis)));
    out.flush();
  }

  /** Trivial cells spread over parallel sessions; returns cells per second. */
  private double trivialCells(Executor executor, double[] millis) {
    int n = options.concurrency();
    List<ExecutionSession> sessions = new ArrayList<>();
    try {
      parallel(
          n,
          i -> {
            ExecutionSession s = executor.openSession(SessionOptions.builder().build());
            synchronized (sessions) {
              sessions.add(s);
            }
            s.execute("x = 1", CELL);
            return null;
          });
      long start = System.nanoTime();
      parallel(
          millis.length,
          i -> {
            ExecutionSession s = sessions.get(i % n);
            long t0 = System.nanoTime();
            check(s.execute("x = " + i, CELL));
            millis[i] = millisSince(t0);
            return null;
          },
          n,
          i -> i % n);
      return millis.length / ((System.nanoTime() - start) / 1e9);
    } finally {
      sessions.forEach(ExecutionSession::close);
    }
  }

  /** Work item of index i. */
  @FunctionalInterface
  private interface Work {
    Void run(int i) throws Exception;
  }

  /** Runs n items on the concurrency's threads. */
  private void parallel(int n, Work work) {
    parallel(n, work, options.concurrency(), i -> i % options.concurrency());
  }

  /** Runs n items, each on the lane the mapping gives (one thread per lane, items in order). */
  private static void parallel(
      int n, Work work, int lanes, java.util.function.IntUnaryOperator lane) {
    ExecutorService threads = Executors.newFixedThreadPool(lanes);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int l = 0; l < lanes; l++) {
        int mine = l;
        Callable<Void> laneWork =
            () -> {
              for (int i = 0; i < n; i++) {
                if (lane.applyAsInt(i) == mine) {
                  work.run(i);
                }
              }
              return null;
            };
        futures.add(threads.submit(laneWork));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new IllegalStateException(e.getCause());
    } finally {
      threads.shutdownNow();
    }
  }

  static void check(ExecutionResult r) {
    if (!r.isOk()) {
      throw new IllegalStateException(
          "a benchmark cell failed: "
              + r.errorOutput().map(e -> e.name() + ": " + e.value()).orElse(r.status().name()));
    }
  }

  /** A 1 MiB CSV with a numeric outcome: what a task reads. */
  private static Path dataset() {
    try {
      Path dir = Files.createTempDirectory("kosmos-bench-gateways");
      StringBuilder sb = new StringBuilder("x,y,group\n");
      Random r = new Random(1);
      while (sb.length() < (1 << 20)) {
        double x = r.nextGaussian();
        sb.append(
            String.format(
                Locale.ROOT, "%.5f,%.5f,g%d%n", x, 2 * x + r.nextGaussian(), r.nextInt(5)));
      }
      Path file = Files.writeString(dir.resolve("bench.csv"), sb);
      file.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String human(Path file) {
    try {
      return String.format(Locale.ROOT, "%.1f MiB", Files.size(file) / (double) (1 << 20));
    } catch (IOException e) {
      return "?";
    }
  }

  static double millisSince(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  static double p50(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  static String ms(double millis) {
    return millis < 1000
        ? String.format(Locale.ROOT, "%.1f ms", millis)
        : String.format(Locale.ROOT, "%.2f s", millis / 1000);
  }

  /** The machine's load averages: other work on a shared machine skews every figure. */
  static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
