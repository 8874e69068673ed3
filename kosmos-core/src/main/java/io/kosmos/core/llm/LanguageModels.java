package io.kosmos.core.llm;

import io.kosmos.api.LanguageModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where language models come from: the environment, and the decorators that add a budget, metrics
 * and recording to any {@link LanguageModel}.
 *
 * <pre>{@code
 * Budget budget = Budget.ofUsd(10);
 * Optional<LanguageModel> model = LanguageModels.fromEnvironment()
 *     .map(m -> LanguageModels.recording(m, runDir.resolve("llm.jsonl")))
 *     .map(m -> LanguageModels.budgeted(m, budget));
 * }</pre>
 *
 * <p>Order matters: put {@link #budgeted} outermost so that a spent budget stops a call before it
 * is recorded or sent; replay a run with {@code budgeted(ReplayModel.load(file), budget)}.
 */
public final class LanguageModels {

  private LanguageModels() {}

  /**
   * The model the process environment configures; see {@link ModelConfig} for the variables.
   *
   * @return the model, or empty when no provider is configured
   * @throws io.kosmos.api.InvalidInputException if the environment is inconsistent
   */
  public static Optional<LanguageModel> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The model an environment configures; see {@link ModelConfig} for the variables.
   *
   * @param env the environment
   * @return the model, or empty when no provider is configured
   * @throws io.kosmos.api.InvalidInputException if the environment is inconsistent
   */
  public static Optional<LanguageModel> fromEnvironment(Map<String, String> env) {
    return ModelConfig.fromEnvironment(env).map(ModelConfig::newModel);
  }

  /**
   * Checks a budget before each call and counts each call in it.
   *
   * @param model the model
   * @param budget the budget
   * @return the budgeted model
   */
  public static LanguageModel budgeted(LanguageModel model, Budget budget) {
    return new BudgetedModel(
        Objects.requireNonNull(model, "model"), Objects.requireNonNull(budget, "budget"));
  }

  /**
   * Reports each call to Micrometer, named after the OpenTelemetry semantic conventions for
   * generative AI clients:
   *
   * <ul>
   *   <li>{@code gen_ai.client.operation.duration}, a timer with the conventions' buckets (10 ms
   *       doubling to 82 s), tagged {@code error.type}: {@code none}, or the exception's simple
   *       name ({@code ModelRateLimitException}, {@code BudgetExceededException} ...);
   *   <li>{@code gen_ai.client.token.usage}, a distribution of tokens per call with the
   *       conventions' buckets, tagged {@code gen_ai.token.type} {@code input} or {@code output};
   *   <li>{@code kosmos.llm.cost}, a counter of US dollars from the price table.
   * </ul>
   *
   * <p>All are tagged {@code gen_ai.operation.name} ({@code chat}), {@code gen_ai.provider.name}
   * ({@code anthropic}, {@code openai}), {@code gen_ai.request.model} and {@code kosmos.purpose}
   * (what the call is for: {@code plan}, {@code analysis-step}, {@code validation} ...).
   *
   * @param model the model
   * @param registry where to report
   * @return the metered model
   */
  public static LanguageModel metered(LanguageModel model, MeterRegistry registry) {
    return metered(model, registry, ObservationRegistry.NOOP);
  }

  /**
   * Reports each call to Micrometer as {@link #metered(LanguageModel, MeterRegistry)} does, and
   * also wraps it in an {@link io.micrometer.observation.Observation} named {@code
   * gen_ai.client.operation} (contextual name {@code chat <model>}, the conventions' span name)
   * with the same low-cardinality key values, so that an application whose observation registry
   * traces gets a span for every call beside the timer. The timer comes from this method, not from
   * the observation: do not add a meter handler to the registry for it, or the duration is counted
   * twice under two names.
   *
   * @param model the model
   * @param registry where the meters go
   * @param observations where the observations go
   * @return the metered model
   */
  public static LanguageModel metered(
      LanguageModel model, MeterRegistry registry, ObservationRegistry observations) {
    return new MeteredModel(
        Objects.requireNonNull(model, "model"),
        Objects.requireNonNull(registry, "registry"),
        Objects.requireNonNull(observations, "observations"));
  }

  /**
   * Appends every exchange to a JSON Lines file; see {@link RecordingModel}.
   *
   * @param model the model
   * @param file the file
   * @return the recording model
   */
  public static RecordingModel recording(LanguageModel model, Path file) {
    return new RecordingModel(model, file);
  }

  /**
   * Answers from a recording, with no network; see {@link ReplayModel}.
   *
   * @param file the file a {@link RecordingModel} wrote
   * @return the replaying model
   * @throws io.kosmos.api.ArtifactException if the file cannot be read
   */
  public static ReplayModel replaying(Path file) {
    return ReplayModel.load(file);
  }
}
