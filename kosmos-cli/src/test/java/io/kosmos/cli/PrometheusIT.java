package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.sandbox.SandboxConfig;
import io.kosmos.sandbox.SandboxDiagnosis;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations files against the real Prometheus (Debian's {@code prometheus} package): the alert
 * rules pass {@code promtool check rules} and their unit tests ({@code promtool test rules}), the
 * example configuration passes {@code promtool check config}; and a real Prometheus on loopback
 * scrapes a live {@code kosmos run --metrics-port} (the shaded jar, in a child process, on the
 * example data in the real sandbox, with {@code --log-format json}) and answers through its HTTP
 * API for the run's task counter and task duration histogram, the sandbox's containers, every query
 * of the Grafana dashboard (each must parse, and each engine or sandbox meter it names must exist),
 * and the alert rules evaluated on the live series. The run's standard output is checked as the
 * JSON log: every line one object, task lines naming their run, cycle and task.
 *
 * <p>Needs Prometheus ({@code apt-get install prometheus}), Docker and the executor image; it fails
 * without them, with the fix, never skips.
 */
class PrometheusIT {

  static final Path REPO = KubernetesManifestsTest.repo();
  static final Path OPS = REPO.resolve("docs/operations");
  static final Path EXAMPLE_DATA =
      Path.of(System.getProperty("kosmos.examples.data", "../kosmos-examples/data"))
          .resolve("diabetes.csv")
          .toAbsolutePath();
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path tmp;

  static String tool(String name) {
    for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return dir + "/" + name;
      }
    }
    throw new AssertionError(
        name
            + " is missing: install Debian's prometheus package (apt-get install -y"
            + " --no-install-recommends prometheus; .ci/run does)");
  }

  private record Run(int code, String out) {}

  private static Run run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void alertRulesPassPromtoolAndTheirUnitTests() throws Exception {
    Path prom = OPS.resolve("prometheus");
    Run check = run(prom, tool("promtool"), "check", "rules", "kosmos-alerts.yml");
    assertThat(check.code()).as(check.out()).isZero();
    assertThat(check.out()).contains("SUCCESS: 6 rules found");
    Run tests = run(prom, tool("promtool"), "test", "rules", "kosmos-alerts.test.yml");
    assertThat(tests.code()).as(tests.out()).isZero();
    assertThat(tests.out()).contains("SUCCESS");
    Run config = run(prom, tool("promtool"), "check", "config", "prometheus.yml");
    assertThat(config.code()).as(config.out()).isZero();
    // every alert has a firing and a non-firing case in the unit tests
    String testFile = Files.readString(prom.resolve("kosmos-alerts.test.yml"));
    for (String alert : alerts()) {
      assertThat(testFile).contains("alertname: " + alert);
      assertThat(Files.readString(OPS.resolve("runbook.md")))
          .as("the runbook has a section for " + alert)
          .contains("### " + alert);
    }
  }

  static List<String> alerts() throws IOException {
    List<String> names = new ArrayList<>();
    Matcher m =
        Pattern.compile("(?m)^\\s*- alert: (\\S+)")
            .matcher(Files.readString(OPS.resolve("prometheus/kosmos-alerts.yml")));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void aRealPrometheusScrapesALiveRunAndAnswersForItsMeters() throws Exception {
    SandboxDiagnosis d = SandboxDiagnosis.of(SandboxConfig.defaults());
    if (!d.ready()) {
      throw new SandboxUnavailableException(
          "PrometheusIT needs a Docker engine and the executor image: "
              + d.problem()
              + "; fix: "
              + d.fix());
    }
    int kosmosPort = freePort();
    int promPort = freePort();
    Path runDir = tmp.resolve("run");
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    Path jar = Path.of(System.getProperty("kosmos.jar", "target/kosmos.jar")).toAbsolutePath();
    Path log = tmp.resolve("kosmos.jsonl");
    Process kosmos =
        new ProcessBuilder(
                java.toString(),
                "-jar",
                jar.toString(),
                "run",
                "--data",
                EXAMPLE_DATA.toString(),
                "--objective",
                "What drives disease progression in this cohort?",
                "--cycles",
                "1",
                "--tasks",
                "2",
                "--out",
                runDir.toString(),
                "--no-setup",
                "--literature",
                "off",
                "--log-format",
                "json",
                "--metrics-port",
                Integer.toString(kosmosPort),
                "--metrics-linger",
                "90s")
            .redirectOutput(log.toFile())
            .redirectError(tmp.resolve("kosmos.err").toFile())
            .start();
    Process prometheus = null;
    try {
      prometheus = startPrometheus(kosmosPort, promPort);
      String api = "http://127.0.0.1:" + promPort + "/api/v1/";
      // the run's two tasks, as Prometheus scraped them from the live endpoint; the deadline covers
      // the pool's warm-up (up to 3 minutes) on a loaded machine, and returns as soon as they count
      JsonNode tasks = awaitValue(api, "sum(kosmos_tasks_total)", 2, Duration.ofMinutes(10), log);
      assertThat(tasks.asDouble()).isEqualTo(2);
      awaitValue(
          api, "sum(kosmos_runs_total{status=\"completed\"})", 1, Duration.ofMinutes(1), log);
      double p50 =
          scalar(api, "histogram_quantile(0.5, sum by (le) (kosmos_task_duration_seconds_bucket))");
      assertThat(p50).isGreaterThan(0).isLessThanOrEqualTo(7200);
      assertThat(
              query(api, "kosmos_task_duration_seconds_count{kind=\"data_analysis\"}")
                  .path("data")
                  .path("result"))
          .isNotEmpty();
      Set<String> states = new HashSet<>();
      query(api, "kosmos_sandbox_containers")
          .path("data")
          .path("result")
          .forEach(r -> states.add(r.path("metric").path("state").asText()));
      assertThat(states).containsExactlyInAnyOrder("warm", "starting", "busy", "idle");
      assertThat(scalar(api, "sum(kosmos_sandbox_cells_total{status=\"ok\"})")).isPositive();
      assertThat(scalar(api, "up{job=\"kosmos\"}")).isEqualTo(1);
      assertThat(scalar(api, "jvm_memory_used_bytes{area=\"heap\"} > 0 or vector(0)")).isPositive();

      dashboardQueriesParseAndNameLiveMeters(api);
      alertRulesEvaluateOnTheLiveSeries(api);
      jsonLogOfTheRun(log);
    } finally {
      kosmos.destroy(); // ends the linger; the JVM's shutdown hook removes its containers
      kosmos.waitFor(1, TimeUnit.MINUTES);
      if (prometheus != null) {
        prometheus.destroy();
        prometheus.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private Process startPrometheus(int kosmosPort, int promPort) throws Exception {
    Path config = tmp.resolve("prometheus.yml");
    Files.copy(OPS.resolve("prometheus/kosmos-alerts.yml"), tmp.resolve("kosmos-alerts.yml"));
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files:
          - kosmos-alerts.yml
        scrape_configs:
          - job_name: kosmos
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
            .formatted(kosmosPort));
    Process p =
        new ProcessBuilder(
                tool("prometheus"),
                "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + promPort,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("prometheus.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + promPort + "/-/ready"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return p;
        }
      } catch (IOException e) {
        // not up yet
      }
      if (!p.isAlive()) {
        throw new AssertionError(
            "prometheus exited: " + Files.readString(tmp.resolve("prometheus.log")));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("prometheus did not get ready in 60 s");
  }

  private void dashboardQueriesParseAndNameLiveMeters(String api) throws Exception {
    JsonNode dashboard = JSON.readTree(OPS.resolve("grafana/kosmos-dashboard.json").toFile());
    Set<String> live = new HashSet<>();
    get(api + "label/__name__/values").path("data").forEach(n -> live.add(n.asText()));
    int queries = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        String expr =
            target
                .path("expr")
                .asText()
                .replace("$__rate_interval", "1m")
                .replace("$instance", ".*");
        JsonNode answer = query(api, expr);
        assertThat(answer.path("status").asText())
            .as(panel.path("title").asText() + ": " + expr + " -> " + answer)
            .isEqualTo("success");
        Matcher m = Pattern.compile("\\b((?:kosmos|gen_ai)_[a-z_]+)\\{").matcher(expr);
        while (m.find()) {
          String name = m.group(1);
          if (name.startsWith("kosmos_") && !name.startsWith("kosmos_llm")) {
            assertThat(live).as("a live run exposes " + name).contains(name);
          }
        }
        queries++;
      }
    }
    assertThat(queries).isGreaterThanOrEqualTo(30);
  }

  private void alertRulesEvaluateOnTheLiveSeries(String api) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      List<String> healthy = new ArrayList<>();
      for (JsonNode group : get(api + "rules").path("data").path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          if (rule.path("health").asText().equals("ok")) {
            healthy.add(rule.path("name").asText());
          }
        }
      }
      if (healthy.containsAll(alerts()) || System.nanoTime() > deadline) {
        assertThat(healthy).containsAll(alerts());
        break;
      }
      Thread.sleep(500);
    }
    // a healthy run fires none of them
    assertThat(get(api + "alerts").path("data").path("alerts")).isEmpty();
  }

  private static void jsonLogOfTheRun(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).isNotEmpty();
    int taskLines = 0;
    for (String line : lines) {
      JsonNode event = JSON.readTree(line); // every line is one object
      assertThat(event.isObject()).as(line).isTrue();
      assertThat(event.path("time").asText()).as(line).isNotEmpty();
      if (event.path("event").asText().equals("task_finished")) {
        taskLines++;
        assertThat(event.path("run_id").asText()).startsWith("run-");
        assertThat(event.path("cycle").isNumber()).isTrue();
        assertThat(event.path("task").asText()).matches("c1-t0[12]");
      }
    }
    assertThat(taskLines).isEqualTo(2);
  }

  private static JsonNode awaitValue(
      String api, String expr, double want, Duration timeout, Path log) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      JsonNode result = query(api, expr).path("data").path("result");
      if (!result.isEmpty()) {
        last = result.get(0).path("value").get(1);
        if (Double.parseDouble(last.asText()) >= want) {
          return JSON.getNodeFactory().numberNode(Double.parseDouble(last.asText()));
        }
      }
      Thread.sleep(1000);
    }
    throw new AssertionError(
        expr
            + " did not reach "
            + want
            + " (last "
            + last
            + "); kosmos said:\n"
            + Files.readString(log));
  }

  private static double scalar(String api, String expr) throws Exception {
    JsonNode result = query(api, expr).path("data").path("result");
    assertThat(result).as(expr).isNotEmpty();
    return Double.parseDouble(result.get(0).path("value").get(1).asText());
  }

  private static JsonNode query(String api, String expr) throws Exception {
    return get(api + "query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
