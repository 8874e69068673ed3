package io.kosmos.cli.bench;

import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.sandbox.SandboxConfig;
import io.kosmos.sandbox.SandboxDiagnosis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Jupyter Servers for {@code kosmos bench gateways}: containers of the executor image in TCP mode
 * with a token, each its own host with its own address on an internal network made for the run,
 * hardened like the sandbox, with a writable {@code /data}. Started and removed with the {@code
 * docker} command; a shutdown hook removes them if the benchmark is interrupted.
 */
final class GatewayServers implements AutoCloseable {

  private static final String LABEL = "io.kosmos.bench.gateways";

  private final String owner = UUID.randomUUID().toString().substring(0, 8);
  private final String network = "kosmos-bench-gateways-" + owner;
  private final String token;
  private final String image;
  private final List<String> names = new ArrayList<>();
  private final List<String> urls = new ArrayList<>();
  private final Thread hook = new Thread(this::removeAll, "kosmos-bench-gateways-cleanup");

  private GatewayServers(String image) {
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    this.token = HexFormat.of().formatHex(raw);
    this.image = image;
  }

  /**
   * Starts Jupyter Servers and waits until each answers.
   *
   * @param count how many
   * @return the servers; close them
   * @throws SandboxUnavailableException without a Docker engine or the executor image
   */
  static GatewayServers start(int count) {
    SandboxDiagnosis d = SandboxDiagnosis.of(SandboxConfig.defaults());
    if (!d.ready()) {
      throw new SandboxUnavailableException(
          "the gateway benchmark starts Jupyter Servers from the executor image: "
              + d.problem()
              + "; fix: "
              + d.fix());
    }
    GatewayServers s = new GatewayServers(d.image());
    Runtime.getRuntime().addShutdownHook(s.hook);
    try {
      docker("network", "create", "--internal", "--label", LABEL + "=" + s.owner, s.network);
      for (int i = 0; i < count; i++) {
        s.add(i);
      }
      for (String url : s.urls) {
        awaitServer(url + "api");
      }
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void add(int index) {
    String name = "kosmos-bench-gw" + (index + 1) + "-" + owner;
    docker(
        "run",
        "-d",
        "--name",
        name,
        "--label",
        LABEL + "=" + owner,
        "--network",
        network,
        "--user",
        "1000:1000",
        "--read-only",
        "--tmpfs",
        "/tmp:rw,size=256m",
        "--tmpfs",
        "/workspace:rw,size=256m,uid=1000,gid=1000",
        "--tmpfs",
        "/data:rw,size=256m,uid=1000,gid=1000",
        "--cap-drop",
        "ALL",
        "--security-opt",
        "no-new-privileges",
        "--memory",
        "1536m",
        "--pids-limit",
        "256",
        "-e",
        "KOSMOS_JUPYTER_MODE=tcp",
        "-e",
        "KOSMOS_JUPYTER_TOKEN=" + token,
        image,
        "tcp");
    names.add(name);
    String ip =
        docker("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", name)
            .strip();
    urls.add("http://" + ip + ":8888/");
  }

  String image() {
    return image;
  }

  List<String> urls() {
    return urls;
  }

  String token() {
    return token;
  }

  /** The host dies: SIGKILL to the server and its kernels. */
  void kill(int index) {
    docker("kill", names.get(index));
  }

  /** The host stops answering, with its connections left open: every process is frozen. */
  void pause(int index) {
    docker("pause", names.get(index));
  }

  void unpause(int index) {
    docker("unpause", names.get(index));
  }

  @Override
  public void close() {
    removeAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs
    }
  }

  private void removeAll() {
    for (String name : names) {
      try {
        docker("rm", "-f", name);
      } catch (RuntimeException e) {
        // gone already
      }
    }
    try {
      docker("network", "rm", network);
    } catch (RuntimeException e) {
      // never made, or gone already
    }
  }

  private static String docker(String... args) {
    List<String> command = new ArrayList<>();
    command.add("docker");
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("docker " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void awaitServer(String url) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
        Thread.sleep(100);
      } catch (IOException e) {
        sleep();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new SandboxUnavailableException("the Jupyter server at " + url + " did not come up");
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
