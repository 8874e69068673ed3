package io.kosmos.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.newsclub.net.unix.AFSocketFactory;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The REST half of the Jupyter client: kernels (start, get, interrupt, restart, delete) and the
 * contents API (files in the workspace). The WebSocket half is {@link WebSocketChannel}. One client
 * talks to one Jupyter Server (or Kernel Gateway / Enterprise Gateway), over a Unix socket or over
 * TCP with a token.
 */
public final class JupyterClient {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final OkHttpClient http;
  private final HttpUrl baseUrl;
  private final String token;
  private final String endpoint;

  /**
   * A client for a server at a base URL.
   *
   * @param http the HTTP client (its socket factory decides Unix socket or TCP)
   * @param baseUrl for example {@code http://localhost/} or {@code http://10.0.0.5:8888/}
   * @param token the server's token, or {@code null} for none
   * @param endpoint how to name the server in messages
   */
  public JupyterClient(OkHttpClient http, HttpUrl baseUrl, String token, String endpoint) {
    this.http = Objects.requireNonNull(http, "http");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.token = token == null || token.isEmpty() ? null : token;
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
  }

  /**
   * A client for a server listening on a Unix socket. Requests carry {@code Host: localhost}.
   *
   * @param base the HTTP client to derive from (shares its threads and pools)
   * @param socket the socket file
   * @return the client
   */
  public static JupyterClient overUnixSocket(OkHttpClient base, Path socket) {
    AFUNIXSocketAddress address;
    try {
      address = AFUNIXSocketAddress.of(socket);
    } catch (java.net.SocketException e) {
      throw new UncheckedIOException(e);
    }
    // A connection pool of its own: OkHttp pools by URL (every socket is http://localhost/), not by
    // socket factory, so a shared pool would hand one container's connection to another.
    OkHttpClient http =
        base.newBuilder()
            .connectionPool(new okhttp3.ConnectionPool(4, 1, java.util.concurrent.TimeUnit.MINUTES))
            .socketFactory(new AFSocketFactory.FixedAddressSocketFactory(address))
            .dns(hostname -> List.of(java.net.InetAddress.getLoopbackAddress()))
            .build();
    return new JupyterClient(http, HttpUrl.get("http://localhost/"), null, "unix socket " + socket);
  }

  /**
   * The HTTP client, for the WebSocket.
   *
   * @return the client
   */
  OkHttpClient http() {
    return http;
  }

  HttpUrl baseUrl() {
    return baseUrl;
  }

  String token() {
    return token;
  }

  /**
   * What this client talks to, for messages.
   *
   * @return for example {@code unix socket /tmp/...} or the base URL
   */
  public String endpoint() {
    return endpoint;
  }

  /**
   * {@code GET /api}: the server's version.
   *
   * @param timeout how long to wait
   * @return the answer
   * @throws IOException if the server does not answer with 200
   */
  public JsonNode api(Duration timeout) throws IOException {
    return send(request("api").get(), timeout);
  }

  /**
   * {@code GET /api/kernels}: the running kernels (needs the token, unlike {@code GET /api}).
   *
   * @param timeout how long to wait
   * @return the list
   * @throws IOException if the server does not answer with 200
   */
  public JsonNode kernels(Duration timeout) throws IOException {
    return send(request("api/kernels").get(), timeout);
  }

  /**
   * {@code POST /api/kernels}: starts a kernel.
   *
   * @param name the kernel spec, for example {@code python3}
   * @param timeout how long to wait
   * @return the kernel id
   * @throws IOException on a transport failure or an error status
   */
  public String startKernel(String name, Duration timeout) throws IOException {
    return startKernel(name, Map.of(), timeout);
  }

  /**
   * {@code POST /api/kernels} with an environment: starts a kernel. Enterprise Gateway passes the
   * {@code KERNEL_} variables (and those its {@code env_whitelist} allows) to the kernel's launch;
   * Jupyter Server ignores the field.
   *
   * @param name the kernel spec, for example {@code python3}
   * @param env variables for the kernel's launch, for example {@code KERNEL_USERNAME}; may be empty
   * @param timeout how long to wait
   * @return the kernel id
   * @throws IOException on a transport failure or an error status
   */
  public String startKernel(String name, Map<String, String> env, Duration timeout)
      throws IOException {
    ObjectNode body = JSON.createObjectNode().put("name", name);
    if (!env.isEmpty()) {
      ObjectNode vars = body.putObject("env");
      env.forEach(vars::put);
    }
    JsonNode kernel = send(request("api/kernels").post(json(body)), timeout);
    String id = kernel.path("id").asText("");
    if (id.isEmpty()) {
      throw new IOException(
          "POST /api/kernels at " + endpoint + " answered without a kernel id: " + kernel);
    }
    return id;
  }

