package io.kosmos.core.team.offline;

import io.kosmos.api.Agents;
import io.kosmos.api.InvalidInputException;
import io.kosmos.core.internal.stats.Synonyms;
import io.kosmos.core.validation.StatisticalValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The offline statistical scientist: a team of {@link Agents} that does real, deterministic
 * discovery on tabular data (CSV, TSV, Excel) with no language model. It is the default team of
 * {@code Kosmos.workflow()} and of {@code kosmos run}.
 *
 * <pre>{@code
 * try (ResearchWorkflow workflow = Kosmos.workflow()
 *         .objective("What drives disease progression in this cohort?")
 *         .dataset(Path.of("diabetes.csv"), dictionary)
 *         .executor(DockerSandboxExecutor.create())
 *         .agents(OfflineScientist.builder().fdr(0.05).build().team())   // or leave it out
 *         .build()) {
 *     workflow.run(5, 10);
 * }
 * }</pre>
 *
 * <p>What the team does, cycle by cycle: the planner profiles each dataset in the sandbox and
 * matches the objective's words against column names and dictionary descriptions to find the
 * outcome; it screens pairs of variables (the outcome's first) with the right test for each pair of
 * variable kinds, then follows up validated associations (confounders, robustness, non-linearity,
 * subgroups, a joint model). Every test runs as Python in the sandbox, cell by cell, in the task's
 * notebook, and is recorded for the run-wide false discovery rate. The {@link StatisticalValidator}
 * judges each finding and revises them all at the end of each cycle. The report writer's synthesis
 * cites every finding it uses. The report names the team: {@value #DESCRIPTION}.
 *
 * <p>Roles are thread-safe and keep no state between calls: what one task records for the false
 * discovery rate reaches the validator as the task's notes, through the engine. One instance may
 * serve several runs.
 */
public final class OfflineScientist {

  /** What {@link Agents#description()} says, and so the report and {@code run.json}. */
  public static final String DESCRIPTION = "offline statistical scientist (no language model)";

  /** The default largest dataset {@link #inspect} accepts: 256 MiB. */
  public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

  private final Options options;
  private final StatisticalValidator validator;

  private OfflineScientist(Options options) {
    this.options = options;
    this.validator =
        StatisticalValidator.builder()
            .fdr(options.fdr())
            .alpha(options.alpha())
            .minN(options.minN())
            .build();
  }

  /**
   * The team with the default options.
   *
   * @return the agents
   */
  public static Agents agents() {
    return builder().build().team();
  }

  /**
   * Starts a builder for a scientist with other options.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * This scientist's team.
   *
   * @return the agents
   */
  public Agents team() {
    return new Agents(
        DESCRIPTION,
        new OfflinePlanner(options),
        new OfflineReviewer(options),
        new OfflineAnalyst(options),
        new OfflineLiteratureAnalyst(),
        validator,
        new OfflineReportWriter(options));
  }

  /**
   * This scientist's validator, the one its team uses.
   *
   * @return the validator
   */
  public StatisticalValidator validator() {
    return validator;
  }

  /**
   * Checks a data file before a run, on the host, and says what is wrong in words a user can act
   * on: a missing file, an unsupported type (and which are supported), a file over the size limit
   * (and how to raise it), an empty file or one with a header and no rows, and, for CSV and TSV, a
   * sample of rows in which no column can be tested (every column an identifier, free text,
   * constant or empty). The sandbox profile made during the run is what inference uses; this only
   * refuses data that cannot work.
   *
   * @param file the data file
   * @param dictionary column descriptions (may be empty)
   * @param maxBytes the largest file accepted
   * @return warnings that do not stop a run (a dictionary naming columns the file does not have,
   *     columns that will be set aside)
   * @throws InvalidInputException if the file cannot be analysed
   */
  public static List<String> inspect(Path file, Map<String, String> dictionary, long maxBytes) {
    if (!Files.exists(file)) {
      throw new InvalidInputException(file + " does not exist");
    }
    String name = file.getFileName().toString();
    try {
      long size = Files.isDirectory(file) ? 0 : Files.size(file);
      if (size > maxBytes) {
        throw new InvalidInputException(
            String.format(
                java.util.Locale.ROOT,
                "%s is %s, over the size limit of %s; raise the limit with --max-data-size (for"
                    + " example --max-data-size %dm) or give a sample of the data",
                name,
                bytes(size),
                bytes(maxBytes),
                Math.max(1, (size >> 20) + 1)));
      }
      if (size == 0 && !Files.isDirectory(file)) {
        throw new InvalidInputException(name + " is empty (0 bytes)");
      }
    } catch (java.io.IOException e) {
      throw new InvalidInputException(name + " cannot be read: " + e.getMessage(), e);
    }
    TableHeader.Table table = TableHeader.read(file, TableHeader.SAMPLE_ROWS);
    List<String> warnings = new ArrayList<>();
    Set<String> columns = new HashSet<>(table.columns());
    Set<String> unknown = new TreeSet<>(dictionary.keySet());
    unknown.removeAll(columns);
    if (!unknown.isEmpty()) {
      warnings.add(
          "the data dictionary names column(s) "
              + name
              + " does not have (ignored): "
              + String.join(", ", unknown));
    }
    Set<String> seen = new HashSet<>();
    for (String c : table.columns()) {
      if (!seen.add(c)) {
        warnings.add(
            name + " has two columns named '" + c + "'; the second is read as '" + c + ".1'");
      }
    }
    if (table.sampled()) {
      Map<String, String> aside = TableHeader.setAside(table);
      if (aside.size() >= table.columns().size()) {
        List<String> parts = new ArrayList<>();
        aside.forEach((k, v) -> parts.add(k + " (" + v + ")"));
        throw new InvalidInputException(
            name
                + " has no usable columns: "
                + String.join("; ", parts)
                + ". Kosmos tests numeric, binary and categorical"
                + " columns; identifiers, free text, dates and constant columns are set aside.");
      }
      if (table.columns().size() - aside.size() < 2) {
        throw new InvalidInputException(
            name
                + " has only one usable column ("
                + String.join(
                    ", ", table.columns().stream().filter(c -> !aside.containsKey(c)).toList())
                + "); testing associations needs at least two");
      }
      if (!aside.isEmpty()) {
        List<String> parts = new ArrayList<>();
        aside.forEach((k, v) -> parts.add(k + " (" + v + ")"));
        warnings.add(name + ": column(s) likely to be set aside: " + String.join("; ", parts));
      }
    }
    return warnings;
  }

  private static String bytes(long n) {
    if (n >= 1L << 30) {
      return String.format(java.util.Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
    }
    if (n >= 1L << 20) {
      return String.format(java.util.Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
    }
    return String.format(java.util.Locale.ROOT, "%.1f KiB", n / 1024.0);
  }

  /**
   * Builds an {@link OfflineScientist}, following the builder convention of {@code
   * WorkflowBuilder}: each option may be set once (setting it again throws {@link
   * IllegalStateException} naming it), and a value out of range throws {@link
   * IllegalArgumentException} when it is set, naming the option and the value.
   *
   * <p>Defaults: fdr 0.05, alpha 0.05, minN 20, permutations 1,000, bootstrap 1,000,
   * robustnessResamples 2,000, pairsPerTask 12, followUpsPerTask 4, maxConfounders 3, seed 0, the
   * shipped synonym table (gender and sex, income and earnings, socioeconomic status and SES ...).
   */
  public static final class Builder {
    private Double fdr;
    private Double alpha;
    private Integer minN;
    private Integer permutations;
    private Integer bootstrap;
    private Integer robustnessResamples;
    private Integer pairsPerTask;
    private Integer followUpsPerTask;
    private Integer maxConfounders;
    private Long seed;
    private Map<String, List<String>> synonyms;

    private Builder() {}

    private static void requireUnset(Object value, String option) {
      if (value != null) {
        throw new IllegalStateException(option + " was already set; set each option once");
      }
    }

    private static double unit(double v, String option) {
      if (!(v > 0 && v < 1)) {
        throw new IllegalArgumentException(option + " must be above 0 and below 1, was " + v);
      }
      return v;
    }

    private static int atLeast(int v, int min, String option) {
      if (v < min) {
        throw new IllegalArgumentException(option + " must be " + min + " or more, was " + v);
      }
      return v;
    }

    /**
     * Sets the false discovery rate q across the run (default 0.05).
     *
     * @param q above 0 and below 1
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder fdr(double q) {
      requireUnset(fdr, "fdr");
      this.fdr = unit(q, "fdr");
      return this;
    }

    /**
     * Sets the significance level for a single test: what counts as a candidate finding, and when
     * resampling checks run (default 0.05).
     *
     * @param alpha above 0 and below 1
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder alpha(double alpha) {
      requireUnset(this.alpha, "alpha");
      this.alpha = unit(alpha, "alpha");
      return this;
    }

    /**
     * Sets the fewest observations a finding may rest on (default 20).
     *
     * @param n 3 or more
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder minN(int n) {
      requireUnset(minN, "minN");
      this.minN = atLeast(n, 3, "minN");
      return this;
    }

    /**
     * Sets the permutations of the null run on the real data for each screening result with p below
     * alpha (default 1,000).
     *
     * @param count 100 or more
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder permutations(int count) {
      requireUnset(permutations, "permutations");
      this.permutations = atLeast(count, 100, "permutations");
      return this;
    }

    /**
     * Sets the bootstrap resamples of each screening result's confidence interval (default 1,000).
     *
     * @param count 100 or more
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder bootstrap(int count) {
      requireUnset(bootstrap, "bootstrap");
      this.bootstrap = atLeast(count, 100, "bootstrap");
      return this;
    }

    /**
     * Sets the resamples and permutations of a robustness follow-up (default 2,000).
     *
     * @param count 100 or more
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder robustnessResamples(int count) {
      requireUnset(robustnessResamples, "robustnessResamples");
      this.robustnessResamples = atLeast(count, 100, "robustnessResamples");
      return this;
    }

    /**
     * Sets how many pairs one screening task tests (default 12).
     *
     * @param count 1 or more
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder pairsPerTask(int count) {
      requireUnset(pairsPerTask, "pairsPerTask");
      this.pairsPerTask = atLeast(count, 1, "pairsPerTask");
      return this;
    }

    /**
     * Sets how many associations one follow-up task examines (default 4).
     *
     * @param count 1 or more
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder followUpsPerTask(int count) {
      requireUnset(followUpsPerTask, "followUpsPerTask");
      this.followUpsPerTask = atLeast(count, 1, "followUpsPerTask");
      return this;
    }

    /**
     * Sets the most candidate confounders adjusted for at once (default 3).
     *
     * @param count 1 or more
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder maxConfounders(int count) {
      requireUnset(maxConfounders, "maxConfounders");
      this.maxConfounders = atLeast(count, 1, "maxConfounders");
      return this;
    }

    /**
     * Sets a seed mixed into every random procedure's seed with the task id and the variables
     * (default 0). Runs with the same seed, data and options give the same numbers.
     *
     * @param seed any value
     * @return this builder
     * @throws IllegalStateException if it was already set
     */
    public Builder seed(long seed) {
      requireUnset(this.seed, "seed");
      this.seed = seed;
      return this;
    }

    /**
     * Adds words that name the same thing to the synonym table the question is read with: each
     * entry names a word and the words or phrases that mean the same ({@code "turnover" ->
     * ["revenue", "sales"]}), so that "Does revenue depend on staff?" finds a column named {@code
     * turnover}. The shipped table (gender and sex, income and earnings, socioeconomic status and
     * SES, mortality and death, readmission and readmitted ...) stays; a data dictionary is the
     * other way to say what a column means.
     *
     * @param groups word to its synonyms; no word or synonym may be blank
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @throws IllegalArgumentException if a word or synonym is blank
     */
    public Builder synonyms(Map<String, ? extends java.util.Collection<String>> groups) {
      requireUnset(synonyms, "synonyms");
      Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
      groups.forEach(
          (word, others) -> {
            if (word == null
                || word.isBlank()
                || others.stream().anyMatch(o -> o == null || o.isBlank())) {
              throw new IllegalArgumentException(
                  "synonyms must name non-blank words, was " + word + " -> " + others);
            }
            copy.put(word, List.copyOf(others));
          });
      this.synonyms = copy;
      return this;
    }

    /**
     * Builds the scientist. Every value was checked when it was set, so this cannot fail.
     *
     * @return the scientist
     */
    public OfflineScientist build() {
      Options d = Options.DEFAULTS;
      return new OfflineScientist(
          new Options(
              fdr != null ? fdr : d.fdr(),
              alpha != null ? alpha : d.alpha(),
              minN != null ? minN : d.minN(),
              permutations != null ? permutations : d.permutations(),
              bootstrap != null ? bootstrap : d.bootstrap(),
              robustnessResamples != null ? robustnessResamples : d.robustnessResamples(),
              pairsPerTask != null ? pairsPerTask : d.pairsPerTask(),
              followUpsPerTask != null ? followUpsPerTask : d.followUpsPerTask(),
              maxConfounders != null ? maxConfounders : d.maxConfounders(),
              seed != null ? seed : d.seed(),
              synonyms != null ? Synonyms.withExtra(synonyms) : d.synonyms()));
    }
  }
}
