package io.kosmos.cli;

import io.kosmos.api.Executor;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.sandbox.DockerSandboxExecutor;
import io.kosmos.sandbox.KernelOptions;
import io.kosmos.sandbox.PackageOptions;
import io.kosmos.sandbox.PoolOptions;
import io.kosmos.sandbox.SandboxConfig;
import io.kosmos.sandbox.SandboxDiagnosis;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Opens the Docker sandbox for the commands that run analyses, and makes the machine ready when it
 * is not: if the Docker engine or the executor image is missing, {@code scripts/setup-sandbox.sh}
 * fixes it on Debian or Ubuntu as root. On a terminal the command asks first; without one (a CI
 * job, a script) it runs the setup by itself on such a machine, saying so, unless {@code
 * --no-setup} was given. Elsewhere it stops with the diagnosis and the fix.
 */
final class SandboxLauncher {

  /** What a kernel imports before it is handed out: the scientific stack analyses use. */
  static final String WARMUP_CODE =
      "import numpy, pandas, scipy.stats, statsmodels.api, statsmodels.formula.api,"
          + " matplotlib, matplotlib.pyplot\n";

  /**
   * Sessions of one run a container serves, keeping its warm kernel between them (its namespace,
   * processes and files reset; see PoolOptions.keepKernel): a task then skips the container start,
   * the Jupyter Server start and the imports, seconds of CPU each. Containers are never shared
   * between runs.
   */
  static final int SESSIONS_PER_CONTAINER = 20;

  private final Map<String, String> environment;

  SandboxLauncher(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * The sandbox config of a run: one container per parallel task, all warmed (the scientific stack
   * imported) before the first task asks, and each container's warm kernel kept for the run's later
   * tasks: a run starts as many containers as it runs tasks at once, and no more (a task whose slot
   * frees waits the moment the last task's kernel takes to reset, rather than start another).
   */
  static SandboxConfig config(int concurrency) {
    return config(concurrency, null, PackageOptions.defaults());
  }

  /**
   * The sandbox config of a run with its audit log (every execution, one JSON line each) and its
   * package options.
   *
   * @param concurrency tasks at once
   * @param auditLog the audit log, or {@code null} for none
   * @param packages what may be installed, and from where
   * @return the config
   */
  static SandboxConfig config(int concurrency, Path auditLog, PackageOptions packages) {
    KernelOptions.Builder kernel = KernelOptions.builder().warmupCode(WARMUP_CODE);
    if (auditLog != null) {
      kernel.auditLog(auditLog);
    }
    return SandboxConfig.builder()
        .pool(
            PoolOptions.builder()
                .minIdle(Math.max(1, concurrency))
                .maxContainers(Math.max(1, concurrency))
                .maxSessionsPerContainer(SESSIONS_PER_CONTAINER)
                .keepKernel(true)
                .build())
        .kernel(kernel.build())
        .packages(packages)
        .build();
  }

  Executor open(int concurrency, boolean allowSetup, Console console) {
    return open(config(concurrency), allowSetup, console, false, null);
  }

  /**
   * Opens the sandbox, and if asked waits (three minutes at most) for the pool's warm containers:
   * the first cycle's tasks then take them instead of each starting a container of its own while
   * the warm ones start too, which on a small machine makes every one of them slower. Worth it when
   * planning is instant (the offline scientist); a language model plans while the pool warms up.
   * The sandbox's meters go to {@code registry} (if not null) at once, so the warm-up shows on the
   * metrics endpoint before the workflow exists.
   */
  Executor open(
      SandboxConfig config,
      boolean allowSetup,
      Console console,
      boolean awaitWarm,
      MeterRegistry registry) {
    DockerSandboxExecutor executor = create(config, allowSetup, console);
    if (registry != null) {
      executor.bindTo(registry);
    }
    if (awaitWarm) {
      executor.awaitWarm(Duration.ofMinutes(3));
    }
    return executor;
  }

  /**
   * Opens an executor pinned to the environment a run recorded ({@code environment.lock}), to run
   * its cells again, offering to set the sandbox up as {@link #open} does; a run that recorded no
   * environment (made before environments were recorded) gets the default one.
   */
  Executor openForRun(Path runDirectory, int concurrency, boolean allowSetup, Console console) {
    SandboxConfig config = config(concurrency);
    if (!Files.isRegularFile(runDirectory.resolve("environment.lock"))) {
      return open(config, allowSetup, console, false, null);
    }
    return create(() -> DockerSandboxExecutor.forRun(runDirectory, config), allowSetup, console);
  }

  private DockerSandboxExecutor create(SandboxConfig config, boolean allowSetup, Console console) {
    return create(() -> DockerSandboxExecutor.create(config), allowSetup, console);
  }

  private DockerSandboxExecutor create(
      java.util.function.Supplier<DockerSandboxExecutor> start,
      boolean allowSetup,
      Console console) {
    PrintWriter out = console.writer();
    try {
      return start.get();
    } catch (SandboxUnavailableException e) {
      Path script = setupScript();
      if (!allowSetup || script == null || !debianRoot()) {
        throw e;
      }
      if (System.console() != null) {
        out.print(
            "The sandbox is not ready: "
                + e.getMessage()
                + "\nRun "
                + script
                + " now to install what is missing? [Y/n] ");
        out.flush();
        String answer = readLine();
        if (answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("n")) {
          throw e;
        }
      } else {
        console.line(
            "The sandbox is not ready ("
                + e.getMessage()
                + "); running "
                + script
                + " to set it up (use --no-setup to stop here instead).");
      }
      runSetup(script, out);
      return start.get();
    }
  }

  /** Where the setup script is: under the repository the launcher runs from, else here. */
  Path setupScript() {
    String home = environment.get("KOSMOS_HOME");
    for (Path base :
        home == null ? new Path[] {Path.of("")} : new Path[] {Path.of(home), Path.of("")}) {
      Path p = base.resolve(SandboxDiagnosis.SETUP_COMMAND).toAbsolutePath();
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  /** Whether the setup script can install what is missing here: Debian or Ubuntu, as root. */
  static boolean debianRoot() {
    if (!Files.isRegularFile(Path.of("/etc/debian_version"))) {
      return false;
    }
    try {
      Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 && uid.equals("0");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void runSetup(Path script, PrintWriter out) {
    try {
      Process p = new ProcessBuilder(script.toString()).inheritIO().start();
      int code = p.waitFor();
      if (code != 0) {
        throw new SandboxUnavailableException(
            script + " failed (exit " + code + "); its messages above say why");
      }
    } catch (IOException e) {
      throw new SandboxUnavailableException("could not run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxUnavailableException("interrupted while setting up the sandbox", e);
    }
  }

  private static String readLine() {
    try {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
          .readLine();
    } catch (IOException e) {
      return null;
    }
  }
}