  /**
   * {@code GET /api/kernelspecs}: the kernel specs the server can start, and its default. Needs the
   * token on every server, and is allowed where listing kernels is not (Enterprise Gateway forbids
   * {@code GET /api/kernels} unless {@code list_kernels} is on): the health check.
   *
   * @param timeout how long to wait
   * @return the answer, with {@code default} and {@code kernelspecs}
   * @throws IOException on a transport failure or an error status
   */
  public JsonNode kernelSpecs(Duration timeout) throws IOException {
    return send(request("api/kernelspecs").get(), timeout);
  }

  /**
   * {@code GET /api/kernels/{id}}: the kernel's model, with its execution state.
   *
   * @param kernelId the kernel
   * @param timeout how long to wait
   * @return the model
   * @throws IOException on a transport failure or an error status
   */
  public JsonNode kernel(String kernelId, Duration timeout) throws IOException {
    return send(request("api/kernels/" + kernelId).get(), timeout);
  }

  /**
   * {@code POST /api/kernels/{id}/interrupt}: SIGINT to the kernel.
   *
   * @param kernelId the kernel
   * @param timeout how long to wait
   * @throws IOException on a transport failure or an error status
   */
  public void interrupt(String kernelId, Duration timeout) throws IOException {
    send(
        request("api/kernels/" + kernelId + "/interrupt").post(json(JSON.createObjectNode())),
        timeout);
  }

  /**
   * {@code POST /api/kernels/{id}/restart}: restarts the kernel (same id); returns when the server
   * says the new kernel is up.
   *
   * @param kernelId the kernel
   * @param timeout how long to wait
   * @throws IOException on a transport failure or an error status
   */
  public void restart(String kernelId, Duration timeout) throws IOException {
    send(
        request("api/kernels/" + kernelId + "/restart").post(json(JSON.createObjectNode())),
        timeout);
  }

  /**
   * {@code DELETE /api/kernels/{id}}: shuts the kernel down.
   *
   * @param kernelId the kernel
   * @param timeout how long to wait
   * @throws IOException on a transport failure or an error status
   */
  public void deleteKernel(String kernelId, Duration timeout) throws IOException {
    send(request("api/kernels/" + kernelId).delete(), timeout);
  }

  /**
   * Reads a file through the contents API.
   *
   * @param path a workspace-relative path, already checked
   * @param timeout how long to wait
   * @return the bytes
   * @throws IOException on a transport failure
   * @throws InvalidInputException if there is no such file
   */
  public byte[] readFile(String path, Duration timeout) throws IOException {
    HttpUrl url =
        contentsUrl(path)
            .newBuilder()
            .addQueryParameter("type", "file")
            .addQueryParameter("format", "base64")
            .addQueryParameter("content", "1")
            .build();
    Fetched response = call(authorized(new Request.Builder().url(url)).get(), timeout);
    if (response.code() == 404 || response.code() == 400) {
      throw new InvalidInputException(
          "no file " + path + " in the workspace (" + response.code() + ")");
    }
    JsonNode model = body(response);
    String content = model.path("content").asText("");
    if ("text".equals(model.path("format").asText())) {
      return content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return Base64.getMimeDecoder().decode(content);
  }

  /**
   * Writes a file through the contents API, making its folders first.
   *
   * @param path a workspace-relative path, already checked
   * @param content the bytes
   * @param timeout how long to wait
   * @throws IOException on a transport failure or an error status
   */
  public void writeFile(String path, byte[] content, Duration timeout) throws IOException {
    String[] parts = path.split("/");
    StringBuilder dir = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      dir.append(i == 0 ? "" : "/").append(parts[i]);
      ObjectNode body = JSON.createObjectNode().put("type", "directory");
      send(
          authorized(new Request.Builder().url(contentsUrl(dir.toString()))).put(json(body)),
          timeout);
    }
    ObjectNode body =
        JSON.createObjectNode()
            .put("type", "file")
            .put("format", "base64")
            .put("content", Base64.getEncoder().encodeToString(content));
    send(authorized(new Request.Builder().url(contentsUrl(path))).put(json(body)), timeout);
  }

  /**
   * Lists the files below a folder, recursively, through the contents API.
   *
   * @param dir a workspace-relative folder
   * @param timeout how long to wait for each listing
   * @return workspace-relative paths of the files, sorted; empty if the folder does not exist
   * @throws IOException on a transport failure
   */
  public List<String> listFiles(String dir, Duration timeout) throws IOException {
    List<String> files = new ArrayList<>();
    collect(dir, timeout, files);
    files.sort(null);
    return files;
  }

