package io.kosmos.sandbox;

import io.kosmos.api.ExecutionEnvironment;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
import io.kosmos.api.ExecutorInfo;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs Kosmos's Python in Jupyter kernels inside hardened Docker containers, kept warm in a pool.
 *
 * <p>Each session gets a container of its own (never one that served another run), with its
 * datasets read-only at {@code /data} and a workspace at {@code /workspace} whose {@code output/}
 * files the caller can fetch. Containers run with a memory limit and no swap, a CPU limit, a
 * process-count limit, a read-only root file system, every capability dropped, no new privileges, a
 * non-root user and, by default, no network at all: the JVM talks to Jupyter Server, and to the
 * kernel's own ZeroMQ sockets, over Unix sockets in a per-container host directory. See {@link
 * SandboxConfig} for every limit and {@code docs/security-model.md} for what each one stops.
 *
 * <pre>{@code
 * try (DockerSandboxExecutor executor = DockerSandboxExecutor.create();
 *     ExecutionSession session = executor.openSession(
 *         SessionOptions.builder().runId("r1").taskId("t1").dataset(Path.of("diabetes.csv")).build())) {
 *   ExecutionResult r = session.execute("import pandas as pd\nprint(len(pd.read_csv('/data/diabetes.csv')))");
 *   System.out.println(r.stdout());
 * }
 * }</pre>
 *
 * <p>A cell past its time limit is interrupted; if it does not stop, the kernel is restarted; if
 * that fails, the container is replaced; the result says {@code TIMEOUT} and the next cell works. A
 * kernel killed for memory gives {@code KERNEL_DIED} with an error naming the limit. Every
 * execution is written to the audit log if one is configured.
 *
 * <p>Containers, networks and host directories carry labels naming this JVM: {@link #close()}
 * removes them, a shutdown hook removes them at JVM exit, and the next executor to start removes
 * what a killed JVM left.
 *
 * <p>Thread-safe.
 */
public final class DockerSandboxExecutor implements Executor, MeterBinder {

  private final SandboxConfig config;
  private final DockerSandbox sandbox;

  private DockerSandboxExecutor(SandboxConfig config) {
    this(config, DockerSandbox.start(config));
  }

  private DockerSandboxExecutor(SandboxConfig config, DockerSandbox sandbox) {
    this.config = config;
    this.sandbox = sandbox;
  }

  /**
   * Starts an executor with the default, safe {@link SandboxConfig}.
   *
   * @return the executor, its pool warming up in the background
   * @throws SandboxUnavailableException if no Docker engine answers or the image is missing (the
   *     message gives the command that fixes it)
   */
  public static DockerSandboxExecutor create() {
    return create(SandboxConfig.defaults());
  }

  /**
   * Starts an executor.
   *
   * @param config the limits, pool, image and audit log
   * @return the executor, its pool warming up in the background
   * @throws SandboxUnavailableException if no Docker engine answers or the image is missing (the
   *     message gives the command that fixes it)
   */
  public static DockerSandboxExecutor create(SandboxConfig config) {
    return new DockerSandboxExecutor(java.util.Objects.requireNonNull(config, "config"));
  }

  /**
   * Checks, without starting anything, whether an executor with this config could start.
   *
   * @param config the config
   * @return what is there and what is missing, with the fix
   */
  public static SandboxDiagnosis diagnose(SandboxConfig config) {
    return SandboxDiagnosis.of(config);
  }

  /**
   * The config the executor runs with.
   *
   * @return the config
   */
  public SandboxConfig config() {
    return config;
  }

  /**
   * The image the executor's containers run.
   *
   * @return for example {@code kosmos-executor:1ef4fc063904}
   */
  public String image() {
    return sandbox.image();
  }

  /**
   * The Python every kernel of this executor runs before it is handed out: the output guard, which
   * caps and meters each cell's output, then the configured warm-up code. Code that compares
   * another Jupyter client with this executor (the sandbox benchmark does) runs it in its own
   * kernel first, so that both kernels do the same work per cell.
   *
   * @return the code
   */
  public String kernelSetupCode() {
    return KernelSetup.code(config);
  }

  /**
   * Waits until the pool holds its {@link PoolOptions#minIdle()} warm containers, for applications
   * that want the first session to be fast.
   *
   * @param timeout how long to wait
   * @return whether the warm containers are ready
   */
  public boolean awaitWarm(Duration timeout) {
    return sandbox.awaitWarm(timeout);
  }

  /**
   * Reports the sandbox's meters to a registry: containers by state ({@code
   * kosmos.sandbox.containers}: warm, starting, busy, idle), the pool's size, open sessions and the
   * time to open one, launches by outcome, cells by status with their duration, timeouts by how the
   * cell was stopped, kernel deaths, out-of-memory kills and containers reaped from dead JVMs; the
   * list with each meter's tags is in {@code docs/operations/metrics.md}. Counts start when the
   * executor starts, so a registry bound later misses nothing counted; binding the same registry
   * again changes nothing. A workflow built with this executor and {@code
   * WorkflowBuilder.meterRegistry} binds it to that registry by itself.
   *
   * @param registry the registry
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    sandbox.bindTo(java.util.Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public ExecutionSession openSession(SessionOptions options) {
    return sandbox.openSession(java.util.Objects.requireNonNull(options, "options"));
  }

  /**
   * The environment the run's code executes in: the executor's image with the packages the run
   * installed, and the lock that pins it (exact versions and hashes).
   *
   * @param runId the run
   * @return the environment; empty only if its lock cannot be read from the image
   */
  @Override
  public Optional<ExecutionEnvironment> environment(String runId) {
    return sandbox.environment(java.util.Objects.requireNonNull(runId, "runId"));
  }

  /**
   * Starts an executor that runs code in the environment a run recorded ({@code environment.lock}
   * in the run directory), to execute the run's cells again: {@code kosmos verify} uses it. The
   * recorded image is used when the engine has it with the same contents; otherwise it is built
   * again from the lock (its pinned packages, with their hashes, on its base image) from the source
   * the lock names, or from {@code config}'s if one is configured there. The executor installs
   * nothing else: a cell that imports a package the environment lacks is refused.
   *
   * @param runDirectory the run's directory
   * @param config the limits, pool and audit log (its image and required packages are ignored)
   * @return the executor
   * @throws InvalidInputException if the run has no {@code environment.lock}
   * @throws SandboxUnavailableException if the environment cannot be had (its base image is gone)
   */
  public static DockerSandboxExecutor forRun(Path runDirectory, SandboxConfig config) {
    java.util.Objects.requireNonNull(config, "config");
    String lock = RecordedEnvironment.read(runDirectory);
    return new DockerSandboxExecutor(config, DockerSandbox.startPinned(config, lock));
  }

  @Override
  public ExecutorInfo info() {
    return new ExecutorInfo("docker-sandbox", sandbox.image(), sandbox.details());
  }

  /**
   * Closes every open session and removes every container, network and host directory this executor
   * made. Waits for the removals.
   */
  @Override
  public void close() {
    sandbox.close();
  }
}
