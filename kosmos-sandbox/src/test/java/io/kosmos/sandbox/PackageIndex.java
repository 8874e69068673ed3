package io.kosmos.sandbox;

import io.kosmos.sandbox.internal.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * A PEP 503 "simple" package index on this machine's loopback, serving wheels the test builds
 * itself (no public index is reachable from the tests, and none may be used): {@code /simple/}
 * lists the projects, {@code /simple/<project>/} links each wheel with its {@code #sha256=}
 * fragment, {@code /files/<wheel>} serves it.
 */
public final class PackageIndex implements AutoCloseable {

  private final MockWebServer server = new MockWebServer();
  private final Map<String, Map<String, byte[]>> projects = new LinkedHashMap<>();
  final List<String> requested = new CopyOnWriteArrayList<>();

  /**
   * Starts the index, with no project yet.
   *
   * @throws IOException if the server cannot start
   */
  public PackageIndex() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            requested.add(path);
            return answer(path);
          }
        });
    server.start(java.net.InetAddress.getLoopbackAddress(), 0);
  }

  /**
   * The index URL, on {@code 127.0.0.1}.
   *
   * @return for example {@code http://127.0.0.1:40123/simple/}
   */
  public String url() {
    return server.url("/simple/").toString();
  }

  /**
   * Adds a pure-Python wheel of one module.
   *
   * @param project the distribution, for example {@code kosmos-probe}
   * @param version its version
   * @param source the module's {@code __init__.py}
   * @return the wheel's bytes
   */
  public synchronized byte[] addWheel(String project, String version, String source) {
    byte[] wheel = pureWheel(project, version, source);
    String file = project.replace('-', '_') + "-" + version + "-py3-none-any.whl";
    projects.computeIfAbsent(project, k -> new LinkedHashMap<>()).put(file, wheel);
    return wheel;
  }

  private synchronized MockResponse answer(String path) {
    if (path.equals("/simple/")) {
      StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>\n");
      projects
          .keySet()
          .forEach(
              p -> html.append("<a href=\"").append(p).append("/\">").append(p).append("</a>\n"));
      return html(html.append("</body></html>\n").toString());
    }
    if (path.startsWith("/simple/")) {
      String project = path.substring("/simple/".length()).replace("/", "");
      Map<String, byte[]> files = projects.get(project);
      if (files == null) {
        return new MockResponse.Builder().code(404).body("no such project").build();
      }
      StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>\n");
      files.forEach(
          (name, bytes) ->
              html.append("<a href=\"/files/")
                  .append(name)
                  .append("#sha256=")
                  .append(Sha256.hex(bytes))
                  .append("\">")
                  .append(name)
                  .append("</a>\n"));
      return html(html.append("</body></html>\n").toString());
    }
    if (path.startsWith("/files/")) {
      String name = path.substring("/files/".length());
      for (Map<String, byte[]> files : projects.values()) {
        if (files.containsKey(name)) {
          return new MockResponse.Builder()
              .addHeader("Content-Type", "application/octet-stream")
              .body(new Buffer().write(files.get(name)))
              .build();
        }
      }
    }
    return new MockResponse.Builder().code(404).body("not found").build();
  }

  private static MockResponse html(String body) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "text/html; charset=utf-8")
        .body(body)
        .build();
  }

  /** A wheel as PEP 427 lays it out: the module, and its dist-info with a hashed RECORD. */
  static byte[] pureWheel(String project, String version, String source) {
    String module = project.replace('-', '_');
    String info = module + "-" + version + ".dist-info/";
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(module + "/__init__.py", source.getBytes(StandardCharsets.UTF_8));
    files.put(
        info + "METADATA",
        ("Metadata-Version: 2.1\nName: " + project + "\nVersion: " + version + "\n")
            .getBytes(StandardCharsets.UTF_8));
    files.put(
        info + "WHEEL",
        "Wheel-Version: 1.0\nGenerator: kosmos-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
            .getBytes(StandardCharsets.UTF_8));
    StringBuilder record = new StringBuilder();
    files.forEach(
        (name, bytes) ->
            record
                .append(name)
                .append(",sha256=")
                .append(urlsafeSha(bytes))
                .append(',')
                .append(bytes.length)
                .append('\n'));
    record.append(info).append("RECORD,,\n");
    files.put(info + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        ZipEntry entry = new ZipEntry(file.getKey());
        entry.setTime(0);
        zip.putNextEntry(entry);
        zip.write(file.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String urlsafeSha(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the index. */
  @Override
  public void close() throws IOException {
    server.close();
  }
}
