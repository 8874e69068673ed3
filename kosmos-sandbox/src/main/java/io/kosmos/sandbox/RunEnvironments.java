package io.kosmos.sandbox;

import io.kosmos.api.ExecutionEnvironment;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Output;
import io.kosmos.sandbox.internal.ImportCheck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which environment each run of an executor is in, and the executor's answer to a cell that needs
 * packages its environment lacks.
 *
 * <p>Every run starts in the executor's environment: its image with {@link
 * PackageOptions#required()} installed. A cell that imports an allowed package moves its run to the
 * environment with that package added (built once, then reused); later sessions of the run open
 * there, so the run's environment only grows, and the lock recorded at the end of the run covers
 * every cell. An executor made for a recorded run ({@code DockerSandboxExecutor.forRun}) is pinned
 * to that run's environment and installs nothing.
 */
final class RunEnvironments {

  /** Moves a session to another environment (a container of its image, datasets linked again). */
  @FunctionalInterface
  interface Move {
    void to(Environment environment) throws IOException;
  }

  private static final Set<String> WORTH_NAMING =
      Set.of(
          "numpy",
          "pandas",
          "scipy",
          "statsmodels",
          "scikit-learn",
          "matplotlib",
          "seaborn",
          "networkx",
          "sympy",
          "biopython",
          "anndata",
          "rdkit",
          "h5py",
          "openpyxl",
          "patsy");

  private final EnvironmentBuilder builder;
  private final String root;
  private final List<Requirement> required;
  private final String baseImage;
  private final boolean pinned;
  private final Map<String, List<Requirement>> added = new ConcurrentHashMap<>();
  private final Map<String, String> images = new ConcurrentHashMap<>();

  private RunEnvironments(
      EnvironmentBuilder builder,
      String root,
      List<Requirement> required,
      String baseImage,
      boolean pinned) {
    this.builder = builder;
    this.root = root;
    this.required = List.copyOf(required);
    this.baseImage = baseImage;
    this.pinned = pinned;
  }

