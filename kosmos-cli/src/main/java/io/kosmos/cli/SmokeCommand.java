package io.kosmos.cli;

import io.kosmos.api.InvalidInputException;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.team.offline.OfflineScientist;
import io.kosmos.sandbox.PackageOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kosmos smoke}: proves that a deployment works end to end in under a minute. It runs one
 * cycle of two tasks of the offline statistical scientist on the example data that ships in the
 * jar, in the real sandbox, then checks the run's artifacts ({@link SmokeChecks}) and the time
 * taken, prints one line per check, and exits 0 only if all pass. It needs no API key and sends
 * nothing over the network but to the Docker engine.
 */
@Command(
    name = "smoke",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description =
        "Check that this deployment works: one cycle of two tasks on the example data in the real"
            + " sandbox, then the run's artifacts (plan, notebooks, cited cells, report) and the"
            + " time taken. Exits 0 when every check passes.")
final class SmokeCommand implements Callable<Integer> {

  static final int TASKS = 2;
  static final String OBJECTIVE = "What drives disease progression in this cohort?";
  private static final String[] DATA = {"diabetes.csv", "diabetes.dictionary.csv"};

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Keep the smoke run in DIR (default: a temporary directory, removed on success).")
  Path out;

  @Option(
      names = "--time-limit",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description = "Fail if the run takes longer than this (default: ${DEFAULT-VALUE}).")
  String timeLimit;

  @Option(
      names = "--no-setup",
      description = "If the sandbox is not ready, stop with the fix instead of setting it up.")
  boolean noSetup;

  @Mixin OperationsOptions operations = new OperationsOptions();

  private final Map<String, String> environment;

  SmokeCommand() {
    this(System.getenv());
  }

  SmokeCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws IOException {
    Console o = RunCommand.console(spec, operations, environment);
    Duration limit = DataArguments.duration(timeLimit);
    Path work = Files.createTempDirectory("kosmos-smoke-");
    Path dir = out != null ? out : work.resolve("run");
    if (out != null && Files.exists(out) && !isEmptyDirectory(out)) {
      throw new InvalidInputException(
          "--out " + out + " is not empty; give a new directory for the smoke run");
    }
    Path data = unpackData(work);
    RunCommand.Job job =
        new RunCommand.Job(
            OBJECTIVE,
            List.of(data),
            DataArguments.dictionaries(List.of(data), List.of()),
            dir,
            1,
            TASKS,
            TASKS,
            limit.multipliedBy(3),
            !noSetup,
            new GatewayOptions(), // the local Docker sandbox
            PackageOptions.defaults(),
            null, // the shipped skills
            // no literature: a smoke test proves the deployment, and must not depend on (or reach)
            // paper services
            new LiteratureChoice(null, "off"),
            new TimeLimits.Chosen(null, null)); // the engine's default time limits
    long start = System.nanoTime();
    try (MetricsEndpoint metrics = operations.startEndpoint()) {
      int code =
          RunCommand.execute(
              o,
              job,
              environment,
              OfflineScientist.agents(),
              Budget.unlimited(),
              "no language model: the smoke test uses the offline statistical scientist",
              metrics,
              Duration.ZERO);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      boolean passed = report(o, code, took, limit, dir);
      if (metrics != null) {
        metrics.linger(operations.lingerTime()); // after the checks: the limit is the run's time
      }
      if (passed && out == null) {
        deleteTree(work);
      }
      return passed ? 0 : 1;
    }
  }

  /** Checks the run's artifacts and time and prints each check; whether all passed. */
  private boolean report(Console o, int code, Duration took, Duration limit, Path dir) {
    List<SmokeChecks.Check> checks = new ArrayList<>(SmokeChecks.of(dir, TASKS));
    checks.add(
        new SmokeChecks.Check(
            "time",
            took.compareTo(limit) <= 0,
            String.format(
                Locale.ROOT, "%.1f s (limit %d s)", took.toMillis() / 1000.0, limit.toSeconds())));
    boolean passed = code == 0 && checks.stream().allMatch(SmokeChecks.Check::passed);
    for (SmokeChecks.Check c : checks) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("event", "smoke_check");
      fields.put("check", c.name());
      fields.put("passed", c.passed());
      o.line(
          String.format("  [%-6s] %-9s %s", c.passed() ? "ok" : "FAILED", c.name(), c.detail()),
          fields);
    }
    if (passed) {
      o.line("smoke test passed", Map.of("event", "smoke_passed"));
    } else {
      o.line(
          "smoke test FAILED; the run is kept in " + dir + " (see docs/troubleshooting.md)",
          Map.of("event", "smoke_failed", "dir", dir.toString()));
    }
    return passed;
  }

  /** Writes the example data shipped in the jar to a directory. */
  private static Path unpackData(Path dir) {
    for (String name : DATA) {
      try (InputStream in = SmokeCommand.class.getResourceAsStream("smoke/" + name)) {
        if (in == null) {
          throw new IllegalStateException(
              "the example data smoke/" + name + " is missing from this build of kosmos");
        }
        Files.copy(in, dir.resolve(name));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir.resolve(DATA[0]);
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
