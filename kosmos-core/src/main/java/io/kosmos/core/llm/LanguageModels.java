package io.kosmos.core.llm;

import io.kosmos.api.LanguageModel;
import io.micrometer.core.instrument.MeterRegistry;
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
   * Reports each call to Micrometer: counters {@code kosmos.llm.tokens} (tag {@code type} input or
   * output), {@code kosmos.llm.cost} (US dollars) and {@code kosmos.llm.calls} (tag {@code
   * outcome}: {@code success} or the exception's simple name), and the timer {@code
   * kosmos.llm.latency}; all tagged with {@code provider}, {@code model} and {@code purpose}.
   *
   * @param model the model
   * @param registry where to report
   * @return the metered model
   */
  public static LanguageModel metered(LanguageModel model, MeterRegistry registry) {
    return new MeteredModel(
        Objects.requireNonNull(model, "model"), Objects.requireNonNull(registry, "registry"));
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
