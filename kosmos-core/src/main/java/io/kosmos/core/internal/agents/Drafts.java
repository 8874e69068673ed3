package io.kosmos.core.internal.agents;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.TaskGoal;
import io.kosmos.api.TaskKind;
import java.util.List;

/**
 * The shapes of the models' structured answers. Each record is turned into a JSON schema by {@link
 * io.kosmos.core.llm.StructuredOutput#schemaFor(Class)}; the schema's name is the record's name in
 * snake case ({@code PlanDraft} is {@code plan_draft}), which is also what a recorded or scripted
 * conversation is told apart by. Every component is required; {@link Nullable} ones may be null.
 */
public final class Drafts {

  private Drafts() {}

  // ---- planning ----------------------------------------------------------------------------

  public record PlanDraft(
      @JsonPropertyDescription("Why these tasks, in a few sentences") String rationale,
      @JsonPropertyDescription("The tasks, most important first") List<TaskDraft> tasks) {}

  public record TaskDraft(
      TaskKind kind,
      TaskGoal goal,
      @JsonPropertyDescription("What to do, specific enough to carry out") String description,
      @JsonPropertyDescription("What the task must produce") String expectedOutput,
      @JsonPropertyDescription("The open hypothesis it tests or follows up, or null") @Nullable
          String hypothesisId,
      @JsonPropertyDescription("Hints for the analyst: variables, test, query")
          List<Parameter> parameters) {}

  public record Parameter(String name, String value) {}

  public record ReviewDraft(
      ReviewScores scores,
      @JsonPropertyDescription("Rules the plan breaks; empty if none")
          List<String> structuralProblems,
      @JsonPropertyDescription("Concrete changes that would improve the plan")
          List<String> feedback) {}

  public record ReviewScores(
      @JsonPropertyDescription("0 to 10") double specificity,
      @JsonPropertyDescription("0 to 10") double relevance,
      @JsonPropertyDescription("0 to 10") double novelty,
      @JsonPropertyDescription("0 to 10") double coverage,
      @JsonPropertyDescription("0 to 10") double feasibility) {}

  // ---- data analysis -----------------------------------------------------------------------

  public record CellStep(
      @JsonPropertyDescription("What you learned from the last output and what this cell does")
          String thought,
      @JsonPropertyDescription("Python code of the next cell; empty when done and nothing is left")
          String code,
      @JsonPropertyDescription("True when the task's expected output is produced") boolean done) {}

  public record AnalysisReport(
      @JsonPropertyDescription("What the task did and found, in a few sentences") String summary,
      List<FindingDraft> findings,
      List<HypothesisDraft> hypotheses,
      List<String> openQuestions,
      @JsonPropertyDescription("Profiles of the datasets you profiled, for later tasks")
          List<ProfileDraft> dataProfiles) {}

  public record FindingDraft(
      @JsonPropertyDescription("The claim in one sentence, with its key numbers") String claim,
      @JsonPropertyDescription("How it was obtained, briefly") String summary,
      @JsonPropertyDescription("The numbers behind the claim, or null for a descriptive finding")
          @Nullable
          StatisticsDraft statistics,
      EffectDirection direction,
      List<String> variables,
      @JsonPropertyDescription("Numbers of the cells it rests on, as shown in [cell N]")
          List<Integer> cells,
      @JsonPropertyDescription("An open hypothesis id or a new hypothesis's local id, or null")
          @Nullable
          String hypothesisId) {}

  public record StatisticsDraft(
      @JsonPropertyDescription("The test, for example 'Spearman correlation' or 'Welch t-test'")
          String test,
      @Nullable Double statistic,
      @Nullable Double pValue,
      @Nullable Double effectSize,
      @JsonPropertyDescription("What the effect size is: r, rho, Cohen's d, odds ratio, ...")
          @Nullable
          String effectMeasure,
      @JsonPropertyDescription("Lower bound of the 95% CI of the effect size") @Nullable
          Double ciLow,
      @JsonPropertyDescription("Upper bound of the 95% CI of the effect size") @Nullable
          Double ciHigh,
      @Nullable Integer n) {}

  public record HypothesisDraft(
      @JsonPropertyDescription("A short local id, for example h1") String id,
      String statement,
      List<String> variables) {}

  public record ProfileDraft(String dataset, String profile) {}

  // ---- literature --------------------------------------------------------------------------

  public record QueryPlan(List<String> queries) {}

  public record LiteratureReport(
      @JsonPropertyDescription("What was read and what it says, in a few sentences") String summary,
      List<LiteratureFindingDraft> findings,
      List<HypothesisDraft> hypotheses,
      List<String> openQuestions) {}

  public record LiteratureFindingDraft(
      @JsonPropertyDescription("What the papers report, in one sentence") String claim,
      List<PassageDraft> passages,
      @Nullable String hypothesisId) {}

  public record PassageDraft(
      @JsonPropertyDescription("The paper's id exactly as given") String paperId,
      @JsonPropertyDescription(
              "Words copied exactly from the paper's title or a passage of it shown to you")
          String quote) {}

  // ---- validation --------------------------------------------------------------------------

  public record ScholarEvalScores(
      Scored rigor,
      Scored impact,
      Scored novelty,
      Scored reproducibility,
      Scored clarity,
      Scored coherence,
      Scored limitations,
      Scored ethics) {}

  public record Scored(
      @JsonPropertyDescription("0 to 1") double score,
      @JsonPropertyDescription("One sentence") String reason) {}

  // ---- report ------------------------------------------------------------------------------

  public record SynthesisDraft(List<StatementDraft> statements) {}

  public record StatementDraft(
      @JsonPropertyDescription("One or two sentences") String text,
      @JsonPropertyDescription("Ids of the findings it rests on, exactly as given")
          List<String> findingIds) {}
}
