package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.InvalidInputException;
import io.kosmos.core.fixtures.ScriptedModel;
import io.kosmos.core.http.TransportOptions;
import io.kosmos.core.literature.ArxivSource;
import io.kosmos.core.literature.PubMedSource;
import io.kosmos.core.literature.SemanticScholarSource;
import io.kosmos.core.llm.AnthropicModel;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.llm.ModelConfig;
import io.kosmos.core.llm.OpenAiCompatibleModel;
import io.kosmos.core.llm.PriceTable;
import io.kosmos.core.team.llm.LlmAgents;
import io.kosmos.core.validation.ScholarEvalValidator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every builder of kosmos-core follows the convention of {@code docs/contributing.md}: setting an
 * option twice fails with {@link IllegalStateException} naming it, a bad value fails when it is set
 * with {@link IllegalArgumentException} naming the option and the value, and {@code build()} checks
 * what no setter can know. ({@link TransportOptions} has its own test over every option.)
 */
class BuilderConventionTest {

  @TempDir Path dir;

  static Stream<Arguments> options() {
    return Stream.of(
        twice(
            "Kosmos.workflow()",
            "maxConcurrentTasks",
            Kosmos::workflow,
            b -> b.maxConcurrentTasks(2)),
        twice(
            "Kosmos.workflow()",
            "cellTimeout",
            Kosmos::workflow,
            b -> b.cellTimeout(Duration.ofSeconds(1))),
        twice("AnthropicModel", "apiKey", AnthropicModel::builder, b -> b.apiKey("k")),
        twice("AnthropicModel", "maxTokens", AnthropicModel::builder, b -> b.maxTokens(10)),
        twice(
            "AnthropicModel",
            "priceTable",
            AnthropicModel::builder,
            b -> b.priceTable(PriceTable.empty())),
        twice(
            "AnthropicModel",
            "transport",
            AnthropicModel::builder,
            b -> b.transport(TransportOptions.defaults())),
        twice(
            "OpenAiCompatibleModel",
            "baseUrl",
            OpenAiCompatibleModel::builder,
            b -> b.baseUrl("http://h/v1")),
        twice(
            "OpenAiCompatibleModel",
            "schemaMode",
            OpenAiCompatibleModel::builder,
            b -> b.schemaMode(OpenAiCompatibleModel.SchemaMode.PROMPT)),
        twice(
            "OpenAiCompatibleModel",
            "maxTokensParameter",
            OpenAiCompatibleModel::builder,
            b -> b.maxTokensParameter("max_tokens")),
        twice("ArxivSource", "baseUrl", ArxivSource::builder, b -> b.baseUrl("http://h/")),
        twice(
            "SemanticScholarSource", "apiKey", SemanticScholarSource::builder, b -> b.apiKey("k")),
        twice(
            "PubMedSource",
            "transport",
            PubMedSource::builder,
            b -> b.transport(TransportOptions.defaults())),
        twice("Budget", "maxTokens", Budget::builder, b -> b.maxTokens(10)),
        twice(
            "ModelConfig",
            "model",
            () -> ModelConfig.builder(ModelConfig.Provider.OPENAI),
            b -> b.model("m")),
        twice(
            "ModelConfig",
            "baseUrl",
            () -> ModelConfig.builder(ModelConfig.Provider.OPENAI),
            b -> b.baseUrl(null)),
        twice(
            "ModelConfig",
            "apiKey",
            () -> ModelConfig.builder(ModelConfig.Provider.OPENAI),
            b -> b.apiKey("k")),
        twice(
            "ModelConfig",
            "priceTable",
            () -> ModelConfig.builder(ModelConfig.Provider.OPENAI),
            b -> b.priceTable(PriceTable.empty())),
        twice(
            "LlmAgents",
            "statisticalValidator",
            () -> LlmAgents.builder(new ScriptedModel()),
            b -> b.statisticalValidator((f, c) -> null)),
        twice(
            "LlmAgents",
            "maxTokens",
            () -> LlmAgents.builder(new ScriptedModel()),
            b -> b.maxTokens(10)),
        twice(
            "ScholarEvalValidator",
            "temperature",
            () -> ScholarEvalValidator.builder(new ScriptedModel()),
            b -> b.temperature(0.5)),
        twice(
            "ScholarEvalValidator",
            "maxTokens",
            () -> ScholarEvalValidator.builder(new ScriptedModel()),
            b -> b.maxTokens(10)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("options")
  void settingAnOptionTwiceFailsNamingIt(String type, String option, Runnable setTwice) {
    assertThatThrownBy(setTwice::run)
        .as(type)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(option + " was already set; set each option once");
  }

  @Test
  void badValuesFailWhenSetNamingTheOptionAndTheValue() {
    assertThatThrownBy(() -> Kosmos.workflow().retries(2, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("initialBackoff cannot be negative, was PT-1S");
    assertThatThrownBy(() -> Kosmos.workflow().reviewThresholds(11, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("reviewThresholds")
        .hasMessageContaining("11.0");
    assertThatThrownBy(() -> AnthropicModel.builder().maxTokens(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTokens must be 1 or more, was 0");
    assertThatThrownBy(() -> OpenAiCompatibleModel.builder().model(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model must not be blank, was ' '");
    assertThatThrownBy(() -> OpenAiCompatibleModel.builder().maxTokensParameter("tokens"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maxTokensParameter")
        .hasMessageEndingWith("was tokens");
    assertThatThrownBy(() -> SemanticScholarSource.builder().baseUrl("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUrl must be an http or https URL, was ftp://x");
    assertThatThrownBy(() -> PubMedSource.builder().email(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("email must not be blank, was ''");
    assertThatThrownBy(() -> Budget.builder().maxUsd(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxUsd must be more than 0, was -1.0");
    assertThatThrownBy(() -> LlmAgents.builder(new ScriptedModel()).maxRepairsPerCell(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRepairsPerCell must be 0 or more, was -1");
    assertThatThrownBy(
            () ->
                LlmAgents.builder(new ScriptedModel()).analysisTimeReserve(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("analysisTimeReserve cannot be negative, was PT-1S");
    assertThatThrownBy(() -> ScholarEvalValidator.builder(new ScriptedModel()).maxTokens(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTokens must be 1 or more, was 0");
  }

  @Test
  void theUsersOwnInputFailsAsInvalidInput() {
    assertThatThrownBy(() -> Kosmos.workflow().objective(" "))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("objective");
    assertThatThrownBy(() -> ModelConfig.builder(ModelConfig.Provider.OPENAI).baseUrl("not a url"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'not a url'");
    Path missing = dir.resolve("no-prompts");
    assertThatThrownBy(
            () -> LlmAgents.builder(new ScriptedModel()).promptsDirectory(missing).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(
            () ->
                ScholarEvalValidator.builder(new ScriptedModel()).promptsDirectory(missing).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void buildChecksWhatNoSetterCanKnow() {
    assertThatThrownBy(() -> AnthropicModel.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(
            () -> OpenAiCompatibleModel.builder().baseUrl("http://localhost:1/v1").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model(...)");
    ScholarEvalValidator.Builder zero = ScholarEvalValidator.builder(new ScriptedModel());
    ScholarEvalValidator.DIMENSIONS.forEach(d -> zero.weight(d, 0));
    assertThatThrownBy(zero::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> ModelConfig.builder(ModelConfig.Provider.ANTHROPIC).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY");
  }

  @Test
  void aCopyLetsEachOptionBeSetOnceMore() {
    AnthropicModel model = AnthropicModel.builder().apiKey("k-123").model("a").build();
    AnthropicModel other = model.newBuilder().model("b").apiKey("k-456").build();
    assertThat(other.model()).isEqualTo("b");
    ModelConfig config =
        ModelConfig.builder(ModelConfig.Provider.OPENAI).apiKey("k").model("gpt-4.1").build();
    assertThat(config.newBuilder().model("gpt-4.1-mini").build().model()).isEqualTo("gpt-4.1-mini");
    assertThatThrownBy(() -> config.newBuilder().model("x").model("y"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model was already set; set each option once");
  }

  private static <B> Arguments twice(
      String type, String option, Supplier<B> builder, Consumer<B> set) {
    return Arguments.of(
        type,
        option,
        (Runnable)
            () -> {
              B b = builder.get();
              set.accept(b);
              set.accept(b);
            });
  }
}
