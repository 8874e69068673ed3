package io.kosmos.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import io.kosmos.api.AuditRecord;
import io.kosmos.api.AuditSink;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import io.kosmos.sandbox.internal.AuditLog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery behind {@code DockerSandboxExecutor}: connects to the engine, resolves (or builds)
 * the image, removes leftovers of dead JVMs, runs the {@link ContainerPool}, opens {@link
 * DockerSession}s and cleans everything up on close or JVM exit.
 */
final class DockerSandbox implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DockerSandbox.class);
  private static final AtomicInteger EXECUTORS = new AtomicInteger();

  private final SandboxConfig config;
  private final DockerClient docker;
  private final String dockerHost;
  private final String image;
  private final String executorId;
  private final ContainerLauncher launcher;
  private final ContainerPool pool;
  private final AuditSink audit;
  private final AuditLog auditLog;
  private final OkHttpClient http;
  private final Set<DockerSession> sessions = ConcurrentHashMap.newKeySet();
  private final SandboxMetrics metrics;
  private final AtomicInteger sessionCounter = new AtomicInteger();
  private final Thread shutdownHook;
  private volatile boolean closed;

  private DockerSandbox(SandboxConfig config) {
    this.config = config;
    this.metrics = new SandboxMetrics();
    this.executorId = "x" + EXECUTORS.incrementAndGet();
    DockerEngine.Connection connection =
        DockerEngine.connect(config.dockerHost().orElse(null), Duration.ofMinutes(15));
    this.docker = connection.client();
    this.dockerHost = connection.host();
    try {
      docker.pingCmd().exec();
    } catch (RuntimeException e) {
      closeQuietly();
      throw new SandboxUnavailableException(
          "no Docker engine answers at "
              + dockerHost
              + " ("
              + DockerEngine.rootMessage(e)
              + "); run "
              + ExecutorImage.SETUP_COMMAND
              + " (on Debian as root it installs and starts Docker; elsewhere it says what to do),"
              + " or set DOCKER_HOST / SandboxConfig.dockerHost",
          e);
    }
    try {
      this.image = resolveImage();
      if (config.reapOnStart()) {
        metrics.reaped(Reaper.reapDead(docker, config.sandboxRoot()).containers());
      }
      int[] user = containerUser(config);
      this.http =
          new OkHttpClient.Builder()
              .connectTimeout(Duration.ofSeconds(10))
              .readTimeout(Duration.ZERO)
              .writeTimeout(Duration.ofMinutes(2))
              .retryOnConnectionFailure(true)
              .connectionPool(new ConnectionPool(32, 1, TimeUnit.MINUTES))
              .dispatcher(daemonDispatcher())
              .build();
      this.launcher =
          new ContainerLauncher(
              docker,
              config,
              image,
              Owner.self(),
              executorId,
              http,
              user[0],
              user[1],
              user[2] == 0);
      this.auditLog = config.kernel().auditLog().map(AuditLog::new).orElse(null);
      AuditSink sink = config.kernel().auditSink().orElse(null);
      this.audit = combine(combine(auditLog, sink), metrics::cellExecuted);
      this.pool = new ContainerPool(launcher, config, metrics);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
    if (config.shutdownHook()) {
      shutdownHook = new Thread(this::removeEverythingNow, "kosmos-sandbox-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } else {
      shutdownHook = null;
    }
    pool.start();
  }

  /**
   * Connects, checks the image, reaps leftovers and starts the pool.
   *
   * @param config the config
   * @return the running sandbox
   * @throws SandboxUnavailableException if the engine does not answer or the image is missing
   */
  public static DockerSandbox start(SandboxConfig config) {
    return new DockerSandbox(config);
  }

  private String resolveImage() {
    if (config.image().isPresent()) {
      String override = config.image().get();
      if (!imageExists(override)) {
        throw ContainerLauncher.imageMissing(override);
      }
      return override;
    }
    String expected = ExecutorImage.expectedTag();
    if (imageExists(expected)) {
      return expected;
    }
    if (config.buildImageIfMissing()) {
      buildImage(expected);
      return expected;
    }
    if (config.useLatestImage() && imageExists(ExecutorImage.LATEST)) {
      LOG.warn(
          "the executor image {} is missing; using {} as configured (it may not match this jar)",
          expected,
          ExecutorImage.LATEST);
      return ExecutorImage.LATEST;
    }
    throw ContainerLauncher.imageMissing(expected);
  }

  private boolean imageExists(String ref) {
    try {
      docker.inspectImageCmd(ref).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** Builds the image from the build context in the jar (the engine's legacy builder). */
  private void buildImage(String tag) {
    String base =
        imageExists("debian:bookworm-slim")
            ? "debian:bookworm-slim"
            : imageExists("kosmos-base:bookworm") ? "kosmos-base:bookworm" : "debian:bookworm-slim";
    LOG.info("building the executor image {} from base {} (several minutes)", tag, base);
    try {
      docker
          .buildImageCmd(new ByteArrayInputStream(ExecutorImage.buildContextTar()))
          .withTags(Set.of(tag, ExecutorImage.LATEST))
          .withBuildArg("BASE_IMAGE", base)
          .withLabels(Map.of("io.kosmos.image.hash", tag.substring(tag.indexOf(':') + 1)))
          .exec(
              new BuildImageResultCallback() {
                @Override
                public void onNext(BuildResponseItem item) {
                  if (item.getStream() != null && !item.getStream().isBlank()) {
                    LOG.debug("build: {}", item.getStream().strip());
                  }
                  super.onNext(item);
                }
              })
          .awaitImageId(60, TimeUnit.MINUTES);
    } catch (RuntimeException e) {
      throw new SandboxUnavailableException(
          "building the executor image "
              + tag
              + " failed ("
              + DockerEngine.rootMessage(e)
              + "); build it with "
              + ExecutorImage.SETUP_COMMAND
              + " (it can make the Debian base without a registry)",
          e);
    }
  }

  /** uid, gid of the container user, and the JVM's own uid. */
  private static int[] containerUser(SandboxConfig config) {
    int jvmUid;
    int jvmGid;
    try {
      Path root = config.sandboxRoot();
      Files.createDirectories(root);
      Path probe = Files.createTempFile(root, "uid", ".probe");
      try {
        jvmUid = (Integer) Files.getAttribute(probe, "unix:uid");
        jvmGid = (Integer) Files.getAttribute(probe, "unix:gid");
      } finally {
        Files.deleteIfExists(probe);
      }
      // The root holds the sockets that run code: it must be ours and private, or another local
      // user could swap directories under it (the default lives in the shared temp directory).
      int owner =
          (Integer) Files.getAttribute(root, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
      if (Files.isSymbolicLink(root) || owner != jvmUid) {
        throw new SandboxUnavailableException(
            "the sandbox root "
                + root
                + " is "
                + (Files.isSymbolicLink(root) ? "a symbolic link" : "owned by uid " + owner)
                + ", not by this process (uid "
                + jvmUid
                + "); set SandboxConfig.sandboxRoot to a directory of your own");
      }
      Files.setPosixFilePermissions(
          root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    } catch (IOException | UnsupportedOperationException e) {
      throw new SandboxUnavailableException(
          "cannot use the sandbox root "
              + config.sandboxRoot()
              + " ("
              + e.getMessage()
              + "); set SandboxConfig.sandboxRoot to a writable directory on a POSIX file system",
          e);
    }
    if (config.containerUser().isPresent()) {
      String[] parts = config.containerUser().get().split(":");
      return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), jvmUid};
    }
    if (jvmUid == 0) {
      return new int[] {1000, 1000, 0};
    }
    return new int[] {jvmUid, jvmGid, jvmUid};
  }

  private static Dispatcher daemonDispatcher() {
    return new Dispatcher(
        new java.util.concurrent.ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            60,
            TimeUnit.SECONDS,
            new java.util.concurrent.SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "kosmos-sandbox-http");
              t.setDaemon(true);
              return t;
            }));
  }

  private static AuditSink combine(AuditSink a, AuditSink b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return (AuditRecord r) -> {
      a.record(r);
      b.record(r);
    };
  }

  /**
   * Opens a session: a container from the pool with the datasets linked into its {@code /data}.
   *
   * @param options the options
   * @return the session
   */
  public ExecutionSession openSession(SessionOptions options) {
    if (closed) {
      throw new IllegalStateException("the executor is closed");
    }
    for (Path dataset : options.datasets()) {
      if (!Files.exists(dataset)) {
        throw new InvalidInputException(
            "dataset " + dataset + " does not exist; pass an existing file or folder");
      }
    }
    long asked = System.nanoTime();
    SandboxContainer container = pool.acquire(options.runId());
    try {
      DockerSession.prepare(container, options, config, launcher);
    } catch (RuntimeException e) {
      pool.discard(container);
      throw e;
    }
    metrics.sessionOpened(System.nanoTime() - asked);
    String id = "s" + sessionCounter.incrementAndGet();
    DockerSession[] holder = new DockerSession[1];
    DockerSession session =
        new DockerSession(
            id,
            options,
            audit,
            config,
            pool,
            launcher,
            container,
            () -> sessions.remove(holder[0]));
    holder[0] = session;
    sessions.add(session);
    return session;
  }

  public String image() {
    return image;
  }

  public String dockerHost() {
    return dockerHost;
  }

  public String executorId() {
    return executorId;
  }

  public DockerClient docker() {
    return docker;
  }

  /**
   * Registers the sandbox's meters on a registry.
   *
   * @param registry the registry
   */
  public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
    metrics.bindTo(
        registry,
        new SandboxMetrics.PoolState() {
          @Override
          public ContainerPool.Stats stats() {
            return pool.stats();
          }

          @Override
          public int maxContainers() {
            return config.pool().maxContainers();
          }

          @Override
          public int openSessions() {
            return sessions.size();
          }
        });
  }

  /** Counts of the pool, for the benchmark and tests: total, warm, warming, busy. */
  public int[] poolCounts() {
    ContainerPool.Stats s = pool.stats();
    return new int[] {s.total(), s.warm(), s.warming(), s.busy()};
  }

  /**
   * Waits until the pool holds its minimum of warm containers.
   *
   * @param timeout how long to wait
   * @return whether it does
   */
  public boolean awaitWarm(Duration timeout) {
    try {
      return pool.awaitWarm(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Details for {@code ExecutorInfo}. */
  public Map<String, String> details() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("dockerHost", dockerHost);
    d.put("memoryLimitBytes", Long.toString(config.limits().memoryLimitBytes()));
    d.put("cpus", Double.toString(config.limits().cpus()));
    d.put("pidsLimit", Long.toString(config.limits().pidsLimit()));
    d.put("workspaceSizeBytes", Long.toString(config.limits().workspaceSizeBytes()));
    d.put("maxOutputBytes", Long.toString(config.kernel().maxOutputBytes()));
    d.put("network", config.networkMode().name().toLowerCase(java.util.Locale.ROOT));
    d.put("poolMinIdle", Integer.toString(config.pool().minIdle()));
    d.put("poolMaxContainers", Integer.toString(config.pool().maxContainers()));
    return d;
  }

  /** Closes every session, removes every container, network and host directory, and waits. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (DockerSession s : new ArrayList<>(sessions)) {
      s.forceClose();
    }
    pool.close();
    launcher.removeNetwork();
    // Anything a race left behind (a launch that finished during close).
    Reaper.removeExecutor(docker, Owner.self(), executorId, config.sandboxRoot());
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down already
      }
    }
    if (auditLog != null) {
      auditLog.close();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    closeQuietly();
  }

  /** The shutdown hook: remove this executor's containers without waiting for sessions. */
  private void removeEverythingNow() {
    if (closed) {
      return;
    }
    try {
      Reaper.removeExecutor(docker, Owner.self(), executorId, config.sandboxRoot());
    } catch (RuntimeException e) {
      LOG.warn("cleanup at JVM exit failed: {}", e.getMessage());
    }
  }

  private void closeQuietly() {
    try {
      docker.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing the Docker client: {}", e.getMessage());
    }
  }
}
