package io.kosmos.sandbox;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/** The HTTP client a sandbox talks to its containers' Jupyter servers with. */
final class SandboxHttp {

  private SandboxHttp() {}

  /** A client whose threads never keep the JVM alive, with no read limit (cells set their own). */
  static OkHttpClient client() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ofMinutes(2))
        .retryOnConnectionFailure(true)
        .connectionPool(new ConnectionPool(32, 1, TimeUnit.MINUTES))
        .dispatcher(daemonDispatcher())
        .build();
  }

  private static Dispatcher daemonDispatcher() {
    return new Dispatcher(
        new java.util.concurrent.ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            60,
            TimeUnit.SECONDS,
            new java.util.concurrent.SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "kosmos-sandbox-http");
              t.setDaemon(true);
              return t;
            }));
  }
}
