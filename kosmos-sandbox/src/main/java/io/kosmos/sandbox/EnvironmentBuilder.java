package io.kosmos.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Image;
import io.kosmos.sandbox.internal.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes and finds environments: derived images {@code kosmos-executor:<base>-<hash>} with packages
 * installed on a base image, pinned and locked, built once and reused by the hash of the set of
 * packages (like E2B's templates).
 *
 * <p>A build is a {@code docker build} of a two-line Dockerfile on the base: the image's {@code
 * kosmos-env install} resolves the packages against what the base has, refuses a resolution that
 * would install a denied distribution, downloads exactly the wheels it chose, hashes them and
 * installs them with {@code --require-hashes}; {@code kosmos-env lock} writes the lock. The build
 * is the only thing that gets a network: the host's while it runs, for an index (so that one on
 * this machine's loopback is reachable), none for a folder of wheels, which travels in the build
 * context. Only wheels are installed, so no package's code runs during the build.
 */
final class EnvironmentBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentBuilder.class);

  static final String LABEL = "io.kosmos.env";
  static final String LABEL_BASE = "io.kosmos.env.base";
  static final String LABEL_PACKAGES = "io.kosmos.env.packages";
  static final String LABEL_SOURCE = "io.kosmos.env.source";
  static final String LOCK_PATH = "/opt/kosmos/environment.lock";

  private final DockerClient docker;
  private final PackagePolicy policy;
  private final Map<String, CompletableFuture<Environment>> building = new ConcurrentHashMap<>();
  private final Map<String, String> locks = new ConcurrentHashMap<>();

  EnvironmentBuilder(DockerClient docker, PackagePolicy policy) {
    this.docker = docker;
    this.policy = policy;
  }

  PackagePolicy policy() {
    return policy;
  }

  /** A builder on the same engine with another policy (another source). */
  EnvironmentBuilder withPolicy(PackagePolicy other) {
    return new EnvironmentBuilder(docker, other);
  }

  /** Why an environment could not be had. */
  static final class BuildFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** The distribution the deny-list refused, or empty for any other failure. */
    final String denied;

    BuildFailure(String message, String denied) {
      super(message);
      this.denied = denied;
    }
  }

  /**
   * The tag of the environment with these packages on a base.
   *
   * @param base the base image
   * @param packages the packages, sorted
   * @return {@code kosmos-executor:<base tag>-<12 hex>}
   */
  static String tagFor(String base, Collection<Requirement> packages) {
    StringBuilder text = new StringBuilder("kosmos-env/1\n");
    packages.stream().sorted().forEach(r -> text.append(r).append('\n'));
    String hash = Sha256.hex(text.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    String baseTag = base.contains(":") ? base.substring(base.lastIndexOf(':') + 1) : base;
    baseTag = baseTag.replaceAll("[^A-Za-z0-9_.-]", "_");
    if (baseTag.length() > 100) {
      baseTag = baseTag.substring(0, 100);
    }
    return ExecutorImage.REPOSITORY + ":" + baseTag + "-" + hash;
  }

  /**
   * The environment an image is, with its lock read from it.
   *
   * @param image an executor image, base or derived
   * @return the environment
   * @throws IOException if the image is missing or holds no lock
   */
  Environment describe(String image) throws IOException {
    InspectImageResponse inspect;
    try {
      inspect = docker.inspectImageCmd(image).exec();
    } catch (NotFoundException e) {
      throw new IOException("the image " + image + " is not on the Docker engine", e);
    }
    Map<String, String> labels =
        inspect.getConfig() == null || inspect.getConfig().getLabels() == null
            ? Map.of()
            : inspect.getConfig().getLabels();
    String lock = locks.get(inspect.getId());
    if (lock == null) {
      lock = readLock(image);
      locks.put(inspect.getId(), lock);
    }
    String packages = labels.getOrDefault(LABEL_PACKAGES, "");
    return new Environment(
        image,
        labels.getOrDefault(LABEL_BASE, ""),
        packages.isEmpty() ? List.of() : List.of(packages.split(",")),
        labels.getOrDefault(LABEL_SOURCE, "none"),
        created(inspect.getCreated()),
        inspect.getSize() == null ? 0 : inspect.getSize(),
        lock);
  }

  private static Instant created(String text) {
    try {
      return text == null ? Instant.EPOCH : Instant.parse(text);
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }

  /** Reads the lock file out of an image (a container is created, never started, and removed). */
  private String readLock(String image) throws IOException {
    String id =
        docker
            .createContainerCmd(image)
            .withLabels(Map.of(Owner.LABEL + ".lock-reader", "true"))
            .withEntrypoint("/bin/true")
            .exec()
            .getId();
    try (InputStream tar = docker.copyArchiveFromContainerCmd(id, LOCK_PATH).exec()) {
      Map<String, byte[]> files = Tar.read(tar, 16L << 20);
      if (files.isEmpty()) {
        throw new IOException("the image " + image + " has no " + LOCK_PATH);
      }
      return new String(files.values().iterator().next(), StandardCharsets.UTF_8);
    } catch (NotFoundException e) {
      throw new IOException(
          "the image "
              + image
              + " has no lock file "
              + LOCK_PATH
              + " (built by an older Kosmos); rebuild it with "
              + ExecutorImage.SETUP_COMMAND
              + " --rebuild",
          e);
    } finally {
      try {
        docker.removeContainerCmd(id).withForce(true).exec();
      } catch (RuntimeException e) {
        LOG.debug("cannot remove the lock reader {}: {}", id, e.getMessage());
      }
    }
  }

  /**
   * The environment with packages on a base: the base itself for none, an existing derived image
   * for a set built before, a new build otherwise. Concurrent requests for one set share a build.
   *
   * @param base the base image
   * @param packages the packages, each allowed by the policy
   * @return the environment
   * @throws BuildFailure if the build fails, with pip's reason, or would install a denied package
   * @throws IOException if the engine fails
   */
  Environment ensure(String base, Collection<Requirement> packages)
      throws BuildFailure, IOException {
    if (packages.isEmpty()) {
      return describe(base);
    }
    List<Requirement> sorted = packages.stream().sorted().toList();
    String tag = tagFor(base, sorted);
    if (exists(tag)) {
      return describe(tag);
    }
    CompletableFuture<Environment> mine = new CompletableFuture<>();
    CompletableFuture<Environment> running = building.putIfAbsent(tag, mine);
    if (running != null) {
      return await(running);
    }
    try {
      mine.complete(build(base, tag, sorted, null));
    } catch (BuildFailure | IOException | RuntimeException e) {
      mine.completeExceptionally(e);
    } finally {
      building.remove(tag);
    }
    return await(mine);
  }

  /**
   * Builds again the environment a lock describes, on its base, installing exactly the pinned
   * packages of its {@code [installed]} section.
   *
   * @param lock the lock
   * @return the environment
   * @throws BuildFailure if the base is missing or a pinned package cannot be had
   * @throws IOException if the engine fails
   */
  Environment rebuild(String lock) throws BuildFailure, IOException {
    String image = LockFile.header(lock, "image").orElse("");
    String base = LockFile.header(lock, "base").orElse("-");
    if (base.equals("-") || !exists(base)) {
      throw new BuildFailure(
          "the environment "
              + image
              + " is gone, and so is its base "
              + base
              + "; build that base again with the Kosmos version that made the run ("
              + ExecutorImage.SETUP_COMMAND
              + ")",
          "");
    }
    List<Requirement> requested = new ArrayList<>();
    for (String r : LockFile.headers(lock, "requested")) {
      requested.add(Requirement.parse(r));
    }
    return build(base, image, requested, LockFile.section(lock, "installed"));
  }

  private static Environment await(CompletableFuture<Environment> future)
      throws BuildFailure, IOException {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof BuildFailure f) {
        throw f;
      }
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }

  boolean exists(String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private Environment build(
      String base, String tag, List<Requirement> packages, List<String> pinned)
      throws BuildFailure, IOException {
    PackageOptions options = policy.options();
    boolean wheels = options.findLinks().isPresent();
    if (options.index().isEmpty() && !wheels) {
      throw new BuildFailure(
          "no package index or wheel folder is configured (PackageOptions.index or findLinks)", "");
    }
    Map<String, byte[]> context = new TreeMap<>();
    String requirements =
        pinned != null
            ? String.join("\n", pinned) + "\n"
            : String.join("\n", packages.stream().map(Requirement::toString).toList()) + "\n";
    context.put("request/requirements.in", requirements.getBytes(StandardCharsets.UTF_8));
    if (wheels) {
      addWheels(options.findLinks().get(), context);
    }
    context.put(
        "Dockerfile",
        dockerfile(base, tag, packages, pinned != null).getBytes(StandardCharsets.UTF_8));
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL, "true");
    labels.put(LABEL_BASE, base);
    labels.put(
        LABEL_PACKAGES, String.join(",", packages.stream().map(Requirement::toString).toList()));
    labels.put(LABEL_SOURCE, options.sourceText());
    LOG.info(
        "building the environment {} ({}) from {}",
        tag,
        labels.get(LABEL_PACKAGES),
        options.sourceText());
    List<String> output = new ArrayList<>();
    try {
      docker
          .buildImageCmd(new ByteArrayInputStream(Tar.of(context, Set.of())))
          .withTags(Set.of(tag))
          .withLabels(labels)
          .withNetworkMode(wheels ? "none" : "host")
          .withPull(false)
          .withRemove(true)
          .withForcerm(true)
          .exec(
              new BuildImageResultCallback() {
                @Override
                public void onNext(BuildResponseItem item) {
                  String line =
                      item.getStream() != null
                          ? item.getStream()
                          : item.getErrorDetail() == null
                              ? null
                              : item.getErrorDetail().getMessage();
                  if (line != null && !line.isBlank()) {
                    synchronized (output) {
                      output.add(line.strip());
                    }
                    LOG.debug("environment build: {}", line.strip());
                  }
                  super.onNext(item);
                }
              })
          .awaitImageId(options.buildTimeout().toSeconds(), TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      throw failure(tag, output, e);
    }
    return describe(tag);
  }

  private static BuildFailure failure(String tag, List<String> output, RuntimeException e) {
    String reason = null;
    String denied = "";
    synchronized (output) {
      for (String line : output) {
        int at = line.indexOf("kosmos-env: ");
        if (at >= 0) {
          // the build output carries terminal colour codes, which do not belong in a message
          reason =
              line.substring(at + "kosmos-env: ".length())
                  .replaceAll("\u001B\\[[0-9;]*m", "")
                  .strip();
          if (reason.startsWith("denied: ")) {
            denied = reason.substring("denied: ".length()).split(" ")[0];
          }
        }
      }
    }
    return new BuildFailure(
        reason != null ? reason : "building " + tag + " failed: " + DockerEngine.rootMessage(e),
        denied);
  }

  private String dockerfile(String base, String tag, List<Requirement> packages, boolean fromLock) {
    PackageOptions options = policy.options();
    String source =
        options.findLinks().isPresent()
            ? "--find-links /opt/kosmos/env/request/wheels"
            : "--index-url " + shellQuote(options.index().orElseThrow());
    StringBuilder deny = new StringBuilder();
    for (String pattern : policy.deniedPatterns()) {
      deny.append(" --deny ").append(shellQuote(pattern));
    }
    StringBuilder requested = new StringBuilder();
    for (Requirement r : packages) {
      requested.append(" --requested ").append(shellQuote(r.toString()));
    }
    String install =
        fromLock
            ? "kosmos-env install-locked --pinned /opt/kosmos/env/request/requirements.in "
                + source
                + " && cp /opt/kosmos/env/request/requirements.in /opt/kosmos/env/pinned.txt"
            : "kosmos-env install --requirements /opt/kosmos/env/request/requirements.in"
                + " --out /opt/kosmos/env/pinned.txt"
                + deny
                + " "
                + source;
    return "FROM "
        + base
        + "\nUSER root\nCOPY request/ /opt/kosmos/env/request/\n"
        + "RUN "
        + install
        + " \\\n && kosmos-env lock --image "
        + shellQuote(tag)
        + " --base "
        + shellQuote(base)
        + requested
        + " --source "
        + shellQuote(options.sourceText())
        + " --installed /opt/kosmos/env/pinned.txt > "
        + LOCK_PATH
        + " \\\n && rm -rf /opt/kosmos/env/request\nUSER 1000:1000\n";
  }

  private static void addWheels(Path folder, Map<String, byte[]> context) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new io.kosmos.api.InvalidInputException(
          "the wheel folder " + folder + " does not exist (PackageOptions.findLinks)");
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path wheel : files.filter(p -> p.toString().endsWith(".whl")).sorted().toList()) {
        String name = wheel.getFileName().toString();
        if (name.getBytes(StandardCharsets.UTF_8).length > 80) {
          throw new IOException("the wheel name " + name + " is too long for the build context");
        }
        context.put("request/wheels/" + name, Files.readAllBytes(wheel));
      }
    }
  }

  private static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /**
   * The derived environments on the engine, newest first.
   *
   * @return the environments
   * @throws IOException if one cannot be read
   */
  List<Environment> list() throws IOException {
    List<Environment> found = new ArrayList<>();
    for (Image image : docker.listImagesCmd().withLabelFilter(Map.of(LABEL, "true")).exec()) {
      if (image.getRepoTags() == null) {
        continue;
      }
      for (String tag : image.getRepoTags()) {
        if (tag.startsWith(ExecutorImage.REPOSITORY + ":")) {
          found.add(describe(tag));
        }
      }
    }
    found.sort((a, b) -> b.created().compareTo(a.created()));
    return found;
  }

  /**
   * Removes derived environments that no container uses and that are older than a time.
   *
   * @param olderThan how old an environment must be to go
   * @param now the time now
   * @return the images removed
   * @throws IOException if the engine fails
   */
  List<String> prune(Duration olderThan, Instant now) throws IOException {
    List<String> removed = new ArrayList<>();
    for (Environment env : list()) {
      if (env.created().plus(olderThan).isAfter(now)) {
        continue;
      }
      boolean used =
          !docker
              .listContainersCmd()
              .withShowAll(true)
              .withAncestorFilter(List.of(env.image()))
              .exec()
              .isEmpty();
      if (!used) {
        docker.removeImageCmd(env.image()).exec();
        removed.add(env.image());
      }
    }
    return removed;
  }
}
