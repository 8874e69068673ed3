package io.kosmos.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.AuditSink;
import io.kosmos.sandbox.internal.AuditLog;
import io.kosmos.sandbox.internal.JupyterClient;
import io.kosmos.sandbox.internal.RemoteSession;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * What {@link RemoteGatewayExecutor} and {@link GatewayPoolExecutor} share: the HTTP client of a
 * gateway, the settings of its sessions, the audit log, and the check that a gateway can serve.
 */
final class RemoteKernels {

  // A remote gateway's defaults for the kernel options whose default depends on the executor: a
  // gateway may launch a pod per kernel, and its kernel may lack the scientific stack the Docker
  // sandbox's warm-up imports.
  static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  static final Duration RESTART_TIMEOUT = Duration.ofSeconds(30);
  static final String WARMUP_CODE = "%matplotlib inline\n";

  /** Where datasets go on the kernel's side: {@code Dataset.mountPath()}'s folder. */
  static final String DATA_ROOT = "/data";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final KernelOptions kernel;
  private final AuditLog auditLog;
  private final AuditSink audit;

  RemoteKernels(KernelOptions options) {
    this.kernel = options.withDefaults(START_TIMEOUT, RESTART_TIMEOUT, WARMUP_CODE);
    this.auditLog = kernel.auditLog().map(AuditLog::new).orElse(null);
    AuditSink sink = kernel.auditSink().orElse(null);
    if (auditLog != null && sink != null) {
      AuditLog log = auditLog;
      this.audit =
          r -> {
            log.record(r);
            sink.record(r);
          };
    } else {
      this.audit = auditLog != null ? auditLog : sink;
    }
  }

  /** The kernel options, with the remote defaults filled in. */
  KernelOptions kernel() {
    return kernel;
  }

  /** Where every execution is recorded, or {@code null}. */
  AuditSink audit() {
    return audit;
  }

  /** The settings of one gateway's sessions. */
  RemoteSession.Settings settings(
      String kernelName,
      Map<String, String> env,
      Duration requestTimeout,
      DatasetDelivery delivery) {
    return new RemoteSession.Settings(
        kernelName,
        env,
        kernel.startTimeout().orElseThrow(),
        requestTimeout,
        kernel.interruptGrace(),
        kernel.restartTimeout().orElseThrow(),
        kernel.maxOutputBytes(),
        kernel.warmupCode().orElseThrow(),
        DATA_ROOT,
        delivery == DatasetDelivery.UPLOAD);
  }

  /** Closes the audit log. */
  void close() {
    if (auditLog != null) {
      auditLog.close();
    }
  }

  /**
   * The HTTP client of one gateway. Its own dispatcher, so that the calls to a gateway that stopped
   * answering can be cancelled all at once without touching the others'.
   */
  static OkHttpClient http(Duration connectTimeout, Duration requestTimeout) {
    return new OkHttpClient.Builder()
        .dispatcher(new Dispatcher())
        .connectTimeout(connectTimeout)
        .readTimeout(Duration.ZERO)
        .writeTimeout(requestTimeout)
        .build();
  }

  static void release(OkHttpClient http) {
    http.dispatcher().cancelAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /**
   * The variables every start request carries: the configured ones, and {@code KERNEL_USERNAME}
   * (the user Enterprise Gateway authorizes, impersonates and names kernel pods after) as this
   * process's user unless configured.
   */
  static Map<String, String> startEnv(Map<String, String> configured) {
    Map<String, String> env = new LinkedHashMap<>(configured);
    String user = System.getProperty("user.name", "");
    if (!user.isBlank()) {
      env.putIfAbsent("KERNEL_USERNAME", user);
    }
    return env;
  }

  /** Checks a {@code kernelEnv} name, for the builders. */
  static String envName(String name) {
    OptionChecks.text(name, "kernelEnv");
    OptionChecks.check(
        ENV_NAME.matcher(name).matches(),
        "kernelEnv",
        "a variable name such as KERNEL_USERNAME",
        name);
    return name;
  }

  /**
   * What to check after a failed start, for a message: only where the failure points at the server,
   * the token or the kernel spec (a failed upload or warm-up says enough by itself).
   *
   * @return a sentence starting with {@code "; "}, or empty
   */
  static String hint(IOException e, String kernelName) {
    if (e instanceof JupyterClient.JupyterHttpException h) {
      if (h.status() == 401 || h.status() == 403) {
        return "; 401 or 403 means a missing or wrong token (or, from Enterprise Gateway, a user"
            + " it refuses)";
      }
      if (h.status() == 404 || h.status() == 500) {
        return "; check that the server has the '" + kernelName + "' kernel spec";
      }
      return "";
    }
    if (e instanceof java.net.ConnectException
        || e instanceof java.net.UnknownHostException
        || e instanceof java.net.NoRouteToHostException
        || e instanceof java.net.SocketTimeoutException) {
      return "; check that it runs and that the URL is right";
    }
    return "";
  }

  /**
   * Whether a gateway can serve sessions: it answers {@code GET /api/kernelspecs} with the token
   * and has the kernel spec.
   *
   * @return {@code null} if it can, else what is wrong, with the fix
   */
  static String check(JupyterClient client, String kernelName, Duration timeout) {
    JsonNode specs;
    try {
      specs = client.kernelSpecs(timeout);
    } catch (JupyterClient.JupyterHttpException e) {
      if (e.status() == 401 || e.status() == 403) {
        return e.getMessage() + "; the token is missing or wrong: give the gateway's token";
      }
      return e.getMessage();
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return "no answer to GET /api/kernelspecs ("
          + why
          + "); check that it runs and that the URL is right";
    }
    JsonNode all = specs.path("kernelspecs");
    if (all.isObject() && !all.has(kernelName)) {
      List<String> names = new ArrayList<>();
      all.fieldNames().forEachRemaining(names::add);
      return "no kernel spec '"
          + kernelName
          + "' there (it has: "
          + String.join(", ", names)
          + "); choose one of those as the kernel name";
    }
    return null;
  }
}
