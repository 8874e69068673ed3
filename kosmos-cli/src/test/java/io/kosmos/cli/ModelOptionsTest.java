package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.Agents;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.PlanningContext;
import io.kosmos.core.SecretScanner;
import io.kosmos.core.fixtures.ScriptedScientist;
import io.kosmos.core.llm.Budget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ModelOptionsTest {

  static final String KEY = "sk-ant-test-OPTIONS-0123456789abcdefghijklmn";

  @TempDir Path tmp;

  @Command(name = "test")
  static final class TestCommand implements Runnable {
    @Mixin ModelOptions model;

    @Override
    public void run() {}
  }

  static ModelOptions parse(String... args) {
    TestCommand c = new TestCommand();
    new CommandLine(c).parseArgs(args);
    return c.model;
  }

  @Test
  void scholarEvalWeightsComeFromTheEnvironmentAndABadOneSaysWhatToWrite() {
    assertThat(ModelOptions.scholarEvalWeights(Map.of())).isEmpty();
    assertThat(
            ModelOptions.scholarEvalWeights(
                Map.of("KOSMOS_SCHOLAR_EVAL_WEIGHTS", "rigor=0.25, impact = 0.2")))
        .containsExactly(Map.entry("rigor", 0.25), Map.entry("impact", 0.2));
    assertThatThrownBy(
            () ->
                ModelOptions.scholarEvalWeights(
                    Map.of("KOSMOS_SCHOLAR_EVAL_WEIGHTS", "rigor=0.25,flair=1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("KOSMOS_SCHOLAR_EVAL_WEIGHTS has 'flair=1'")
        .hasMessageContaining("dimension=weight");
  }

  @Test
  void noModelConfiguredMeansTheOfflineScientist() {
    ModelOptions o = parse();
    assertThat(ModelOptions.languageModelAgents(Map.of(), o, o.budget())).isEmpty();
    assertThat(o.describe(Map.of()))
        .startsWith("no language model configured (set ANTHROPIC_API_KEY");
    assertThat(o.budget().maxUsd()).isEmpty();
  }

  @Test
  void theEnvironmentOrTheOptionsChooseTheModel() {
    ModelOptions o = parse();
    Optional<Agents> fromEnv =
        ModelOptions.languageModelAgents(Map.of("ANTHROPIC_API_KEY", KEY), o, o.budget());
    assertThat(fromEnv)
        .hasValueSatisfying(
            a ->
                assertThat(a.description())
                    .startsWith("language model agents (anthropic claude-sonnet-4-5; prompts v2;"));
    assertThat(o.describe(Map.of("ANTHROPIC_API_KEY", KEY)))
        .startsWith("language model: anthropic (model claude-sonnet-4-5")
        .doesNotContain(KEY);

    ModelOptions local =
        parse(
            "--provider",
            "ollama",
            "--base-url",
            "http://localhost:11434/v1",
            "--model",
            "llama3.1:8b");
    assertThat(
            ModelOptions.languageModelAgents(
                Map.of("ANTHROPIC_API_KEY", KEY), local, local.budget()))
        .hasValueSatisfying(a -> assertThat(a.description()).contains("openai llama3.1:8b"));
  }

  @Test
  void offlineForcesTheOfflineScientist() {
    ModelOptions o = parse("--offline");
    assertThat(ModelOptions.languageModelAgents(Map.of("ANTHROPIC_API_KEY", KEY), o, o.budget()))
        .isEmpty();
    assertThat(o.describe(Map.of("ANTHROPIC_API_KEY", KEY))).contains("--offline");
    assertThatThrownBy(
            () ->
                ModelOptions.languageModelAgents(
                    Map.of(), parse("--offline", "--model", "x"), Budget.unlimited()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--offline");
  }

  @Test
  void inconsistentOptionsFailWithWhatToFix() {
    assertThatThrownBy(
            () ->
                ModelOptions.languageModelAgents(
                    Map.of(), parse("--provider", "anthropic"), Budget.unlimited()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY");
    assertThatThrownBy(
            () ->
                ModelOptions.languageModelAgents(
                    Map.of(), parse("--model", "gpt-4.1"), Budget.unlimited()))
        .hasMessageContaining("no provider is configured");
    assertThatThrownBy(
            () ->
                ModelOptions.languageModelAgents(
                    Map.of(), parse("--record", "a", "--replay", "b"), Budget.unlimited()))
        .hasMessageContaining("cannot be used together");
    assertThatThrownBy(
            () ->
                ModelOptions.languageModelAgents(
                    Map.of(),
                    parse("--replay", tmp.resolve("none.jsonl").toString()),
                    Budget.unlimited()))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> parse("--budget-usd", "0").budget())
        .hasMessageContaining("--budget-usd");
    assertThatThrownBy(() -> parse("--budget-tokens", "-5").budget())
        .hasMessageContaining("--budget-tokens");
    assertThatThrownBy(
            () ->
                ModelOptions.languageModelAgents(
                    Map.of("ANTHROPIC_API_KEY", KEY),
                    parse("--prompts", tmp.resolve("nope").toString()),
                    Budget.unlimited()))
        .hasMessageContaining("--prompts");
  }

  @Test
  void budgetOptionsSetTheLimits() {
    Budget b = parse("--budget-usd", "2.5", "--budget-tokens", "100000").budget();
    assertThat(b.maxUsd()).hasValue(2.5);
    assertThat(b.maxTokens()).hasValue(100000);
  }

  @Test
  void recordThenReplayWithNoServerAndNoKey() throws Exception {
    Path recording = tmp.resolve("llm.jsonl");
    PlanningContext ctx =
        new PlanningContext(
            "What drives progression?",
            1,
            2,
            3,
            0.7,
            List.of(
                new io.kosmos.api.Dataset(
                    "d.csv", tmp.resolve("d.csv"), "ab".repeat(32), 10, Map.of())),
            new io.kosmos.core.InMemoryWorldModel(List.of()),
            List.of(),
            false);
    String planned;
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new ScriptedScientist("d.csv", List.<String[]>of(new String[] {"a", "b"}), KEY)
              .anthropic());
      server.start();
      ModelOptions o =
          parse(
              "--base-url",
              server.url("/").toString(),
              "--record",
              recording.toString(),
              "--budget-usd",
              "5");
      Budget budget = o.budget();
      Agents agents =
          ModelOptions.languageModelAgents(Map.of("ANTHROPIC_API_KEY", KEY), o, budget)
              .orElseThrow();
      planned = agents.planCreator().plan(ctx).toString();
      assertThat(budget.snapshot().total().calls()).isEqualTo(1);
    }
    assertThat(Files.readString(recording)).contains("plan_draft");
    SecretScanner.assertNoSecrets(tmp, List.of(KEY));

    ModelOptions replay = parse("--replay", recording.toString());
    Agents replayed =
        ModelOptions.languageModelAgents(Map.of(), replay, replay.budget()).orElseThrow();
    assertThat(replayed.description())
        .startsWith("language model agents (anthropic claude-sonnet-4-5;");
    assertThat(replayed.planCreator().plan(ctx).toString()).isEqualTo(planned);
  }
}
