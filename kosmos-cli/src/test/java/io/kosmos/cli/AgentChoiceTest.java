package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.Agents;
import io.kosmos.api.InvalidInputException;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.team.llm.LlmAgents;
import io.kosmos.core.team.offline.OfflineScientist;
import io.kosmos.core.validation.CombinedValidator;
import io.kosmos.core.validation.StatisticalValidator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Which team {@code kosmos run}, {@code resume} and {@code report} choose: the language model
 * agents when a model is configured, the offline scientist otherwise or with {@code --offline}, and
 * a resumed run keeps its team unless the options say otherwise. No call reaches a model here:
 * building a team sends nothing.
 */
class AgentChoiceTest {

  static final String KEY = "sk-ant-test-AGENTCHOICE-0123456789abcdefghijkl";
  static final String LLM_TEAM =
      "language model agents (anthropic claude-sonnet-4-5; prompts v2; validator"
          + " statistical+scholar-eval)";

  private static RunCommand run(Map<String, String> env, String... options) {
    RunCommand c = new RunCommand(env);
    String[] args = new String[options.length + 4];
    args[0] = "--data";
    args[1] = "data.csv";
    args[2] = "--objective";
    args[3] = "What drives it?";
    System.arraycopy(options, 0, args, 4, options.length);
    new CommandLine(c).parseArgs(args);
    return c;
  }

  private static Agents choose(Map<String, String> env, String... options) {
    RunCommand c = run(env, options);
    return RunCommand.chooseAgents(env, c.model, c.model.budget());
  }

  private static ResumeCommand resume(Map<String, String> env, String... options) {
    ResumeCommand c = new ResumeCommand(env);
    String[] args = new String[options.length + 1];
    args[0] = "runs/x";
    System.arraycopy(options, 0, args, 1, options.length);
    new CommandLine(c).parseArgs(args);
    return c;
  }

  private static RunDirectory runBy(String agents) {
    return new RunDirectory(
        Path.of("runs/x"),
        "What drives it?",
        List.of(Path.of("data.csv")),
        List.of(Map.of()),
        1,
        3,
        2,
        null,
        "FAILED",
        agents,
        null,
        null);
  }

  @Test
  void withNoModelConfiguredTheOfflineScientistRuns() {
    Agents team = choose(Map.of());
    assertThat(team.description()).isEqualTo(OfflineScientist.DESCRIPTION);
    assertThat(team.validator()).isInstanceOf(StatisticalValidator.class);
    assertThat(run(Map.of()).model.describe(Map.of()))
        .startsWith("no language model configured (set ANTHROPIC_API_KEY");
  }

  @Test
  void aKeyInTheEnvironmentChoosesTheLanguageModelAgentsWithBothValidators() {
    Map<String, String> env = Map.of("ANTHROPIC_API_KEY", KEY);
    Agents team = choose(env);
    assertThat(team.description()).isEqualTo(LLM_TEAM);
    assertThat(team.validator()).isInstanceOf(CombinedValidator.class);
    assertThat(run(env).model.describe(env))
        .startsWith("language model: anthropic (model claude-sonnet-4-5")
        .contains("API key set in ANTHROPIC_API_KEY")
        .doesNotContain(KEY);
  }

  @Test
  void aLocalServerOrTheOptionsChooseAnOpenAiCompatibleModel() {
    assertThat(
            choose(
                    Map.of(
                        "OPENAI_BASE_URL", "http://127.0.0.1:11434/v1", "KOSMOS_MODEL", "qwen2.5"))
                .description())
        .startsWith(LlmAgents.DESCRIPTION_PREFIX + "openai qwen2.5;");
    assertThat(
            choose(
                    Map.of("ANTHROPIC_API_KEY", KEY),
                    "--provider",
                    "ollama",
                    "--base-url",
                    "http://127.0.0.1:11434/v1",
                    "--model",
                    "llama3.1:8b")
                .description())
        .startsWith(LlmAgents.DESCRIPTION_PREFIX + "openai llama3.1:8b;");
  }

  @Test
  void offlineForcesTheOfflineScientistEvenWithAKey() {
    Map<String, String> env = Map.of("ANTHROPIC_API_KEY", KEY);
    assertThat(choose(env, "--offline").description()).isEqualTo(OfflineScientist.DESCRIPTION);
    assertThat(run(env, "--offline").model.describe(env)).isEqualTo("no language model: --offline");
  }

  @Test
  void aProviderWithoutItsKeyIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> choose(Map.of(), "--provider", "anthropic"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY");
  }

  @Test
  void aResumedRunKeepsItsTeam() {
    Map<String, String> env = Map.of("ANTHROPIC_API_KEY", KEY);
    RunDirectory offline = runBy(OfflineScientist.DESCRIPTION);
    RunDirectory llm = runBy(LLM_TEAM);

    // a key in the environment alone does not switch an offline run to a language model
    ResumeCommand plain = resume(env);
    assertThat(
            RunCommand.chooseAgentsToResume(offline, env, plain.model, Budget.unlimited())
                .description())
        .isEqualTo(OfflineScientist.DESCRIPTION);
    // naming a model does
    ResumeCommand named = resume(env, "--provider", "anthropic");
    assertThat(
            RunCommand.chooseAgentsToResume(offline, env, named.model, Budget.unlimited())
                .description())
        .isEqualTo(LLM_TEAM);

    // a language model run continues with its model, and needs it
    assertThat(
            RunCommand.chooseAgentsToResume(llm, env, plain.model, Budget.unlimited())
                .description())
        .isEqualTo(LLM_TEAM);
    ResumeCommand none = resume(Map.of());
    assertThatThrownBy(
            () -> RunCommand.chooseAgentsToResume(llm, Map.of(), none.model, Budget.unlimited()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("was started by " + LLM_TEAM)
        .hasMessageContaining("set ANTHROPIC_API_KEY")
        .hasMessageContaining("--offline");
    ResumeCommand forced = resume(Map.of(), "--offline");
    assertThat(
            RunCommand.chooseAgentsToResume(llm, Map.of(), forced.model, Budget.unlimited())
                .description())
        .isEqualTo(OfflineScientist.DESCRIPTION);
  }

  @Test
  void aReportRebuildUsesTheTeamThatMadeTheRun() {
    Map<String, String> env = Map.of("ANTHROPIC_API_KEY", KEY);
    assertThat(ReportCommand.reportAgents(runBy(OfflineScientist.DESCRIPTION), env).description())
        .isEqualTo(OfflineScientist.DESCRIPTION);
    assertThat(ReportCommand.reportAgents(runBy(LLM_TEAM), env).description()).isEqualTo(LLM_TEAM);
    assertThat(ReportCommand.reportAgents(runBy(LLM_TEAM), Map.of()).description())
        .isEqualTo(OfflineScientist.DESCRIPTION);
  }
}
