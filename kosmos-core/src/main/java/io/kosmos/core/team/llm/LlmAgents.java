package io.kosmos.core.team.llm;

import io.kosmos.api.Agents;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.Validator;
import io.kosmos.core.internal.agents.ModelCalls;
import io.kosmos.core.internal.agents.Prompts;
import io.kosmos.core.internal.agents.WorldText;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.llm.LanguageModels;
import io.kosmos.core.validation.CombinedValidator;
import io.kosmos.core.validation.ScholarEvalValidator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The language model team: planner, plan reviewer, data analyst, literature analyst, validator and
 * report writer, all driven by one {@link LanguageModel}, as the published Kosmos works.
 *
 * <pre>{@code
 * Budget budget = Budget.ofUsd(20);
 * LanguageModel model = LanguageModels.fromEnvironment().orElseThrow();
 * Agents agents = LlmAgents.builder(model)
 *     .budget(budget)                       // the agents' calls count against it
 *     .maxCellsPerTask(15)
 *     .statisticalValidator(statistical)    // combined with ScholarEval where statistics exist
 *     .build();
 * try (ResearchWorkflow workflow = Kosmos.workflow()
 *         .objective("What drives disease progression in this cohort?")
 *         .dataset(Path.of("diabetes.csv"))
 *         .executor(executor)
 *         .agents(agents)
 *         .budget(budget)                   // the same budget: the run stops cleanly when spent
 *         .build()) {
 *     workflow.run(5, 10);
 * }
 * }</pre>
 *
 * <p>The team's {@link Agents#description()}, which {@code run.json} and the report carry, names
 * the provider and model, the prompt set and its version (with any overridden prompt), and the
 * validator, for example {@code language model agents (anthropic claude-sonnet-4-5; prompts v2;
 * validator statistical+scholar-eval)}.
 *
 * <p>Prompts are versioned resource files ({@code io/kosmos/core/internal/agents/prompts/*.md}); a
 * directory given to {@link Builder#promptsDirectory(Path)} may replace any of them. Data profiles
 * are shared between tasks as world model notes under {@link #PROFILE_NOTE_PREFIX} followed by the
 * dataset's name: the analyst reads them, and writes one when it profiled a dataset that had none.
 */
public final class LlmAgents {

  /**
   * The prefix of the world model notes that hold a dataset's profile ({@code
   * profile:diabetes.csv}): rows, columns with types, missing values and ranges, as text. Any
   * analyst (offline or language model) may write one; the language model agents put it in their
   * prompts.
   */
  public static final String PROFILE_NOTE_PREFIX = WorldText.PROFILE_NOTE_PREFIX;

  /**
   * How the team's {@link Agents#description()} starts, so that a program reading {@code run.json}
   * can tell a language model run from an offline one.
   */
  public static final String DESCRIPTION_PREFIX = "language model agents (";

  /** Default most cells a data-analysis task runs. */
  public static final int DEFAULT_MAX_CELLS = 12;

  /** Default most failed cells in a row (fix attempts) before an analysis stops. */
  public static final int DEFAULT_MAX_REPAIRS = 3;

  private LlmAgents() {}

  /**
   * Starts a builder.
   *
   * @param model the model every agent uses
   * @return a new builder
   */
  public static Builder builder(LanguageModel model) {
    return new Builder(model);
  }

  /**
   * The version of the shipped prompt set.
   *
   * @return for example {@code prompts v2}
   */
  public static String promptSet() {
    return Prompts.builtIn().describe();
  }

  /**
   * Builds the language model team. Each option may be set once: setting it again fails with {@link
   * IllegalStateException} naming it. A value out of range fails at once with {@link
   * IllegalArgumentException} naming the option and the value; a prompt override that cannot be
   * used fails when the team is built, with {@link io.kosmos.api.InvalidInputException}.
   */
  public static final class Builder {
    private final LanguageModel model;
    private Integer maxCells;
    private Integer maxRepairs;
    private Duration timeReserve;
    private Double temperature;
    private Integer maxTokens;
    private Double minOverall;
    private Double minRigor;
    private final ScholarEvalValidator.Builder scholar;
    private Validator statistical;
    private Path promptsDirectory;
    private Budget budget;
    private int[] literature;
    private Integer maxStatements;

    private Builder(LanguageModel model) {
      this.model = Objects.requireNonNull(model, "model");
      this.scholar = ScholarEvalValidator.builder(model);
    }

    /**
     * Sets the most cells a data-analysis task runs, fixes included (default {@value
     * #DEFAULT_MAX_CELLS}).
     *
     * @param count 1 or more
     * @return this builder
     */
    public Builder maxCellsPerTask(int count) {
      requireUnset(maxCells, "maxCellsPerTask");
      if (count < 1) {
        throw new IllegalArgumentException("maxCellsPerTask must be 1 or more, was " + count);
      }
      this.maxCells = count;
      return this;
    }

    /**
     * Sets how many failed cells in a row the analyst may try to fix before the analysis stops
     * (default {@value #DEFAULT_MAX_REPAIRS}).
     *
     * @param count 0 or more
     * @return this builder
     */
    public Builder maxRepairsPerCell(int count) {
      requireUnset(maxRepairs, "maxRepairsPerCell");
      if (count < 0) {
        throw new IllegalArgumentException("maxRepairsPerCell must be 0 or more, was " + count);
      }
      this.maxRepairs = count;
      return this;
    }

    /**
     * Sets the time an analysis keeps in reserve: no new cell starts when less of the task's time
     * is left (default 1 minute).
     *
     * @param reserve 0 or more
     * @return this builder
     */
    public Builder analysisTimeReserve(Duration reserve) {
      requireUnset(timeReserve, "analysisTimeReserve");
      Objects.requireNonNull(reserve, "reserve");
      if (reserve.isNegative()) {
        throw new IllegalArgumentException(
            "analysisTimeReserve cannot be negative, was " + reserve);
      }
      this.timeReserve = reserve;
      return this;
    }

    /**
     * Sets the sampling temperature of every call; unset, the provider's default is used (some
     * reasoning models accept no other).
     *
     * @param temperature from 0 to 2
     * @return this builder
     */
    public Builder temperature(double temperature) {
      requireUnset(this.temperature, "temperature");
      if (!(temperature >= 0 && temperature <= 2)) {
        throw new IllegalArgumentException(
            "temperature must be between 0 and 2, was " + temperature);
      }
      this.temperature = temperature;
      scholar.temperature(temperature);
      return this;
    }

    /**
     * Sets the output token limit of every call (default 4096, and 8192 for the analyst's findings
     * and the report's synthesis, whose answers are long).
     *
     * @param tokens 1 or more
     * @return this builder
     */
    public Builder maxTokens(int tokens) {
      requireUnset(maxTokens, "maxTokens");
      if (tokens < 1) {
        throw new IllegalArgumentException("maxTokens must be 1 or more, was " + tokens);
      }
      this.maxTokens = tokens;
      scholar.maxTokens(tokens);
      return this;
    }

    /**
     * Sets the weight of a ScholarEval dimension (defaults: rigor 0.25, impact 0.20, novelty 0.15,
     * reproducibility 0.15, clarity 0.10, coherence 0.10, limitations 0.03, ethics 0.02).
     *
     * @param dimension one of {@link ScholarEvalValidator#DIMENSIONS}
     * @param weight 0 or more
     * @return this builder
     */
    public Builder scholarEvalWeight(String dimension, double weight) {
      scholar.weight(dimension, weight);
      return this;
    }

    /**
     * Sets the ScholarEval pass thresholds (defaults 0.75 overall, 0.70 rigor).
     *
     * @param minOverall lowest overall score that passes, from 0 to 1
     * @param minRigor lowest rigor score that passes, from 0 to 1
     * @return this builder
     */
    public Builder scholarEvalThresholds(double minOverall, double minRigor) {
      requireUnset(this.minOverall, "scholarEvalThresholds");
      scholar.thresholds(minOverall, minRigor);
      this.minOverall = minOverall;
      this.minRigor = minRigor;
      return this;
    }

    /**
     * Sets the statistical validator that judges findings with statistics together with ScholarEval
     * ({@link CombinedValidator}), and reassesses the run (Benjamini–Hochberg). Unset, ScholarEval
     * judges alone and nothing is reassessed.
     *
     * @param validator the statistical validator
     * @return this builder
     */
    public Builder statisticalValidator(Validator validator) {
      requireUnset(statistical, "statisticalValidator");
      this.statistical = Objects.requireNonNull(validator, "validator");
      return this;
    }

    /**
     * Sets a directory of prompt files that replace the shipped ones of the same name ({@code
     * planner.user.md}, {@code analyst.system.md}, ...). Each needs front matter with a {@code
     * version}, and may use only its prompt's variables; the description names every override.
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder promptsDirectory(Path dir) {
      requireUnset(promptsDirectory, "promptsDirectory");
      this.promptsDirectory = Objects.requireNonNull(dir, "dir");
      scholar.promptsDirectory(dir);
      return this;
    }

    /**
     * Counts every call of the team against a budget. Give the workflow the same budget ({@code
     * WorkflowBuilder.budget}) so that it stops cleanly when the budget is spent and records the
     * usage. Leave unset if the model given to the builder is already budgeted.
     *
     * @param budget the budget
     * @return this builder
     */
    public Builder budget(Budget budget) {
      requireUnset(this.budget, "budget");
      this.budget = Objects.requireNonNull(budget, "budget");
      scholar.budget(budget);
      return this;
    }

    /**
     * Sets the literature analyst's limits (defaults 3 queries, 5 papers per query and source, 15
     * papers shown to the model).
     *
     * @param maxQueries most search queries, 1 or more
     * @param papersPerQuery most papers asked of each source per query, 1 or more
     * @param maxPapers most papers shown to the model, 1 or more
     * @return this builder
     */
    public Builder literatureLimits(int maxQueries, int papersPerQuery, int maxPapers) {
      requireUnset(literature, "literatureLimits");
      if (maxQueries < 1 || papersPerQuery < 1 || maxPapers < 1) {
        throw new IllegalArgumentException(
            "literature limits must be 1 or more, were "
                + maxQueries
                + ", "
                + papersPerQuery
                + " and "
                + maxPapers);
      }
      this.literature = new int[] {maxQueries, papersPerQuery, maxPapers};
      return this;
    }

    /**
     * Sets the most statements the report's synthesis may have (default 12).
     *
     * @param count 1 or more
     * @return this builder
     */
    public Builder maxReportStatements(int count) {
      requireUnset(maxStatements, "maxReportStatements");
      if (count < 1) {
        throw new IllegalArgumentException("maxReportStatements must be 1 or more, was " + count);
      }
      this.maxStatements = count;
      return this;
    }

    /**
     * Builds the team.
     *
     * @return the agents
     * @throws io.kosmos.api.InvalidInputException if the prompts directory does not exist, or a
     *     prompt override in it is malformed or uses an unknown variable
     * @throws IllegalStateException if every ScholarEval weight was set to 0
     */
    public Agents build() {
      Prompts prompts = prompts(promptsDirectory);
      LanguageModel m = budget == null ? model : LanguageModels.budgeted(model, budget);
      ModelCalls calls =
          new ModelCalls(
              m,
              prompts,
              temperature,
              maxTokens == null ? ModelCalls.DEFAULT_MAX_TOKENS : maxTokens,
              maxTokens == null ? ModelCalls.DEFAULT_LONG_MAX_TOKENS : maxTokens);
      ScholarEvalValidator judge = scholar.build();
      Validator validator = statistical == null ? judge : CombinedValidator.of(statistical, judge);
      int[] lit = literature == null ? new int[] {3, 5, 15} : literature;
      String validatorName =
          statistical == null
              ? ScholarEvalValidator.NAME
              : "statistical+" + ScholarEvalValidator.NAME;
      String description =
          DESCRIPTION_PREFIX
              + model.provider()
              + " "
              + model.model()
              + "; "
              + prompts.describe()
              + "; validator "
              + validatorName
              + ")";
      return new Agents(
          description,
          new LlmPlanCreator(calls),
          new LlmPlanReviewer(calls),
          new LlmDataAnalyst(
              calls,
              new LlmDataAnalyst.Limits(
                  maxCells == null ? DEFAULT_MAX_CELLS : maxCells,
                  maxRepairs == null ? DEFAULT_MAX_REPAIRS : maxRepairs,
                  timeReserve == null ? Duration.ofMinutes(1) : timeReserve,
                  4_000,
                  60_000),
              Judging.describe(statistical, judge.minOverall(), judge.minRigor())),
          new LlmLiteratureAnalyst(calls, new LlmLiteratureAnalyst.Limits(lit[0], lit[1], lit[2])),
          validator,
          new LlmReportWriter(calls, maxStatements == null ? 12 : maxStatements));
    }

    // A prompt override is the user's own file: when it cannot be used, say so as bad input, as a
    // missing dataset is, so that a command line reports it without a stack trace.
    private static Prompts prompts(Path overrides) {
      if (overrides == null) {
        return Prompts.builtIn();
      }
      try {
        return Prompts.load(overrides);
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        throw new io.kosmos.api.InvalidInputException(e.getMessage(), e);
      }
    }

    private static void requireUnset(Object value, String option) {
      if (value != null) {
        throw new IllegalStateException(option + " was already set; set each option once");
      }
    }
  }
}
