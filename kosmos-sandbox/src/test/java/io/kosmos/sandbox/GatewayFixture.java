package io.kosmos.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * A Jupyter Enterprise Gateway on loopback, written from its documentation and REST API
 * (enterprise_gateway's swagger.yaml, its handlers and error mixin, and the user and operator
 * guides): token authentication ({@code Authorization: token ...}, 401 otherwise), {@code GET
 * /api/kernels} forbidden (its {@code list_kernels} is off by default), kernel specs, {@code POST
 * /api/kernels} with {@code env} (only {@code KERNEL_} variables reach the kernel), {@code
 * max_kernels} answered with 403 "Resource Limit", {@code unauthorized_users} refused with its
 * message, launch timeouts answered with 500 and the launch-timeout reason, JSON error bodies
 * ({@code reason}, {@code message}), culling of idle kernels, and the kernel channels WebSocket
 * with a small kernel behind it that speaks the Jupyter messaging protocol.
 *
 * <p>The kernel understands a few lines of "code": {@code print('text')} prints, {@code #sleep N}
 * takes N milliseconds, {@code raise} fails; anything else succeeds silently (the executor's
 * warm-up and output guard).
 *
 * <p>It can also die ({@link #kill()}: the listening socket and every connection close) and freeze
 * ({@link #freeze()}: requests and kernel messages get no answer until {@link #thaw()}), as a
 * crashed or cut-off host would.
 */
final class GatewayFixture implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern KERNEL_PATH =
      Pattern.compile("/api/kernels/([^/]+)(/interrupt|/restart|/channels)?");
  private static final Pattern PRINT = Pattern.compile("print\\('([^']*)'\\)");

  /** A kernel the gateway started: its spec and the environment its launch got. */
  record Kernel(String id, String name, Map<String, String> env) {}

  private final MockWebServer server = new MockWebServer();
  private final String token;
  private final Map<String, Kernel> kernels = new ConcurrentHashMap<>();
  private final Map<String, WebSocket> sockets = new ConcurrentHashMap<>();
  final List<Kernel> started = new CopyOnWriteArrayList<>();
  final List<String> deleted = new CopyOnWriteArrayList<>();
  final Set<String> unauthorizedUsers = ConcurrentHashMap.newKeySet();
  final AtomicInteger launchTimeouts = new AtomicInteger();
  final AtomicInteger kernelSpecChecks = new AtomicInteger();
  volatile Integer maxKernels;
  private volatile boolean frozen;

  GatewayFixture(String token) {
    this.token = token;
    server.setDispatcher(new Api());
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return server.url("/").toString();
  }

  int running() {
    return kernels.size();
  }

  /** The gateway dies: its socket and every connection close. */
  void kill() {
    server.close();
  }

  /** The gateway stops answering anything, as a host cut off by the network. */
  void freeze() {
    frozen = true;
  }

  void thaw() {
    frozen = false;
  }

  /** Culls an idle kernel, as {@code cull_idle_timeout} does: shut down, its channels closed. */
  void cull(String kernelId) {
    kernels.remove(kernelId);
    WebSocket ws = sockets.remove(kernelId);
    if (ws != null) {
      ws.close(1000, "kernel culled");
    }
  }

  @Override
  public void close() {
    thaw();
    kill();
  }

  private void awaitThaw() {
    while (frozen) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static MockResponse json(int code, Object body) {
    try {
      return new MockResponse.Builder()
          .code(code)
          .setHeader("Content-Type", "application/json")
          .body(JSON.writeValueAsString(body))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Enterprise Gateway's error body (JSONErrorsMixin): the HTTP reason and the log message. */
  static MockResponse error(int code, String reason, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("reason", reason);
    body.put("message", message);
    return json(code, body);
  }

  private final class Api extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      awaitThaw();
      String auth = request.getHeaders().get("Authorization");
      String given = request.getUrl().queryParameter("token");
      if (!("token " + token).equals(auth) && !token.equals(given)) {
        return error(401, "Unauthorized", "");
      }
      String path = request.getUrl().encodedPath();
      String method = request.getMethod();
      if (path.equals("/api")) {
        return json(200, Map.of("version", "6.5.0", "gateway_version", "3.2.3"));
      }
      if (path.equals("/api/kernelspecs")) {
        kernelSpecChecks.incrementAndGet();
        return json(200, specs());
      }
      if (path.equals("/api/kernels")) {
        return "POST".equals(method) ? start(request) : error(403, "Forbidden", "");
      }
      Matcher m = KERNEL_PATH.matcher(path);
      if (!m.matches()) {
        return error(404, "Not Found", "");
      }
      String id = m.group(1);
      String action = m.group(2) == null ? "" : m.group(2);
      Kernel kernel = kernels.get(id);
      if (kernel == null) {
        return error(404, "Not Found", "Kernel does not exist: " + id);
      }
      return switch (action) {
        case "/channels" -> new MockResponse.Builder().webSocketUpgrade(new Channel(id)).build();
        case "/interrupt" -> new MockResponse.Builder().code(204).build();
        case "/restart" -> json(200, model(kernel));
        default -> {
          if ("DELETE".equals(method)) {
            kernels.remove(id);
            deleted.add(id);
            WebSocket ws = sockets.remove(id);
            if (ws != null) {
              ws.close(1000, "kernel shut down");
            }
            yield new MockResponse.Builder().code(204).build();
          }
          yield json(200, model(kernel));
        }
      };
    }

    private MockResponse start(RecordedRequest request) {
      JsonNode body;
      try {
        body = JSON.readTree(request.getBody().utf8());
      } catch (IOException e) {
        return error(400, "Bad Request", "");
      }
      String name = body.path("name").asText("python3");
      Map<String, String> env = new LinkedHashMap<>();
      // Only KERNEL_ variables reach the kernel's launch (no env_whitelist configured).
      for (Map.Entry<String, JsonNode> f : body.path("env").properties()) {
        if (f.getKey().startsWith("KERNEL_")) {
          env.put(f.getKey(), f.getValue().asText());
        }
      }
      if (maxKernels != null && kernels.size() >= maxKernels) {
        return error(403, "Forbidden", "Resource Limit");
      }
      String user = env.getOrDefault("KERNEL_USERNAME", "gateway-user");
      if (unauthorizedUsers.contains(user)) {
        return error(
            403,
            "Forbidden",
            "User '"
                + user
                + "' is not authorized to start kernel '"
                + name
                + "'. Ensure KERNEL_USERNAME is set to an appropriate value and retry the"
                + " request.");
      }
      if (!specs().path("kernelspecs").has(name)) {
        // NoSuchKernel is no HTTPError: the mixin answers 500 with its generic message.
        Map<String, String> b = new LinkedHashMap<>();
        b.put("reason", "Internal Server Error");
        b.put("message", "Unknown server error");
        b.put("traceback", "jupyter_client.kernelspec.NoSuchKernel: No such kernel named " + name);
        return json(500, b);
      }
      String id = UUID.randomUUID().toString();
      if (launchTimeouts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return error(
            500,
            "KernelID: '"
                + id
                + "' launch timeout due to: Waited too long (30s) to get connection file",
            "");
      }
      Kernel kernel = new Kernel(id, name, Collections.unmodifiableMap(env));
      kernels.put(id, kernel);
      started.add(kernel);
      return json(201, model(kernel));
    }
  }

  private static JsonNode specs() {
    ObjectNode root = JSON.createObjectNode().put("default", "python3");
    ObjectNode all = root.putObject("kernelspecs");
    for (String name : List.of("python3", "python_kubernetes")) {
      ObjectNode spec = all.putObject(name).put("name", name).putObject("spec");
      spec.put("language", "python").put("display_name", name);
      spec.putArray("argv");
    }
    return root;
  }

  private static Map<String, Object> model(Kernel kernel) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("id", kernel.id());
    model.put("name", kernel.name());
    model.put("last_activity", "2025-01-01T00:00:00.000000Z");
    model.put("execution_state", "idle");
    model.put("connections", 1);
    return model;
  }

  /** The kernel behind one channels WebSocket. */
  private final class Channel extends WebSocketListener {
    private final String kernelId;
    private final AtomicInteger count = new AtomicInteger();

    Channel(String kernelId) {
      this.kernelId = kernelId;
    }

    @Override
    public void onOpen(WebSocket webSocket, okhttp3.Response response) {
      sockets.put(kernelId, webSocket);
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
      awaitThaw();
      JsonNode msg;
      try {
        msg = JSON.readTree(text);
      } catch (IOException e) {
        return;
      }
      String type = msg.path("header").path("msg_type").asText();
      String parent = msg.path("header").path("msg_id").asText();
      if (type.equals("kernel_info_request")) {
        send(ws, "shell", "kernel_info_reply", parent, Map.of("status", "ok"));
      } else if (type.equals("execute_request")) {
        Thread.ofVirtual().start(() -> execute(ws, parent, msg.path("content")));
      }
    }

    private void execute(WebSocket ws, String parent, JsonNode content) {
      String code = content.path("code").asText();
      send(ws, "iopub", "status", parent, Map.of("execution_state", "busy"));
      String status = "ok";
      for (String line : code.split("\n")) {
        Matcher print = PRINT.matcher(line.strip());
        if (print.matches()) {
          send(
              ws,
              "iopub",
              "stream",
              parent,
              Map.of("name", "stdout", "text", print.group(1) + "\n"));
        } else if (line.startsWith("#sleep ")) {
          sleep(Long.parseLong(line.substring(7).strip()));
        } else if (line.strip().equals("raise")) {
          status = "error";
          send(
              ws,
              "iopub",
              "error",
              parent,
              Map.of("ename", "RuntimeError", "evalue", "raised", "traceback", List.of()));
        }
      }
      awaitThaw();
      Map<String, Object> reply = new LinkedHashMap<>();
      reply.put("status", status);
      reply.put("execution_count", count.incrementAndGet());
      reply.put("user_expressions", Map.of());
      send(ws, "shell", "execute_reply", parent, reply);
      send(ws, "iopub", "status", parent, Map.of("execution_state", "idle"));
    }

    private void send(WebSocket ws, String channel, String type, String parent, Object content) {
      Map<String, Object> msg = new LinkedHashMap<>();
      msg.put("header", Map.of("msg_id", UUID.randomUUID().toString(), "msg_type", type));
      msg.put("parent_header", Map.of("msg_id", parent));
      msg.put("metadata", Map.of());
      msg.put("content", content);
      msg.put("channel", channel);
      try {
        ws.send(JSON.writeValueAsString(msg));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
      ws.close(1000, null);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The kernels running now. */
  List<Kernel> kernels() {
    return new ArrayList<>(kernels.values());
  }
}
