package io.kosmos.cli;

import io.kosmos.api.InvalidInputException;
import io.kosmos.sandbox.Environment;
import io.kosmos.sandbox.Environments;
import io.kosmos.sandbox.SandboxConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kosmos env build | list | show | prune}: the sandbox's environments, the executor image
 * and the images derived from it with packages installed, each pinned by a lock file.
 */
@Command(
    name = "env",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description =
        "The sandbox's environments: the executor image, and images derived from it with packages"
            + " installed (kosmos-executor:<base>-<hash>), each with a lock file of exact versions"
            + " and hashes.",
    subcommands = {
      EnvCommand.Build.class,
      EnvCommand.ListEnvironments.class,
      EnvCommand.Show.class,
      EnvCommand.Prune.class
    })
final class EnvCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code kosmos env build PACKAGE...}. */
  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description =
          "Build (or find) the environment with these packages on the executor image, with network"
              + " only while it builds, and print its image and what was installed.")
  static final class Build implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        arity = "1..*",
        paramLabel = "PACKAGE",
        description = "For example lifelines==0.27.8.")
    List<String> wanted = new ArrayList<>();

    @Mixin PackageArguments packages = new PackageArguments();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      // Asked for by name here, so allowed unless denied.
      for (String w : wanted) {
        packages.allowed.add(w.split("[=<>!~ ]", 2)[0].strip());
      }
      try (Environments envs =
          Environments.open(SandboxConfig.builder().packages(packages.options()).build())) {
        long start = System.nanoTime();
        Environment env = envs.build(wanted);
        out.println("environment: " + env.image());
        out.println("base:        " + env.base());
        out.println("packages:    " + String.join(", ", env.packages()));
        out.println("source:      " + env.source());
        out.println("installed (pinned, with hashes):");
        env.installed().forEach(line -> out.println("  " + line));
        out.printf(
            Locale.ROOT,
            "lock: %d lines, sha256 %s (kosmos env show %s)%n",
            env.lock().lines().count(),
            env.lockSha256().substring(0, 16),
            env.image());
        out.printf(Locale.ROOT, "ready in %.1f s%n", (System.nanoTime() - start) / 1e9);
      }
      return 0;
    }
  }

  /** {@code kosmos env list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the executor image and the derived environments on the Docker engine.")
  static final class ListEnvironments implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Environments envs = Environments.open(SandboxConfig.defaults())) {
        out.printf(Locale.ROOT, "%-48s %-20s %8s  %s%n", "IMAGE", "BUILT", "SIZE", "PACKAGES");
        out.printf(
            Locale.ROOT,
            "%-48s %-20s %8s  %s%n",
            envs.baseImage(),
            "",
            "",
            "(base: executor image)");
        for (Environment env : envs.list()) {
          out.printf(
              Locale.ROOT,
              "%-48s %-20s %8s  %s%n",
              env.image(),
              env.created().toString().substring(0, 19).replace('T', ' '),
              (env.sizeBytes() >> 20) + " MiB",
              String.join(", ", env.packages()));
        }
      }
      return 0;
    }
  }

  /** {@code kosmos env show IMAGE|RUN_DIR}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Print an environment's lock file: an image (kosmos-executor:...), or a run directory"
              + " (the environment.lock it recorded, and whether the engine still has it).")
  static final class Show implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "IMAGE|RUN_DIR",
        description = "Default: the executor image.")
    String target;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Environments envs = Environments.open(SandboxConfig.defaults())) {
        if (target != null && Files.isDirectory(Path.of(target))) {
          String lock = Environments.recordedLock(Path.of(target));
          String image = header(lock, "image");
          Optional<Environment> present = envs.find(image);
          out.println(
              "# recorded by "
                  + target
                  + "; "
                  + (present.isEmpty()
                      ? "the engine no longer has "
                          + image
                          + " (it is built again from this lock"
                          + " when the run is executed again)"
                      : "the engine has " + image));
          out.print(lock);
          return 0;
        }
        String image = target == null ? envs.baseImage() : target;
        Environment env =
            envs.find(image)
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            "no environment "
                                + image
                                + " on the Docker engine; kosmos env list shows those there are"));
        out.print(env.lock());
      }
      return 0;
    }

    private static String header(String lock, String key) {
      for (String line : lock.split("\n")) {
        if (line.startsWith("# " + key + ": ")) {
          return line.substring(key.length() + 4).strip();
        }
      }
      return "";
    }
  }

  /** {@code kosmos env prune}. */
  @Command(
      name = "prune",
      mixinStandardHelpOptions = true,
      description =
          "Remove derived environments no container uses (the executor image stays). A run that"
              + " used one can still be executed again: it is built again from the run's lock.")
  static final class Prune implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--older-than",
        paramLabel = "DURATION",
        defaultValue = "0s",
        description =
            "Only those built longer ago than this, for example 7d or 12h (default: all).")
    String olderThan;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Duration age =
          olderThan.matches("\\d+d")
              ? Duration.ofDays(Long.parseLong(olderThan.substring(0, olderThan.length() - 1)))
              : DataArguments.duration(olderThan);
      try (Environments envs = Environments.open(SandboxConfig.defaults())) {
        List<String> removed = envs.prune(age);
        removed.forEach(image -> out.println("removed " + image));
        out.println(removed.size() + " environment(s) removed");
      }
      return 0;
    }
  }
}
