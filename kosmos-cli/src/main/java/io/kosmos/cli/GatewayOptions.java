package io.kosmos.cli;

import io.kosmos.api.InvalidInputException;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.sandbox.Gateway;
import io.kosmos.sandbox.GatewayPoolExecutor;
import io.kosmos.sandbox.GatewayStatus;
import io.kosmos.sandbox.KernelOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options that run kernels on Jupyter gateways (Jupyter Server, Kernel Gateway, Enterprise
 * Gateway) instead of the local Docker sandbox: {@code kosmos run}, {@code resume} and {@code
 * doctor}. Tokens never go on the command line, where other users of the machine could read them:
 * they come from a file or from {@code KOSMOS_GATEWAY_TOKEN}.
 */
final class GatewayOptions {

  /** The variable that holds the token of every gateway. */
  static final String TOKEN_VARIABLE = "KOSMOS_GATEWAY_TOKEN";

  /** How long a session may wait for room on the pool: far longer than the library default. */
  static final Duration PENDING_TIMEOUT = Duration.ofMinutes(30);

  @Option(
      names = "--gateway",
      paramLabel = "URL",
      description =
          "Run the kernels on this Jupyter Server, Kernel Gateway or Enterprise Gateway instead of"
              + " the local Docker sandbox; repeat for several (sessions go to the healthy gateway"
              + " with the most room, and move off one that dies). Token: "
              + TOKEN_VARIABLE
              + " or --gateway-token-file.")
  List<String> urls = new ArrayList<>();

  @Option(
      names = "--gateway-token-file",
      paramLabel = "FILE",
      description =
          "A file with the gateways' tokens: one line with the token of every gateway, or lines"
              + " 'URL TOKEN'; lines starting with # are comments. Default: $"
              + TOKEN_VARIABLE
              + ".")
  Path tokenFile;

  @Option(
      names = "--gateway-capacity",
      paramLabel = "N",
      description = "Sessions each gateway may hold at once (default: 4).")
  Integer capacity;

  @Option(
      names = "--gateway-kernel",
      paramLabel = "NAME",
      description = "The kernel spec to start on the gateways (default: python3).")
  String kernelName;

  private List<Gateway> resolved;

  /** Whether the kernels run on gateways. */
  boolean given() {
    return !urls.isEmpty();
  }

  /**
   * The gateways with their tokens, read once (the token file is read at the first call).
   *
   * @param environment where {@value #TOKEN_VARIABLE} may be
   * @param out where a warning about the token file goes
   * @return one per {@code --gateway}
   * @throws InvalidInputException if an option is given without {@code --gateway}, a URL or the
   *     token file is unusable, or the capacity is below 1
   */
  List<Gateway> gateways(Map<String, String> environment, PrintWriter out) {
    if (resolved == null) {
      resolved = List.copyOf(resolve(environment, out));
    }
    return resolved;
  }

  private List<Gateway> resolve(Map<String, String> environment, PrintWriter out) {
    if (!given()) {
      if (tokenFile != null || capacity != null || kernelName != null) {
        throw new InvalidInputException(
            "--gateway-token-file, --gateway-capacity and --gateway-kernel go with --gateway URL");
      }
      return List.of();
    }
    if (capacity != null && capacity < 1) {
      throw new InvalidInputException("--gateway-capacity must be 1 or more, was " + capacity);
    }
    Tokens tokens = tokens(environment, out);
    List<Gateway> gateways = new ArrayList<>();
    for (String url : urls) {
      Gateway.Builder b = Gateway.builder(url);
      String token = tokens.forUrl(Gateway.of(url).url());
      if (token != null) {
        b.token(token);
      }
      if (capacity != null) {
        b.capacity(capacity);
      }
      if (kernelName != null) {
        b.kernelName(kernelName);
      }
      gateways.add(b.build());
    }
    for (String named : tokens.byUrl().keySet()) {
      if (gateways.stream().noneMatch(g -> g.url().equals(named))) {
        throw new InvalidInputException(
            tokenFile + " has a token for " + named + ", which is no --gateway; check the URLs");
      }
    }
    return gateways;
  }

  /**
   * Opens the pool, checks every gateway at once and prints what it found.
   *
   * @param environment the process environment
   * @param kernel how kernels are started and audited
   * @param out where the gateways' states go
   * @return the pool; the caller closes it
   * @throws SandboxUnavailableException if no gateway can serve sessions
   */
  GatewayPoolExecutor open(Map<String, String> environment, KernelOptions kernel, PrintWriter out) {
    // With a gateway lost, the others may have fewer places than the run has tasks at once; a task
    // waiting for room waits for another task to end, which on a busy gateway takes minutes, and
    // the engine gives up on a task after its third attempt: waiting long costs time, giving up
    // costs the task's findings.
    GatewayPoolExecutor.Builder b =
        GatewayPoolExecutor.builder().kernel(kernel).pendingTimeout(PENDING_TIMEOUT);
    gateways(environment, out).forEach(b::gateway);
    GatewayPoolExecutor pool = b.build();
    List<GatewayStatus> states = pool.checkNow();
    for (GatewayStatus s : states) {
      out.println("gateway " + s.describe());
    }
    if (states.stream().noneMatch(s -> s.state() == GatewayStatus.State.UP)) {
      pool.close();
      throw new SandboxUnavailableException(
          "no gateway can run kernels (each is listed above with why); check that they run and"
              + " that their URLs and tokens are right ("
              + TOKEN_VARIABLE
              + " or --gateway-token-file), or try: kosmos doctor --gateway URL");
    }
    return pool;
  }

  /** The tokens: one for every gateway, and some by URL. */
  record Tokens(String every, Map<String, String> byUrl) {
    String forUrl(String url) {
      return byUrl.getOrDefault(url, every);
    }
  }

  private Tokens tokens(Map<String, String> environment, PrintWriter out) {
    if (tokenFile == null) {
      String env = environment.get(TOKEN_VARIABLE);
      return new Tokens(env == null || env.isBlank() ? null : env.strip(), Map.of());
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(tokenFile);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read the token file " + tokenFile + " (" + e.getMessage() + ")");
    }
    warnIfOthersCanRead(out);
    String every = null;
    Map<String, String> byUrl = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length == 1 && every == null) {
        every = parts[0];
      } else if (parts.length == 2) {
        byUrl.put(Gateway.of(parts[0]).url(), parts[1]);
      } else {
        throw new InvalidInputException(
            tokenFile
                + " line "
                + (i + 1)
                + ": expected a token, or a URL and its token (one token for every gateway at"
                + " most)");
      }
    }
    if (every == null && byUrl.isEmpty()) {
      throw new InvalidInputException(tokenFile + " holds no token");
    }
    return new Tokens(every, byUrl);
  }

  private void warnIfOthersCanRead(PrintWriter out) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(tokenFile);
      if (p.contains(PosixFilePermission.OTHERS_READ)
          || p.contains(PosixFilePermission.GROUP_READ)) {
        out.println(
            "warning: " + tokenFile + " can be read by other users of this machine; chmod 600 it");
      }
    } catch (IOException | UnsupportedOperationException e) {
      // no POSIX permissions to check here
    }
  }
}
