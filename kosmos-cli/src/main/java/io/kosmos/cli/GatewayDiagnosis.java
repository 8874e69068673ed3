package io.kosmos.cli;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.KosmosException;
import io.kosmos.api.SessionOptions;
import io.kosmos.sandbox.Gateway;
import io.kosmos.sandbox.RemoteGatewayExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gateway part of {@code kosmos doctor --gateway URL}: for each gateway, whether it answers
 * with the token and has the kernel spec, then a real session on it: a kernel started, a small
 * dataset placed at {@code /data} and checked by SHA-256, a cell that reads it and reports the
 * kernel's Python and pandas. What a run needs from a gateway, tried before a run needs it.
 */
final class GatewayDiagnosis {

  private static final Duration CELL = Duration.ofSeconds(60);

  private GatewayDiagnosis() {}

  static List<DoctorCheck> run(List<Gateway> gateways) {
    Path data;
    try {
      Path dir = Files.createTempDirectory("kosmos-doctor");
      data = Files.writeString(dir.resolve("kosmos-doctor.csv"), "x,y\n1,2\n3,4\n");
      dir.toFile().deleteOnExit();
      data.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<DoctorCheck> checks = new ArrayList<>();
    for (Gateway g : gateways) {
      checks.add(check(g, data));
    }
    return checks;
  }

  /** The fix for what {@link RemoteGatewayExecutor#ping()} found. */
  static String fixFor(KosmosException e) {
    String m = e.getMessage();
    if (m.contains("token")) {
      return "give the gateway's token in "
          + GatewayOptions.TOKEN_VARIABLE
          + " or a file (--gateway-token-file)";
    }
    if (m.contains("kernel spec")) {
      return "name one of the gateway's kernel specs with --gateway-kernel";
    }
    return "check the URL, that the server runs, and that this machine can reach it";
  }

  static DoctorCheck check(Gateway g, Path data) {
    String name = "Gateway";
    RemoteGatewayExecutor.Builder b =
        RemoteGatewayExecutor.builder(g.url()).kernelName(g.kernelName());
    g.token().ifPresent(b::token);
    try (RemoteGatewayExecutor executor = b.build()) {
      try {
        executor.ping();
      } catch (KosmosException e) {
        return new DoctorCheck(name, DoctorCheck.Status.MISSING, e.getMessage(), fixFor(e));
      }
      long start = System.nanoTime();
      try (ExecutionSession s =
          executor.openSession(SessionOptions.builder().dataset(data).build())) {
        double seconds = (System.nanoTime() - start) / 1e9;
        ExecutionResult r =
            s.execute(
                "import sys, pandas\n"
                    + "d = pandas.read_csv('/data/kosmos-doctor.csv')\n"
                    + "print(sys.version.split()[0], pandas.__version__, int(d['y'].sum()))\n",
                CELL);
        String[] got = r.stdout().strip().split(" ");
        if (!r.isOk() || got.length != 3 || !got[2].equals("6")) {
          return new DoctorCheck(
              name,
              DoctorCheck.Status.MISSING,
              g.url()
                  + ": a kernel started, but the test cell failed: "
                  + r.errorOutput().map(e -> e.name() + ": " + e.value()).orElse(r.stdout()),
              "use a kernel with Python 3 and pandas (the executor image has the scientific"
                  + " stack; give its name with --gateway-kernel)");
        }
        return new DoctorCheck(
            name,
            DoctorCheck.Status.OK,
            String.format(
                Locale.ROOT,
                "%s: kernel %s started in %.1f s (Python %s, pandas %s); datasets reach /data,"
                    + " checked by SHA-256",
                g.url(),
                g.kernelName(),
                seconds,
                got[0],
                got[1]),
            "");
      } catch (KosmosException e) {
        return new DoctorCheck(
            name,
            DoctorCheck.Status.MISSING,
            g.url() + ": " + e.getMessage(),
            "see the message: a kernel that cannot start, or cannot write /data (give kernels a"
                + " writable /data, an emptyDir volume on Kubernetes; docs/scale.md)");
      }
    }
  }
}
