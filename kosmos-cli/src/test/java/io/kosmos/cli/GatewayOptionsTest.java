package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.InvalidInputException;
import io.kosmos.sandbox.Gateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --gateway} and its tokens: from {@code KOSMOS_GATEWAY_TOKEN} or a file (one for every
 * gateway, or one per URL), never from the command line; bad options refused before anything runs.
 */
class GatewayOptionsTest {

  @TempDir Path tmp;
  private final StringWriter printed = new StringWriter();
  private final PrintWriter out = new PrintWriter(printed, true);

  private static GatewayOptions parse(String... args) {
    GatewayOptions options = new GatewayOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void theTokenComesFromTheEnvironmentForEveryGateway() {
    List<Gateway> g =
        parse(
                "--gateway",
                "http://a:8888",
                "--gateway",
                "http://b:8888/",
                "--gateway-capacity",
                "6")
            .gateways(Map.of("KOSMOS_GATEWAY_TOKEN", " t0k \n"), out);
    assertThat(g).extracting(Gateway::url).containsExactly("http://a:8888/", "http://b:8888/");
    assertThat(g).allMatch(x -> x.token().orElseThrow().equals("t0k") && x.capacity() == 6);
    assertThat(parse("--gateway", "http://a:8888").gateways(Map.of(), out).getFirst().token())
        .isEmpty();
  }

  @Test
  void aTokenFileGivesOneTokenForAllOrOnePerUrl() throws Exception {
    Path file = tmp.resolve("tokens");
    Files.writeString(
        file, "# the pool's tokens\nshared-token\n\n  # b has its own\nhttp://b:8888   b-token\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    List<Gateway> g =
        parse(
                "--gateway",
                "http://a:8888",
                "--gateway",
                "http://b:8888",
                "--gateway-token-file",
                file.toString(),
                "--gateway-kernel",
                "python_kubernetes")
            .gateways(Map.of("KOSMOS_GATEWAY_TOKEN", "ignored"), out);
    assertThat(g.get(0).token()).contains("shared-token");
    assertThat(g.get(1).token()).contains("b-token");
    assertThat(g).allMatch(x -> x.kernelName().equals("python_kubernetes"));
    assertThat(printed.toString()).isEmpty();
  }

  @Test
  void aTokenFileOthersCanReadIsNamedInAWarning() throws Exception {
    Path file = Files.writeString(tmp.resolve("tokens"), "tok\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    parse("--gateway", "http://a:8888", "--gateway-token-file", file.toString())
        .gateways(Map.of(), out);
    assertThat(printed.toString())
        .contains("warning: " + file + " can be read by other users")
        .contains("chmod 600");
  }

  @Test
  void badGatewayOptionsSayWhatIsWrong() throws Exception {
    assertThatThrownBy(() -> parse("--gateway-capacity", "2").gateways(Map.of(), out))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("go with --gateway URL");
    assertThatThrownBy(
            () -> parse("--gateway", "http://a", "--gateway-capacity", "0").gateways(Map.of(), out))
        .hasMessage("--gateway-capacity must be 1 or more, was 0");
    assertThatThrownBy(() -> parse("--gateway", "a b c").gateways(Map.of(), out))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("must be an http(s) URL");
    Path missing = tmp.resolve("none");
    assertThatThrownBy(
            () ->
                parse("--gateway", "http://a", "--gateway-token-file", missing.toString())
                    .gateways(Map.of(), out))
        .hasMessageContaining("cannot read the token file " + missing);
    Path other = Files.writeString(tmp.resolve("other"), "http://c:8888 tok\n");
    assertThatThrownBy(
            () ->
                parse("--gateway", "http://a", "--gateway-token-file", other.toString())
                    .gateways(Map.of(), out))
        .hasMessageContaining("has a token for http://c:8888/, which is no --gateway");
    Path three = Files.writeString(tmp.resolve("three"), "http://a tok extra\n");
    assertThatThrownBy(
            () ->
                parse("--gateway", "http://a", "--gateway-token-file", three.toString())
                    .gateways(Map.of(), out))
        .hasMessageContaining(three + " line 1: expected a token, or a URL and its token");
    Path empty = Files.writeString(tmp.resolve("empty"), "# nothing\n");
    assertThatThrownBy(
            () ->
                parse("--gateway", "http://a", "--gateway-token-file", empty.toString())
                    .gateways(Map.of(), out))
        .hasMessage(empty + " holds no token");
  }

  @Test
  void runRefusesBadGatewayOptionsBeforeAnythingStarts() throws Exception {
    Path data = Files.writeString(tmp.resolve("d.csv"), "x,y\n1,2\n");
    StringWriter err = new StringWriter();
    CommandLine cli = KosmosCli.newCommandLine(Map.of());
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    int code =
        cli.execute(
            "run", "--data", data.toString(), "--objective", "y?", "--gateway-token-file", "x");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("go with --gateway URL");
    assertThat(tmp.resolve("runs")).doesNotExist();
  }

  @Test
  void doctorNamesAGatewayThatRefusesTheTokenAndOneThatDoesNotAnswer() throws Exception {
    try (MockWebServer refusing = new MockWebServer()) {
      refusing.setDispatcher(
          new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
              return new MockResponse.Builder()
                  .code(401)
                  .setHeader("Content-Type", "application/json")
                  .body("{\"reason\":\"Unauthorized\",\"message\":\"\"}")
                  .build();
            }
          });
      refusing.start();
      MockWebServer gone = new MockWebServer();
      gone.start();
      String goneUrl = gone.url("/").toString();
      gone.close();
      Map<String, String> env = new HashMap<>();
      env.put(GatewayOptions.TOKEN_VARIABLE, "s3cr3t-value");
      env.put("KOSMOS_LITERATURE", "off"); // no paper service on the internet
      CommandLine cli = KosmosCli.newCommandLine(env);
      StringWriter o = new StringWriter();
      cli.setOut(new PrintWriter(o, true));
      int code =
          cli.execute("doctor", "--gateway", refusing.url("/").toString(), "--gateway", goneUrl);
      assertThat(code).isEqualTo(1);
      assertThat(o.toString())
          .contains("[MISSING] Gateway")
          .contains("answered 401: Unauthorized; the token is missing or wrong")
          .contains("fix: give the gateway's token in KOSMOS_GATEWAY_TOKEN or a file")
          .contains("no answer to GET /api/kernelspecs")
          .contains("fix: check the URL, that the server runs")
          .doesNotContain("Docker engine")
          .doesNotContain("s3cr3t-value");
    }
  }
}
