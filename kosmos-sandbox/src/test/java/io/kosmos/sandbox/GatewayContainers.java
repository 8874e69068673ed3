package io.kosmos.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Jupyter Servers for the gateway tests: containers of the executor image in TCP mode with a token,
 * each its own host with its own address on an internal network the test creates (reachable from
 * this host only), hardened like the sandbox, with a writable {@code /data} (a tmpfs, as an {@code
 * emptyDir} would be in a kernel pod). Labelled with an owner of their own, so that closing removes
 * these and nothing another test (or another engineer's build on the same engine) started.
 */
public final class GatewayContainers implements AutoCloseable {

  static final String OWNER_LABEL = "io.kosmos.sandbox.test.gateways";

  private final DockerClient docker;
  private final String owner = UUID.randomUUID().toString();
  private final String network;
  private final String token;
  private final List<String> ids = new ArrayList<>();
  private final List<String> urls = new ArrayList<>();

  private GatewayContainers(DockerClient docker) {
    this.docker = docker;
    byte[] raw = new byte[24];
    ThreadLocalRandom.current().nextBytes(raw);
    this.token = HexFormat.of().formatHex(raw);
    this.network = "kosmos-it-gateways-" + owner.substring(0, 8);
    docker
        .createNetworkCmd()
        .withName(network)
        .withDriver("bridge")
        .withInternal(true)
        .withLabels(Map.of(OWNER_LABEL, owner))
        .exec();
  }

  /**
   * Starts Jupyter Servers and waits until each answers.
   *
   * @param count how many
   * @return the servers; close them
   */
  public static GatewayContainers start(int count) throws Exception {
    SandboxEngine.require();
    GatewayContainers g =
        new GatewayContainers(DockerEngine.connect(null, Duration.ofSeconds(60)).client());
    try {
      for (int i = 0; i < count; i++) {
        g.add();
      }
      for (String url : g.urls) {
        awaitServer(url + "api");
      }
      return g;
    } catch (Exception | Error e) {
      g.close();
      throw e;
    }
  }

  private void add() {
    String id =
        docker
            .createContainerCmd(ExecutorImage.expectedTag())
            .withLabels(Map.of(OWNER_LABEL, owner))
            .withEnv(List.of("KOSMOS_JUPYTER_MODE=tcp", "KOSMOS_JUPYTER_TOKEN=" + token))
            .withCmd("tcp")
            .withUser("1000:1000")
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withNetworkMode(network)
                    .withReadonlyRootfs(true)
                    .withTmpFs(
                        Map.of(
                            "/tmp", "rw,size=268435456",
                            "/workspace", "rw,size=268435456,uid=1000,gid=1000",
                            "/data", "rw,size=268435456,uid=1000,gid=1000"))
                    .withCapDrop(Capability.ALL)
                    .withSecurityOpts(List.of("no-new-privileges"))
                    .withMemory(1536L << 20)
                    .withMemorySwap(1536L << 20)
                    .withPidsLimit(256L))
            .exec()
            .getId();
    docker.startContainerCmd(id).exec();
    ids.add(id);
    urls.add("http://" + TestContainers.ip(docker, id, network) + ":8888/");
  }

  public List<String> urls() {
    return urls;
  }

  public String token() {
    return token;
  }

  /** Kills a server's container (SIGKILL): the host is gone. */
  public void kill(int index) {
    docker.killContainerCmd(ids.get(index)).exec();
  }

  static void awaitServer(String url) throws Exception {
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
      } catch (java.io.IOException e) {
        // not yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the Jupyter server at " + url + " did not come up");
  }

  /**
   * The kernels a server runs, through its REST API.
   *
   * @param index which server
   * @return the answer's body
   */
  public String kernels(int index) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    return http.send(
            HttpRequest.newBuilder(URI.create(urls.get(index) + "api/kernels"))
                .header("Authorization", "token " + token)
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Override
  public void close() {
    for (var c :
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(OWNER_LABEL, owner))
            .exec()) {
      docker.removeContainerCmd(c.getId()).withForce(true).exec();
    }
    for (var n :
        docker.listNetworksCmd().withFilter("label", List.of(OWNER_LABEL + "=" + owner)).exec()) {
      docker.removeNetworkCmd(n.getId()).exec();
    }
    try {
      docker.close();
    } catch (java.io.IOException e) {
      // nothing left to release
    }
  }
}