  private void collect(String dir, Duration timeout, List<String> files) throws IOException {
    HttpUrl url = contentsUrl(dir).newBuilder().addQueryParameter("content", "1").build();
    Fetched response = call(authorized(new Request.Builder().url(url)).get(), timeout);
    if (response.code() == 404) {
      return;
    }
    JsonNode model = body(response);
    for (JsonNode item : model.path("content")) {
      String type = item.path("type").asText();
      String path = item.path("path").asText();
      if ("directory".equals(type)) {
        collect(path, timeout, files);
      } else {
        files.add(path);
      }
    }
  }

  private HttpUrl contentsUrl(String path) {
    HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments("api/contents");
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        url.addPathSegment(segment);
      }
    }
    return url.build();
  }

  Request.Builder request(String path) {
    return authorized(
        new Request.Builder().url(baseUrl.newBuilder().addPathSegments(path).build()));
  }

  Request.Builder authorized(Request.Builder builder) {
    return token == null ? builder : builder.header("Authorization", "token " + token);
  }

  private static RequestBody json(JsonNode body) {
    try {
      return RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode send(Request.Builder request, Duration timeout) throws IOException {
    return body(call(request, timeout));
  }

  /** A response read to its end: status, what was asked, and the body's text. */
  private record Fetched(int code, String method, String path, String text) {}

  /** Runs a call and reads its whole answer, on a platform thread (see {@link PlatformIo}). */
  private Fetched call(Request.Builder request, Duration timeout) throws IOException {
    Call call = http.newCall(request.build());
    call.timeout().timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    return PlatformIo.call(
        () -> {
          try (Response response = call.execute()) {
            return new Fetched(
                response.code(),
                response.request().method(),
                response.request().url().encodedPath(),
                response.body().string());
          }
        });
  }

  private JsonNode body(Fetched response) throws IOException {
    String text = response.text();
    if (response.code() < 200 || response.code() > 299) {
      ErrorBody error = ErrorBody.of(text);
      throw new JupyterHttpException(
          response.code(),
          error.reason(),
          error.message(),
          response.method()
              + " "
              + response.path()
              + " at "
              + endpoint
              + " answered "
              + response.code()
              + (error.text().isBlank() ? "" : ": " + abbreviate(error.text())));
    }
    return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
  }

  /**
   * What an error answer says. Jupyter Server and both gateways answer errors with JSON {@code
   * {"reason": ..., "message": ...}} (Enterprise Gateway adds {@code traceback} for errors it did
   * not raise itself); the reason is the HTTP reason or the gateway's own (for example {@code
   * "Resource Limit"} when its {@code max_kernels} is reached), the message says the rest (a
   * kernel's launch timeout, a user refused by {@code unauthorized_users}). Anything else is kept
   * as text.
   */
  record ErrorBody(String reason, String message, String text) {
    static ErrorBody of(String body) {
      if (body.isBlank()) {
        return new ErrorBody("", "", "");
      }
      JsonNode json;
      try {
        json = JSON.readTree(body);
      } catch (IOException e) {
        return new ErrorBody("", "", body);
      }
      if (json == null || !json.isObject()) {
        return new ErrorBody("", "", body);
      }
      String reason = json.path("reason").asText("");
      String message = json.path("message").asText("");
      if (reason.isEmpty() && message.isEmpty()) {
        return new ErrorBody("", "", body);
      }
      String text =
          message.isEmpty() || message.equals(reason)
              ? reason
              : reason.isEmpty() ? message : reason + ": " + message;
      return new ErrorBody(reason, message, text);
    }
  }

  private static String abbreviate(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
  }

  /** An HTTP error status from the server, with the status kept for callers that act on it. */
  public static final class JupyterHttpException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String reason;
    private final String serverMessage;

    JupyterHttpException(int status, String reason, String serverMessage, String message) {
      super(message);
      this.status = status;
      this.reason = reason;
      this.serverMessage = serverMessage;
    }

    /**
     * The HTTP status.
     *
     * @return the status code
     */
    public int status() {
      return status;
    }

    /**
     * The reason the server gave in its JSON error body, for example {@code Resource Limit}.
     *
     * @return the reason, empty if the body gave none
     */
    public String reason() {
      return reason;
    }

    /**
     * The message the server gave in its JSON error body, for example Enterprise Gateway's {@code
     * Resource Limit} when its {@code max_kernels} is reached.
     *
     * @return the message, empty if the body gave none
     */
    public String serverMessage() {
      return serverMessage;
    }
  }
}