  /**
   * The environments of an executor whose runs start on a base image with packages required.
   *
   * @param builder builds environments
   * @param root the executor's image
   * @param required the packages every run starts with
   * @return the environments, the required ones built (if missing) before this returns
   * @throws IOException if the required environment cannot be had
   */
  static RunEnvironments starting(EnvironmentBuilder builder, String root, List<String> required)
      throws IOException {
    List<Requirement> parsed = required.stream().map(Requirement::parse).toList();
    for (Requirement r : parsed) {
      Optional<String> denial = builder.policy().denial(r.name());
      if (denial.isPresent()) {
        throw new InvalidInputException(
            "the required package " + r + " is denied by the package policy: " + denial.get());
      }
    }
    String image = root;
    if (!parsed.isEmpty()) {
      try {
        image = builder.ensure(root, parsed).image();
      } catch (EnvironmentBuilder.BuildFailure e) {
        throw new IOException(
            "cannot build the environment of the required packages "
                + parsed
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return new RunEnvironments(builder, root, parsed, image, false);
  }

  /**
   * The environments of an executor that runs every run in one fixed environment.
   *
   * @param builder reads environments
   * @param environment the environment
   * @return the environments
   */
  static RunEnvironments pinned(EnvironmentBuilder builder, Environment environment) {
    return new RunEnvironments(builder, environment.image(), List.of(), environment.image(), true);
  }

  /** The image the run's sessions open in. */
  String imageFor(String runId) {
    return images.getOrDefault(runId, baseImage);
  }

  /** The image runs start in. */
  String baseImage() {
    return baseImage;
  }

  /**
   * The run's environment with its lock.
   *
   * @param runId the run
   * @return the environment
   * @throws IOException if the image's lock cannot be read
   */
  ExecutionEnvironment environment(String runId) throws IOException {
    return builder.describe(imageFor(runId)).toExecutionEnvironment();
  }

  /**
   * Decides about packages a cell needs: refused, with the reason, or installed (the run moves to
   * the environment that has them, and {@code move} moves the session).
   *
   * @param runId the run
   * @param missing what the kernel reported
   * @param move moves the asking session
   * @param hadState whether the session had run cells before (their variables are lost)
   * @return the answer
   * @throws IOException if the engine fails while building or moving
   */
  ImportCheck.Answer answer(String runId, ImportCheck.Missing missing, Move move, boolean hadState)
      throws IOException {
    List<String> refusals = new ArrayList<>();
    Map<String, Requirement> wanted = new LinkedHashMap<>();
    for (String module : missing.modules()) {
      wanted.putIfAbsent(
          PackagePolicy.distributionOf(module),
          new Requirement(PackagePolicy.distributionOf(module), ""));
    }
    for (String text : missing.pip()) {
      try {
        Requirement r = Requirement.parse(text);
        wanted.put(r.name(), r);
      } catch (InvalidInputException e) {
        refusals.add(text + " (" + e.getMessage() + ")");
      }
    }
    for (String line : missing.unusable()) {
      refusals.add(line + " (pip options, paths and URLs are not accepted; name the package)");
    }
    PackagePolicy policy = builder.policy();
    for (Requirement r : wanted.values()) {
      Optional<String> denial = policy.denial(r.name());
      if (denial.isPresent()) {
        refusals.add(r.name() + " (denied: " + denial.get() + ")");
      } else if (!policy.allowed(r.name())) {
        refusals.add(r.name() + " (not on the sandbox's allow-list)");
      }
    }
    if (!refusals.isEmpty()) {
      return refuse(
          ImportCheck.REFUSED,
          "it needs packages the sandbox will not install: "
              + String.join("; ", refusals)
              + ". "
              + alternatives(runId));
    }
    if (pinned) {
      return refuse(
          ImportCheck.UNAVAILABLE,
          "it needs "
              + wanted.keySet()
              + ", which the run's recorded environment "
              + baseImage
              + " does not have");
    }
    PackageOptions options = policy.options();
    if (!options.installOnImport()) {
      return refuse(
          ImportCheck.REFUSED,
          "it needs "
              + wanted.keySet()
              + ", and installing packages on import is off (PackageOptions.installOnImport). "
              + alternatives(runId));
    }
    if (options.index().isEmpty() && options.findLinks().isEmpty()) {
      return refuse(
          ImportCheck.UNAVAILABLE,
          "it needs "
              + wanted.keySet()
              + ", which the sandbox may install, but no package index or wheel folder is configured"
              + " (PackageOptions.index or findLinks). "
              + alternatives(runId));
    }
    return install(runId, List.copyOf(wanted.values()), move, hadState);
  }

  private ImportCheck.Answer install(
      String runId, List<Requirement> wanted, Move move, boolean hadState) throws IOException {
    Map<String, Requirement> all = new LinkedHashMap<>();
    for (Requirement r : required) {
      all.put(r.name(), r);
    }
    for (Requirement r : added.getOrDefault(runId, List.of())) {
      all.put(r.name(), r);
    }
    for (Requirement r : wanted) {
      Requirement before = all.get(r.name());
      if (before != null
          && !before.specifier().isEmpty()
          && !r.specifier().isEmpty()
          && !before.specifier().equals(r.specifier())) {
        return refuse(
            ImportCheck.REFUSED,
            "it asks for "
                + r
                + ", but the run's environment has "
                + before
                + "; one run keeps one version of a package");
      }
      if (before == null || before.specifier().isEmpty()) {
        all.put(r.name(), r);
      }
    }
    Environment environment;
    try {
      environment = builder.ensure(root, all.values());
    } catch (EnvironmentBuilder.BuildFailure e) {
      if (!e.denied.isEmpty()) {
        String reason = builder.policy().denial(e.denied).orElse("on the deny-list");
        return refuse(
            ImportCheck.REFUSED,
            "installing "
                + wanted
                + " would install "
                + e.denied
                + ", which is denied: "
                + reason
                + ". "
                + alternatives(runId));
      }
      return refuse(ImportCheck.UNAVAILABLE, "installing " + wanted + " failed: " + e.getMessage());
    }
    move.to(environment);
    synchronized (added) {
      List<Requirement> runAdded = new ArrayList<>(added.getOrDefault(runId, List.of()));
      runAdded.addAll(wanted);
      added.put(runId, runAdded);
      images.put(runId, environment.image());
    }
    return new ImportCheck.Answer.RunAgain(note(wanted, environment, hadState));
  }

  private static String note(List<Requirement> wanted, Environment environment, boolean hadState) {
    List<String> installed = new ArrayList<>();
    for (String line : environment.installed()) {
      String pin = line.split(" ")[0];
      for (Requirement r : wanted) {
        if (pin.startsWith(r.name() + "==")) {
          installed.add(pin);
        }
      }
    }
    return "[kosmos: installed "
        + String.join(
            ", ",
            installed.isEmpty() ? wanted.stream().map(Requirement::toString).toList() : installed)
        + " from "
        + environment.source()
        + "; this session now runs in environment "
        + environment.image()
        + (hadState
            ? "; the kernel is new: variables and workspace files of earlier cells are gone, so"
                + " run their code again where this cell needs it]\n"
            : "]\n");
  }

  private String alternatives(String runId) {
    try {
      List<String> named = new ArrayList<>();
      for (String line : LockFile.section(environment(runId).lock(), "python")) {
        String name = Requirement.normalize(line.split("==")[0]);
        if (WORTH_NAMING.contains(name)) {
          named.add(line.replace("==", " "));
        }
      }
      return named.isEmpty() ? "" : "The environment has " + String.join(", ", named) + ".";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static ImportCheck.Answer refuse(String name, String why) {
    String message = "the cell was not run: " + why.strip();
    return new ImportCheck.Answer.Refuse(new Output.Error(name, message, List.of(message)));
  }
}
