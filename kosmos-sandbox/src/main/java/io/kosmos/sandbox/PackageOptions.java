package io.kosmos.sandbox;

import io.kosmos.api.InvalidInputException;
import io.kosmos.sandbox.internal.ImportCheck;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which Python packages the Docker sandbox may install, from where, and which every session starts
 * with. Part of a {@link SandboxConfig}.
 *
 * <p>Before a cell runs, the kernel finds the modules it imports (and its {@code %pip install} and
 * {@code !pip install} lines) with Python's {@code ast}; a module the environment lacks is mapped
 * to its distribution ({@code sklearn} to {@code scikit-learn}) and checked here:
 *
 * <ul>
 *   <li>on the {@linkplain #denied() deny-list}: refused, with the reason;
 *   <li>not on the {@linkplain #allowed() allow-list}: refused;
 *   <li>allowed: installed, if {@link #installOnImport()} and a source ({@link #index()} or {@link
 *       #findLinks()}) is configured. The run's environment becomes a derived image {@code
 *       kosmos-executor:<base>-<hash>} with the packages pinned (exact versions and hashes), built
 *       once with network only during the build and reused by every session that needs the same
 *       set; the session moves to it and the cell runs there.
 * </ul>
 *
 * <p>A refused cell does not run: its result has status {@code ERROR} and an error named {@link
 * #REFUSED} (or {@link #UNAVAILABLE} when an allowed package could not be installed) whose message
 * says which package, why, and what to do, so that the code's author, a language model included,
 * can adapt. Packages that are already in the environment are never checked: what is installed was
 * allowed when it was installed.
 *
 * <p>The deny-list is checked against every distribution a request would install, dependencies
 * included, so that an allowed package cannot replace the kernel's own machinery; the allow-list
 * applies to what is asked for. Patterns are distribution names, normalized as PEP 503 does, or a
 * prefix ending in {@code *} ({@code azure-*}); {@code *} alone allows everything not denied.
 *
 * <p>Defaults: the allow-list {@link #DEFAULT_ALLOWED} (common scientific packages), the deny-list
 * {@link #DEFAULT_DENIED} (the kernel's machinery and packaging tools), no source (so nothing is
 * installed until one is configured), no required packages, installs on import on, builds limited
 * to 15 minutes.
 *
 * <pre>{@code
 * SandboxConfig config = SandboxConfig.builder()
 *     .packages(PackageOptions.builder()
 *         .index("https://pypi.internal.example/simple/")
 *         .allow("lifelines", "pingouin")
 *         .require("scikit-posthocs==0.9.0")
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #newBuilder()} derives another.
 */
public final class PackageOptions {

  /** The error name of a cell refused because it needs a package the policy does not allow. */
  public static final String REFUSED = ImportCheck.REFUSED;

  /** The error name of a cell that needs an allowed package that could not be installed. */
  public static final String UNAVAILABLE = ImportCheck.UNAVAILABLE;

  /** Scientific packages a sandbox may install when a cell imports them. */
  public static final Set<String> DEFAULT_ALLOWED =
      Collections.unmodifiableSet(
          new TreeSet<>(
              List.of(
                  // data and files
                  "numpy",
                  "scipy",
                  "pandas",
                  "polars",
                  "pyarrow",
                  "fastparquet",
                  "tables",
                  "h5py",
                  "zarr",
                  "xarray",
                  "netcdf4",
                  "openpyxl",
                  "xlrd",
                  "odfpy",
                  "tabulate",
                  // statistics and models
                  "statsmodels",
                  "patsy",
                  "formulaic",
                  "linearmodels",
                  "pingouin",
                  "lifelines",
                  "scikit-survival",
                  "scikit-posthocs",
                  "statannotations",
                  "pymc",
                  "arviz",
                  "bambi",
                  "emcee",
                  "scikit-learn",
                  "imbalanced-learn",
                  "xgboost",
                  "lightgbm",
                  "catboost",
                  "shap",
                  "umap-learn",
                  "hdbscan",
                  "optuna",
                  "joblib",
                  // plots
                  "matplotlib",
                  "seaborn",
                  "plotly",
                  "bokeh",
                  "altair",
                  "plotnine",
                  "adjusttext",
                  "upsetplot",
                  "matplotlib-venn",
                  // graphs, symbols, speed
                  "networkx",
                  "python-igraph",
                  "igraph",
                  "leidenalg",
                  "python-louvain",
                  "sympy",
                  "mpmath",
                  "numba",
                  "numexpr",
                  "bottleneck",
                  // life sciences and chemistry
                  "biopython",
                  "anndata",
                  "scanpy",
                  "mudata",
                  "pydeseq2",
                  "scikit-bio",
                  "pyranges",
                  "rdkit",
                  "mordred",
                  // images and geography
                  "scikit-image",
                  "pillow",
                  "opencv-python-headless",
                  "imageio",
                  "tifffile",
                  "geopandas",
                  "shapely",
                  "pyproj")));

  /** Distributions never installed, with the reason; checked against dependencies too. */
  public static final Map<String, String> DEFAULT_DENIED = defaultDenied();

  private static Map<String, String> defaultDenied() {
    Map<String, String> denied = new LinkedHashMap<>();
    String kernel =
        "part of the kernel the executor talks to; replacing it could break the sandbox's"
            + " protocol";
    for (String name :
        List.of(
            "ipykernel",
            "ipython",
            "jupyter-server",
            "jupyter-client",
            "jupyter-core",
            "pyzmq",
            "tornado",
            "traitlets",
            "comm",
            "matplotlib-inline")) {
      denied.put(name, kernel);
    }
    String tools = "a packaging tool; packages are installed by the executor, not by code";
    for (String name : List.of("pip", "setuptools", "wheel", "virtualenv", "poetry", "conda")) {
      denied.put(name, tools);
    }
    return Collections.unmodifiableMap(denied);
  }

  private static final PackageOptions DEFAULTS = builder().build();

  private final Set<String> allowed;
  private final Map<String, String> denied;
  private final String index;
  private final Path findLinks;
  private final List<String> required;
  private final boolean installOnImport;
  private final Duration buildTimeout;

  private PackageOptions(Builder b) {
    this.allowed = Collections.unmodifiableSet(new TreeSet<>(b.allowed));
    this.denied = Collections.unmodifiableMap(new LinkedHashMap<>(b.denied));
    this.index = b.index;
    this.findLinks = b.findLinks;
    this.required = List.copyOf(b.required);
    this.installOnImport = b.installOnImport;
    this.buildTimeout = b.buildTimeout;
  }

  /**
   * The defaults.
   *
   * @return the default options
   */
  public static PackageOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these options, to derive others from them. Each option may still be set once
   * on it; the lists may be added to.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * The allow-list: what a cell may have installed. Default {@link #DEFAULT_ALLOWED}.
   *
   * @return normalized names and prefix patterns
   */
  public Set<String> allowed() {
    return allowed;
  }

  /**
   * The deny-list with the reason of each: never installed, not even as a dependency. Default
   * {@link #DEFAULT_DENIED}.
   *
   * @return normalized names and prefix patterns, with reasons
   */
  public Map<String, String> denied() {
    return denied;
  }

  /**
   * The package index (PEP 503 "simple" API) packages come from, if set.
   *
   * @return its URL
   */
  public Optional<String> index() {
    return Optional.ofNullable(index);
  }

  /**
   * A folder of wheels packages come from instead of an index ({@code pip --find-links}), if set.
   *
   * @return the folder
   */
  public Optional<Path> findLinks() {
    return Optional.ofNullable(findLinks);
  }

  /**
   * Packages every session starts with (the executor builds their environment when it starts).
   *
   * @return requirements such as {@code lifelines==0.27.8}, normalized
   */
  public List<String> required() {
    return required;
  }

  /**
   * Whether an allowed package a cell imports is installed (the session moving to the larger
   * environment). Default {@code true}; without a source nothing can be installed anyway.
   *
   * @return whether to install on import
   */
  public boolean installOnImport() {
    return installOnImport;
  }

  /**
   * How long building an environment may take. Default 15 minutes.
   *
   * @return the time limit
   */
  public Duration buildTimeout() {
    return buildTimeout;
  }

  /** What a source line in a lock file says: {@code index <url>}, {@code wheels <folder>}. */
  String sourceText() {
    if (index != null) {
      return "index " + index;
    }
    return findLinks != null ? "wheels " + findLinks : "none";
  }

  /**
   * Builds {@link PackageOptions}, starting from the defaults. Each option may be set once; {@link
   * #allow}, {@link #deny} and {@link #require} add and may be called any number of times. A bad
   * value fails when it is set, naming the option.
   */
  public static final class Builder {
    private final OptionChecks checks = new OptionChecks();
    private final Set<String> allowed = new TreeSet<>(DEFAULT_ALLOWED);
    private final Map<String, String> denied = new LinkedHashMap<>(DEFAULT_DENIED);
    private String index;
    private Path findLinks;
    private final List<String> required = new ArrayList<>();
    private boolean installOnImport = true;
    private Duration buildTimeout = Duration.ofMinutes(15);

    private Builder() {}

    private Builder(PackageOptions o) {
      allowed.clear();
      allowed.addAll(o.allowed);
      denied.clear();
      denied.putAll(o.denied);
      index = o.index;
      findLinks = o.findLinks;
      required.addAll(o.required);
      installOnImport = o.installOnImport;
      buildTimeout = o.buildTimeout;
    }

    /**
     * Adds to the allow-list.
     *
     * @param patterns distribution names, prefixes ending in {@code *}, or {@code *}
     * @return this builder
     */
    public Builder allow(String... patterns) {
      for (String p : patterns) {
        allowed.add(pattern(p, "allow"));
      }
      return this;
    }

    /**
     * Replaces the allow-list, the default's entries included.
     *
     * @param patterns distribution names, prefixes ending in {@code *}, or {@code *}
     * @return this builder
     */
    public Builder allowList(Collection<String> patterns) {
      checks.once("allowList");
      Objects.requireNonNull(patterns, "allowList");
      allowed.clear();
      patterns.forEach(p -> allowed.add(pattern(p, "allowList")));
      return this;
    }

    /**
     * Adds to the deny-list.
     *
     * @param pattern a distribution name or a prefix ending in {@code *}
     * @param reason why, for the refusal's message
     * @return this builder
     */
    public Builder deny(String pattern, String reason) {
      denied.put(pattern(pattern, "deny"), OptionChecks.text(reason, "deny reason"));
      return this;
    }

    /**
     * Sets the package index, a PEP 503 "simple" repository. Builds that use it get the network
     * (the host's, so that an index on this machine's loopback is reachable) while they run.
     *
     * @param url for example {@code https://pypi.org/simple/} or {@code http://127.0.0.1:8080/}
     * @return this builder
     * @throws InvalidInputException if it is not an http or https URL
     */
    public Builder index(String url) {
      checks.once("index");
      Objects.requireNonNull(url, "index");
      try {
        URI uri = new URI(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          throw new URISyntaxException(url, "not an http or https URL");
        }
      } catch (URISyntaxException e) {
        throw new InvalidInputException(
            "the package index must be an http or https URL such as https://pypi.org/simple/, was "
                + url);
      }
      this.index = url;
      return this;
    }

    /**
     * Sets a folder of wheels as the source ({@code pip --find-links}); builds that use it have no
     * network at all.
     *
     * @param folder a folder holding {@code .whl} files
     * @return this builder
     */
    public Builder findLinks(Path folder) {
      checks.once("findLinks");
      this.findLinks = Objects.requireNonNull(folder, "findLinks");
      return this;
    }

    /**
     * Adds packages every session starts with.
     *
     * @param requirements names with optional versions, such as {@code lifelines==0.27.8}
     * @return this builder
     * @throws InvalidInputException if one is not a name with an optional version
     */
    public Builder require(String... requirements) {
      for (String r : requirements) {
        required.add(Requirement.parse(r).toString());
      }
      return this;
    }

    /**
     * Sets whether an allowed package a cell imports is installed.
     *
     * @param install whether to install
     * @return this builder
     */
    public Builder installOnImport(boolean install) {
      checks.once("installOnImport");
      this.installOnImport = install;
      return this;
    }

    /**
     * Sets how long building an environment may take.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder buildTimeout(Duration timeout) {
      checks.once("buildTimeout");
      this.buildTimeout = OptionChecks.positive(timeout, "buildTimeout");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws IllegalStateException if both {@code index} and {@code findLinks} were set
     */
    public PackageOptions build() {
      if (index != null && findLinks != null) {
        throw new IllegalStateException(
            "PackageOptions takes one source: set index or findLinks, not both");
      }
      return new PackageOptions(this);
    }

    private static String pattern(String p, String option) {
      OptionChecks.text(p, option);
      String s = p.strip();
      if (!s.matches("\\*|[A-Za-z0-9][A-Za-z0-9._-]*\\*?")) {
        throw new IllegalArgumentException(
            option + " must be a distribution name, a prefix ending in * or *, was " + p);
      }
      return s.endsWith("*")
          ? Requirement.normalize(s.substring(0, s.length() - 1)) + "*"
          : Requirement.normalize(s);
    }
  }
}
