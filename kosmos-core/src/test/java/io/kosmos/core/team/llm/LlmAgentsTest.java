package io.kosmos.core.team.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.Agents;
import io.kosmos.api.BudgetExceededException;
import io.kosmos.api.Plan;
import io.kosmos.api.Validator;
import io.kosmos.core.fixtures.ScriptedModel;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.validation.CombinedValidator;
import io.kosmos.core.validation.ScholarEvalValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmAgentsTest {

  @TempDir Path dir;

  @Test
  void theDescriptionNamesTheModelThePromptsAndTheValidator() throws Exception {
    ScriptedModel model = new ScriptedModel();
    Agents agents = LlmAgents.builder(model).build();
    assertThat(agents.description())
        .isEqualTo(
            "language model agents (scripted scripted-1; prompts v2; validator scholar-eval)");
    assertThat(agents.validator()).isInstanceOf(ScholarEvalValidator.class);

    Files.writeString(
        dir.resolve("report.user.md"), "---\nversion: 3\n---\nWrite about {{objective}}.");
    Validator statistical = (f, c) -> null;
    Agents custom =
        LlmAgents.builder(model).promptsDirectory(dir).statisticalValidator(statistical).build();
    assertThat(custom.description())
        .isEqualTo(
            "language model agents (scripted scripted-1; prompts v2 with overrides: report.user v3;"
                + " validator statistical+scholar-eval)");
    assertThat(custom.validator()).isInstanceOf(CombinedValidator.class);
  }

  @Test
  void everyOptionIsSetOnceAndCheckedWhenSet() {
    LlmAgents.Builder b = LlmAgents.builder(new ScriptedModel()).maxCellsPerTask(3);
    assertThatThrownBy(() -> b.maxCellsPerTask(4))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxCellsPerTask was already set; set each option once");
    assertThatThrownBy(() -> LlmAgents.builder(new ScriptedModel()).maxCellsPerTask(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LlmAgents.builder(new ScriptedModel()).maxRepairsPerCell(-1))
        .hasMessageContaining("maxRepairsPerCell");
    assertThatThrownBy(() -> LlmAgents.builder(new ScriptedModel()).temperature(3))
        .hasMessageContaining("temperature");
    assertThatThrownBy(
            () ->
                LlmAgents.builder(new ScriptedModel()).analysisTimeReserve(Duration.ofSeconds(-1)))
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> LlmAgents.builder(new ScriptedModel()).literatureLimits(0, 1, 1))
        .hasMessageContaining("literature limits");
    assertThatThrownBy(() -> LlmAgents.builder(new ScriptedModel()).scholarEvalThresholds(0.5, 2))
        .hasMessageContaining("between 0 and 1");
    assertThatThrownBy(
            () ->
                LlmAgents.builder(new ScriptedModel())
                    .promptsDirectory(dir.resolve("nope"))
                    .build())
        .hasMessageContaining("does not exist");
  }

  @Test
  void theTeamsCallsCountAgainstTheBudgetAndStopWhenItIsSpent() {
    ScriptedModel model = new ScriptedModel().answer("plan_draft", r -> PlanningAgentsTest.PLAN);
    Budget budget = Budget.builder().maxTokens(250).build();
    Agents agents = LlmAgents.builder(model).budget(budget).temperature(0).build();
    var ctx = PlanningAgentsTest.context(PlanningAgentsTest.world(), false, 3);
    Plan plan = agents.planCreator().plan(ctx);
    assertThat(plan.tasks()).hasSize(3);
    assertThat(model.requests.getFirst().temperature()).isEqualTo(0.0);
    agents.planCreator().plan(ctx);
    assertThat(budget.snapshot().total().tokens()).isEqualTo(240);
    agents.planCreator().plan(ctx);
    assertThatThrownBy(() -> agents.planCreator().plan(ctx))
        .isInstanceOf(BudgetExceededException.class);
    assertThat(budget.snapshot().total().calls()).isEqualTo(3);
  }
}
