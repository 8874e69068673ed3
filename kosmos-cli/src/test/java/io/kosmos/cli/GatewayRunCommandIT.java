package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.sandbox.GatewayContainers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kosmos doctor --gateway}, {@code kosmos run --gateway} and {@code kosmos resume --gateway}
 * on two Jupyter Servers the test starts (each its own host), the token in {@code
 * KOSMOS_GATEWAY_TOKEN}: the example data reaches the kernels at {@code /data}, the run completes,
 * and its audit log says on which gateway and kernel every cell ran.
 */
class GatewayRunCommandIT {

  private static final Path EXAMPLE_DATA =
      Path.of(System.getProperty("kosmos.examples.data", "../kosmos-examples/data"))
          .resolve("diabetes.csv")
          .toAbsolutePath();

  @TempDir Path tmp;

  private record Outcome(int code, String out, String err) {}

  private static Outcome kosmos(Map<String, String> env, String... args) {
    CommandLine cli = KosmosCli.newCommandLine(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  @Test
  void doctorRunAndResumeOnTwoGateways() throws Exception {
    try (GatewayContainers servers = GatewayContainers.start(2)) {
      Map<String, String> env = new HashMap<>();
      env.put("KOSMOS_GATEWAY_TOKEN", servers.token());
      env.put("KOSMOS_LITERATURE", "off"); // no paper service on the internet
      String a = servers.urls().get(0);
      String b = servers.urls().get(1);

      Outcome doctor = kosmos(env, "doctor", "--gateway", a, "--gateway", b);
      System.out.println(doctor.out());
      assertThat(doctor.code()).as(doctor.out() + doctor.err()).isZero();
      assertThat(doctor.out())
          .contains("[ok     ] Gateway          " + a + ": kernel python3 started in")
          .contains("datasets reach /data, checked by SHA-256")
          .doesNotContain(servers.token());

      Path run = tmp.resolve("run");
      Outcome first =
          kosmos(
              env,
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
              run.toString(),
              "--gateway",
              a,
              "--gateway",
              b,
              "--gateway-capacity",
              "2");
      System.out.println(first.out());
      assertThat(first.code()).as(first.err()).isZero();
      assertThat(first.out())
          .contains("gateway " + a + " up, 0/2 sessions")
          .contains("run finished: COMPLETED");
      JsonNode runJson = new ObjectMapper().readTree(run.resolve("run.json").toFile());
      assertThat(runJson.toString()).contains("gateway-pool");

      Outcome resumed =
          kosmos(env, "resume", run.toString(), "--cycles", "2", "--gateway", a, "--gateway", b);
      System.out.println(resumed.out());
      assertThat(resumed.code()).as(resumed.err()).isZero();
      assertThat(resumed.out()).contains("cycle 2/2 done");

      Set<String> where = new HashSet<>();
      List<String> lines = Files.readAllLines(run.resolve("audit.jsonl"));
      assertThat(lines).isNotEmpty();
      for (String line : lines) {
        JsonNode record = new ObjectMapper().readTree(line);
        assertThat(record.path("container").asText()).startsWith("kernel ");
        where.add(record.path("image").asText());
      }
      assertThat(where).containsExactlyInAnyOrder(a, b);
    }
  }
}
