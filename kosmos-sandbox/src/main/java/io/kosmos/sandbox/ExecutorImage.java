package io.kosmos.sandbox;

import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.sandbox.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The executor image's build context ({@code kosmos-sandbox/docker/**}), as shipped in this jar
 * under {@code io/kosmos/sandbox/docker/}, and the content-hash tag computed from it.
 *
 * <p>The tag algorithm mirrors {@code scripts/setup-sandbox.sh} (its header is the reference): the
 * SHA-256 over the files sorted by the bytes of their relative path, of {@code <path>\n<sha256
 * hex>\n} each; the first 12 hex characters name the image {@code kosmos-executor:<hash>}. So an
 * application without the repository knows which image its jar needs, and a changed Dockerfile
 * means a new image.
 */
final class ExecutorImage {

  /** The image repository name. */
  public static final String REPOSITORY = "kosmos-executor";

  /** The tag a setup script also gives the newest image. */
  public static final String LATEST = REPOSITORY + ":latest";

  /** The command that builds the image (and starts a Docker engine where it can). */
  public static final String SETUP_COMMAND = "scripts/setup-sandbox.sh";

  static final String RESOURCE_DIR = "io/kosmos/sandbox/docker/";

  /** The build context's programs, which keep their executable bit in the tar. */
  private static final java.util.Set<String> EXECUTABLES =
      java.util.Set.of("kosmos-kernel-server", "kosmos-reset", "kosmos-env");

  private static volatile Map<String, byte[]> cachedContext;

  private ExecutorImage() {}

  /**
   * The tag of the image this jar needs.
   *
   * @return {@code kosmos-executor:<12 hex>}
   */
  public static String expectedTag() {
    return REPOSITORY + ":" + hash(buildContext());
  }

  /**
   * The files of the build context, by relative path, read from the class path.
   *
   * @return relative path to content, sorted by the bytes of the path
   */
  public static Map<String, byte[]> buildContext() {
    Map<String, byte[]> context = cachedContext;
    if (context == null) {
      context = Collections.unmodifiableMap(readContext());
      cachedContext = context;
    }
    return context;
  }

  /**
   * The content hash of a build context.
   *
   * @param files relative path to content
   * @return the first 12 lowercase hex characters of the hash
   */
  static String hash(Map<String, byte[]> files) {
    TreeMap<String, byte[]> sorted = new TreeMap<>(ExecutorImage::compareUtf8);
    sorted.putAll(files);
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, byte[]> file : sorted.entrySet()) {
      text.append(file.getKey()).append('\n').append(Sha256.hex(file.getValue())).append('\n');
    }
    return Sha256.hex(text.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
  }

  private static int compareUtf8(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The build context as a tar archive, the form Docker's build API takes.
   *
   * @return the tar bytes
   */
  public static byte[] buildContextTar() {
    return Tar.of(buildContext(), EXECUTABLES);
  }

  private static Map<String, byte[]> readContext() {
    // Class.getResource, not the class loader's: on the module path the folder is a package of
    // this module, and only the module itself may read resources in its packages.
    URL dockerfile = ExecutorImage.class.getResource("/" + RESOURCE_DIR + "Dockerfile");
    if (dockerfile == null) {
      throw new IllegalStateException(
          "the executor image's Dockerfile is not on the class path at "
              + RESOURCE_DIR
              + "; the kosmos-sandbox jar is incomplete");
    }
    Map<String, byte[]> files = new TreeMap<>(ExecutorImage::compareUtf8);
    try {
      if ("jar".equals(dockerfile.getProtocol())) {
        JarURLConnection connection = (JarURLConnection) dockerfile.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          for (JarEntry entry : Collections.list(jar.entries())) {
            String name = entry.getName();
            if (name.startsWith(RESOURCE_DIR) && !entry.isDirectory()) {
              try (InputStream in = jar.getInputStream(entry)) {
                files.put(name.substring(RESOURCE_DIR.length()), in.readAllBytes());
              }
            }
          }
        }
      } else {
        Path dir = Path.of(dockerfile.toURI()).getParent();
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path file : walk.filter(Files::isRegularFile).toList()) {
            String rel = dir.relativize(file).toString().replace('\\', '/');
            files.put(rel, Files.readAllBytes(file));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the executor image's build context", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }

  /** Checks that the image exists; the message of the failure says how to get it. */
  static SandboxUnavailableException imageMissing(String image) {
    return new SandboxUnavailableException(
        "the executor image "
            + image
            + " is not on the Docker engine; build it with "
            + SETUP_COMMAND
            + " (from the Kosmos repository; several minutes the first time), or set"
            + " SandboxConfig.buildImageIfMissing(true)");
  }
}
