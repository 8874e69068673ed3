package io.kosmos.cli;

import io.kosmos.api.Agents;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.Validator;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.llm.LanguageModels;
import io.kosmos.core.llm.ModelConfig;
import io.kosmos.core.llm.ReplayModel;
import io.kosmos.core.team.llm.LlmAgents;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The language model options of the commands that run research ({@code kosmos run}, {@code kosmos
 * resume}): which model, whether to use one at all, record and replay, and the budget. Mix it into
 * a command with {@code @Mixin ModelOptions model;} and ask {@link #languageModelAgents} for the
 * team: the language model agents when a model is configured (by these options or the environment)
 * and {@code --offline} is not given, nothing otherwise, in which case the command uses the offline
 * statistical scientist.
 *
 * <pre>{@code
 * Budget budget = model.budget();
 * Agents agents =
 *     ModelOptions.languageModelAgents(System.getenv(), model, budget, StatisticalValidator.create())
 *         .orElseGet(OfflineScientist::agents);
 * Kosmos.workflow()...agents(agents).budget(budget)...
 * }</pre>
 *
 * <p>{@link RunCommand#chooseAgents} does exactly this for {@code kosmos run}.
 */
public final class ModelOptions {

  @Option(
      names = "--provider",
      paramLabel = "NAME",
      description =
          "Language model provider: anthropic or openai (vllm, ollama and lmstudio mean openai)."
              + " Default: from KOSMOS_PROVIDER, or whichever of ANTHROPIC_API_KEY, OPENAI_API_KEY"
              + " and OPENAI_BASE_URL is set.")
  String provider;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description =
          "The provider's model name. Default: KOSMOS_MODEL, else the provider's default.")
  String model;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description =
          "Where the model's API is, for example http://localhost:11434/v1 for Ollama. Default:"
              + " ANTHROPIC_BASE_URL or OPENAI_BASE_URL, else the provider's.")
  String baseUrl;

  @Option(
      names = "--offline",
      description = "Use the offline statistical scientist even if a language model is configured.")
  boolean offline;

  @Option(
      names = "--record",
      paramLabel = "FILE",
      description =
          "Record every language model exchange to FILE (JSON Lines, no keys), to replay the run"
              + " later.")
  Path record;

  @Option(
      names = "--replay",
      paramLabel = "FILE",
      description =
          "Answer every language model call from a recording made with --record; no network and"
              + " no key needed.")
  Path replay;

  @Option(
      names = "--budget-usd",
      paramLabel = "USD",
      description = "Stop the run cleanly once the language model has cost this much.")
  Double budgetUsd;

  @Option(
      names = "--budget-tokens",
      paramLabel = "N",
      description = "Stop the run cleanly once the language model has used this many tokens.")
  Long budgetTokens;

  @Option(
      names = "--prompts",
      paramLabel = "DIR",
      description =
          "A folder of prompt files that replace the shipped ones of the same name (see"
              + " docs/llm-agents.md).")
  Path prompts;

  /**
   * The run's budget, from {@code --budget-usd} and {@code --budget-tokens}; without either, an
   * unlimited budget that still counts what the run spends.
   *
   * @return the budget
   * @throws InvalidInputException if a limit is not positive
   */
  public Budget budget() {
    if (budgetUsd == null && budgetTokens == null) {
      return Budget.unlimited();
    }
    Budget.Builder b = Budget.builder();
    if (budgetUsd != null) {
      if (!(budgetUsd > 0)) {
        throw new InvalidInputException("--budget-usd must be above 0, was " + budgetUsd);
      }
      b.maxUsd(budgetUsd);
    }
    if (budgetTokens != null) {
      if (budgetTokens < 1) {
        throw new InvalidInputException("--budget-tokens must be 1 or more, was " + budgetTokens);
      }
      b.maxTokens(budgetTokens);
    }
    return b.build();
  }

  /**
   * The language model team, if a model is configured and {@code --offline} is not given.
   *
   * @param env the environment, for example {@link System#getenv()}
   * @param options the command's options
   * @param budget the run's budget (give the workflow the same one)
   * @return the team, or empty for the offline scientist
   * @throws InvalidInputException if the options or the environment are inconsistent: {@code
   *     --offline} with a model option, {@code --record} with {@code --replay}, a replay file that
   *     does not exist, a provider without its key (the message names the variable to set)
   */
  public static Optional<Agents> languageModelAgents(
      Map<String, String> env, ModelOptions options, Budget budget) {
    return languageModelAgents(env, options, budget, null);
  }

  /**
   * The language model team, with a statistical validator combined with ScholarEval.
   *
   * @param env the environment
   * @param options the command's options
   * @param budget the run's budget
   * @param statistical the statistical validator, or {@code null} for ScholarEval alone
   * @return the team, or empty for the offline scientist
   */
  public static Optional<Agents> languageModelAgents(
      Map<String, String> env, ModelOptions options, Budget budget, Validator statistical) {
    Optional<LanguageModel> model = options.languageModel(env).map(options::metered);
    if (model.isEmpty()) {
      return Optional.empty();
    }
    LlmAgents.Builder b = LlmAgents.builder(model.get()).budget(budget);
    if (statistical != null) {
      b.statisticalValidator(statistical);
    }
    if (options.prompts != null) {
      b.promptsDirectory(options.prompts);
    }
    scholarEvalWeights(env).forEach(b::scholarEvalWeight);
    try {
      return Optional.of(b.build());
    } catch (InvalidInputException e) {
      throw new InvalidInputException("--prompts " + options.prompts + ": " + e.getMessage(), e);
    }
  }

  /** Where model calls are metered, if anywhere: set by the command, not an option. */
  MeterRegistry meterRegistry;

  private LanguageModel metered(LanguageModel model) {
    return meterRegistry == null ? model : LanguageModels.metered(model, meterRegistry);
  }

  /** Name of the variable that overrides ScholarEval's weights, for example to replay a run. */
  static final String SCHOLAR_EVAL_WEIGHTS = "KOSMOS_SCHOLAR_EVAL_WEIGHTS";

  /**
   * ScholarEval weights from {@value #SCHOLAR_EVAL_WEIGHTS} ({@code rigor=0.25,impact=0.2,...});
   * dimensions it leaves out keep their default. A recording replays the same verdicts only with
   * the weights it was recorded under, since the judge's later prompts list earlier verdicts.
   */
  static java.util.Map<String, Double> scholarEvalWeights(Map<String, String> env) {
    String text = env.get(SCHOLAR_EVAL_WEIGHTS);
    java.util.Map<String, Double> weights = new java.util.LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return weights;
    }
    for (String item : text.split(",")) {
      String[] kv = item.split("=", 2);
      String dimension = kv[0].strip();
      try {
        if (kv.length != 2
            || !io.kosmos.core.validation.ScholarEvalValidator.DIMENSIONS.contains(dimension)) {
          throw new NumberFormatException();
        }
        weights.put(dimension, Double.parseDouble(kv[1].strip()));
      } catch (NumberFormatException e) {
        throw new InvalidInputException(
            SCHOLAR_EVAL_WEIGHTS
                + " has '"
                + item.strip()
                + "'; write dimension=weight pairs separated by commas, with dimensions from "
                + io.kosmos.core.validation.ScholarEvalValidator.DIMENSIONS,
            e);
      }
    }
    return weights;
  }

  /**
   * The model these options and the environment ask for, recording or replaying as asked.
   *
   * @param env the environment
   * @return the model, or empty when none is configured or {@code --offline} is given
   */
  Optional<LanguageModel> languageModel(Map<String, String> env) {
    if (offline) {
      if (provider != null
          || model != null
          || baseUrl != null
          || record != null
          || replay != null) {
        throw new InvalidInputException(
            "--offline uses no language model; leave out --provider, --model, --base-url,"
                + " --record and --replay, or drop --offline");
      }
      return Optional.empty();
    }
    if (record != null && replay != null) {
      throw new InvalidInputException(
          "--record and --replay cannot be used together: record a run once, then replay it");
    }
    if (replay != null) {
      if (!Files.isRegularFile(replay)) {
        throw new InvalidInputException(
            "the recording " + replay + " given to --replay does not exist");
      }
      return Optional.of(ReplayModel.load(replay));
    }
    Optional<ModelConfig> config = ModelConfig.resolve(env, provider, model, baseUrl);
    if (config.isEmpty()) {
      if (model != null) {
        throw new InvalidInputException(
            "--model "
                + model
                + " was given but no provider is configured: add --provider, or set"
                + " ANTHROPIC_API_KEY, OPENAI_API_KEY or OPENAI_BASE_URL");
      }
      return Optional.empty();
    }
    LanguageModel client = config.get().newModel();
    if (record != null) {
      Path parent = record.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new InvalidInputException(
            "the folder of the --record file " + record + " does not exist");
      }
      return Optional.of(LanguageModels.recording(client, record));
    }
    return Optional.of(client);
  }

  /**
   * Says which language model a run with these options would use, and why, for the command's second
   * line (the first names the team). Never shows the key.
   *
   * @param env the environment
   * @return for example {@code language model: anthropic (model claude-sonnet-4-5, ...)}, {@code no
   *     language model: --offline} or {@code no language model configured (set ...)}
   */
  public String describe(Map<String, String> env) {
    if (offline) {
      return "no language model: --offline";
    }
    if (replay != null) {
      return "language model: replayed from " + replay + " (no network, no key)";
    }
    Optional<ModelConfig> config = ModelConfig.resolve(env, provider, model, baseUrl);
    return config
        .map(
            c ->
                "language model: "
                    + c.describe()
                    + (record != null ? "; recorded to " + record : ""))
        .orElse(
            "no language model configured (set ANTHROPIC_API_KEY, OPENAI_API_KEY or"
                + " OPENAI_BASE_URL, or give --provider, to use one)");
  }

  /**
   * Whether a model option was given on the command line ({@code --provider}, {@code --model},
   * {@code --base-url}, {@code --record} or {@code --replay}), as opposed to a model configured
   * only by the environment.
   *
   * @return whether one was given
   */
  boolean namesModel() {
    return provider != null || model != null || baseUrl != null || record != null || replay != null;
  }

  /**
   * Whether {@code --offline} was given.
   *
   * @return whether it was
   */
  boolean offline() {
    return offline;
  }
}
