package io.kosmos.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.InvalidInputException;
import io.kosmos.api.LanguageModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

  private static final String ANTHROPIC_KEY = "sk-ant-api03-ENV-KEY-0123456789abcdefgh";
  private static final String OPENAI_KEY = "sk-proj-ENV-KEY-0123456789abcdefghijkl";

  @Test
  void nothingConfiguredMeansNoModel() {
    assertThat(ModelConfig.fromEnvironment(Map.of())).isEmpty();
    assertThat(LanguageModels.fromEnvironment(Map.of("KOSMOS_MODEL", "x"))).isEmpty();
  }

  @Test
  void anthropicKeyPicksAnthropicWithItsDefaultModel() {
    ModelConfig config =
        ModelConfig.fromEnvironment(Map.of("ANTHROPIC_API_KEY", ANTHROPIC_KEY)).orElseThrow();
    assertThat(config.provider()).isEqualTo(ModelConfig.Provider.ANTHROPIC);
    assertThat(config.model()).isEqualTo(AnthropicModel.DEFAULT_MODEL);
    assertThat(config.baseUrl()).isEqualTo("https://api.anthropic.com");
    assertThat(config.hasApiKey()).isTrue();
    assertThat(config.describe())
        .contains("anthropic")
        .contains("API key set in ANTHROPIC_API_KEY")
        .contains("because ANTHROPIC_API_KEY is set")
        .doesNotContain(ANTHROPIC_KEY);
    assertThat(config.toString()).doesNotContain(ANTHROPIC_KEY);
    LanguageModel model = config.newModel();
    assertThat(model).isInstanceOf(AnthropicModel.class);
    assertThat(model.toString()).doesNotContain(ANTHROPIC_KEY);
  }

  @Test
  void anthropicWinsOverOpenAiUnlessKosmosProviderSaysOtherwise() {
    Map<String, String> both =
        Map.of("ANTHROPIC_API_KEY", ANTHROPIC_KEY, "OPENAI_API_KEY", OPENAI_KEY);
    assertThat(ModelConfig.fromEnvironment(both).orElseThrow().provider())
        .isEqualTo(ModelConfig.Provider.ANTHROPIC);
    Map<String, String> chosen =
        Map.of(
            "ANTHROPIC_API_KEY",
            ANTHROPIC_KEY,
            "OPENAI_API_KEY",
            OPENAI_KEY,
            "KOSMOS_PROVIDER",
            "openai",
            "KOSMOS_MODEL",
            "gpt-4o-mini");
    ModelConfig config = ModelConfig.fromEnvironment(chosen).orElseThrow();
    assertThat(config.provider()).isEqualTo(ModelConfig.Provider.OPENAI);
    assertThat(config.model()).isEqualTo("gpt-4o-mini");
    assertThat(config.describe()).contains("chosen by KOSMOS_PROVIDER").doesNotContain(OPENAI_KEY);
  }

  @Test
  void localOpenAiCompatibleServerNeedsNoKeyButAModel() {
    Map<String, String> env =
        Map.of("OPENAI_BASE_URL", "http://localhost:11434/v1", "KOSMOS_MODEL", "llama3.1:8b");
    ModelConfig config = ModelConfig.fromEnvironment(env).orElseThrow();
    assertThat(config.provider()).isEqualTo(ModelConfig.Provider.OPENAI);
    assertThat(config.baseUrl()).isEqualTo("http://localhost:11434/v1");
    assertThat(config.hasApiKey()).isFalse();
    assertThat(config.describe()).contains("API key not set");
    assertThat(config.newModel()).isInstanceOf(OpenAiCompatibleModel.class);

    assertThatThrownBy(
            () ->
                ModelConfig.fromEnvironment(Map.of("OPENAI_BASE_URL", "http://localhost:8000/v1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("KOSMOS_MODEL");
  }

  @Test
  void explicitValuesBeatTheEnvironment() {
    Map<String, String> env =
        Map.of(
            "ANTHROPIC_API_KEY", ANTHROPIC_KEY, "OPENAI_API_KEY", OPENAI_KEY, "KOSMOS_MODEL", "m1");
    ModelConfig config =
        ModelConfig.resolve(env, "openai", "gpt-4.1-mini", "http://127.0.0.1:9/v1").orElseThrow();
    assertThat(config.provider()).isEqualTo(ModelConfig.Provider.OPENAI);
    assertThat(config.model()).isEqualTo("gpt-4.1-mini");
    assertThat(config.baseUrl()).isEqualTo("http://127.0.0.1:9/v1");
    assertThat(config.hasApiKey()).isTrue();
    assertThat(config.describe()).contains("chosen explicitly");

    ModelConfig viaUrl =
        ModelConfig.resolve(Map.of(), null, "qwen", "http://127.0.0.1:9/v1").orElseThrow();
    assertThat(viaUrl.provider()).isEqualTo(ModelConfig.Provider.OPENAI);
  }

  @Test
  void inconsistentSettingsAreClearErrors() {
    assertThatThrownBy(() -> ModelConfig.fromEnvironment(Map.of("KOSMOS_PROVIDER", "gemini")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("gemini");
    assertThatThrownBy(() -> ModelConfig.fromEnvironment(Map.of("KOSMOS_PROVIDER", "anthropic")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY");
    assertThatThrownBy(
            () ->
                ModelConfig.fromEnvironment(
                    Map.of("ANTHROPIC_API_KEY", ANTHROPIC_KEY, "ANTHROPIC_BASE_URL", "not a url")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a url")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ANTHROPIC_KEY));
  }

  @Test
  void providerNamesAreForgiving() {
    assertThat(ModelConfig.Provider.of("Ollama")).isEqualTo(ModelConfig.Provider.OPENAI);
    assertThat(ModelConfig.Provider.of(" ANTHROPIC ")).isEqualTo(ModelConfig.Provider.ANTHROPIC);
  }

  @Test
  void newBuilderChangesPartOfAConfig() {
    ModelConfig config =
        ModelConfig.fromEnvironment(Map.of("ANTHROPIC_API_KEY", ANTHROPIC_KEY)).orElseThrow();
    ModelConfig haiku = config.newBuilder().model("claude-haiku-4-5").build();
    assertThat(haiku.model()).isEqualTo("claude-haiku-4-5");
    assertThat(haiku.hasApiKey()).isTrue();
  }
}
