package io.kosmos.core.internal.agents;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.EffectMeasure;
import io.kosmos.api.FindingScope;
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
      @JsonPropertyDescription("What you learned from the last output and why this cell comes next")
          String thought,
      @JsonPropertyDescription(
              "What this cell does, in a few words, for the list of cells (for example 'Spearman"
                  + " correlation of bmi with disease_progression'); empty when there is no code")
          String purpose,
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
      @JsonPropertyDescription(
              "POSITIVE or NEGATIVE for an effect in that direction, NONE for a claim of no effect,"
                  + " UNSPECIFIED for an effect without a direction")
          EffectDirection direction,
      @JsonPropertyDescription(
              "Whether the claim is about the whole sample, a subgroup or an" + " interaction")
          ScopeDraft scope,
      @JsonPropertyDescription("The data's column names the finding concerns, outcome included")
          List<String> variables,
      @JsonPropertyDescription("Numbers of the cells it rests on, as shown in [cell N]")
          List<Integer> cells,
      @JsonPropertyDescription("An open hypothesis id or a new hypothesis's local id, or null")
          @Nullable
          String hypothesisId) {}

  public record StatisticsDraft(
      @JsonPropertyDescription("The test, for example 'Spearman correlation' or 'Welch t-test'")
          String test,
      @JsonPropertyDescription("The test statistic as printed") @Nullable Double statistic,
      @JsonPropertyDescription("The p value as printed; with pValueBelow, the bound printed")
          @Nullable
          Double pValue,
      @JsonPropertyDescription(
              "True when the output gave only an upper bound, such as p < 1e-16; pValue is then"
                  + " that bound")
          boolean pValueBelow,
      @JsonPropertyDescription("The effect size, in the unit of effectMeasure") @Nullable
          Double effectSize,
      @JsonPropertyDescription(
              "What the effect size is; 'none' for a test that gives none (a likelihood-ratio"
                  + " test, a chi-squared test of several terms)")
          Measure effectMeasure,
      @JsonPropertyDescription("Lower bound of the 95% CI of the effect size") @Nullable
          Double ciLow,
      @JsonPropertyDescription("Upper bound of the 95% CI of the effect size") @Nullable
          Double ciHigh,
      @JsonPropertyDescription("The observations the test used") @Nullable Integer n,
      @JsonPropertyDescription(
              "Further estimates of the same finding: the effect in each subgroup, an interaction"
                  + " term; empty for none")
          List<EstimateDraft> estimates) {}

  public record EstimateDraft(
      @JsonPropertyDescription("What was estimated, for example 'sex = 1' or 'bmi x sex'")
          String label,
      @Nullable Double effectSize,
      Measure effectMeasure,
      @Nullable Double ciLow,
      @Nullable Double ciHigh,
      @Nullable Double pValue,
      @Nullable Integer n) {}

  public record ScopeDraft(
      ScopeKind kind,
      @JsonPropertyDescription(
              "The subgroup's condition ('sex = 2', 'age >= 60') or the interaction's terms ('bmi"
                  + " x sex'); null for the whole sample")
          @Nullable
          String detail) {

    /** The scope as the world model keeps it. */
    public FindingScope toScope() {
      String d = detail == null ? "" : detail.strip();
      if (kind == null || kind == ScopeKind.WHOLE_SAMPLE || d.isEmpty()) {
        return FindingScope.WHOLE_SAMPLE;
      }
      return kind == ScopeKind.SUBGROUP ? FindingScope.subgroup(d) : FindingScope.interaction(d);
    }
  }

  public enum ScopeKind {
    WHOLE_SAMPLE,
    SUBGROUP,
    INTERACTION
  }

  /**
   * The effect measures a model may name: the closed vocabulary of {@link EffectMeasure}, written
   * in ASCII so that any model can type them. Reading is tolerant: whatever {@link
   * EffectMeasure#parse} recognises maps to its measure.
   */
  public enum Measure {
    R("r", EffectMeasure.R),
    RHO("rho", EffectMeasure.RHO),
    RANK_BISERIAL_R("rank-biserial r", EffectMeasure.RANK_BISERIAL_R),
    CRAMERS_V("Cramer's V", EffectMeasure.CRAMERS_V),
    COHENS_D("Cohen's d", EffectMeasure.COHENS_D),
    HEDGES_G("Hedges' g", EffectMeasure.HEDGES_G),
    ODDS_RATIO("odds ratio", EffectMeasure.ODDS_RATIO),
    RISK_RATIO("risk ratio", EffectMeasure.RISK_RATIO),
    HAZARD_RATIO("hazard ratio", EffectMeasure.HAZARD_RATIO),
    AUC("AUC", EffectMeasure.AUC),
    R_SQUARED("R2", EffectMeasure.R_SQUARED),
    ETA_SQUARED("eta squared", EffectMeasure.ETA_SQUARED),
    NONE("none", EffectMeasure.NONE);

    private final String wire;
    public final EffectMeasure measure;

    Measure(String wire, EffectMeasure measure) {
      this.wire = wire;
      this.measure = measure;
    }

    @JsonValue
    public String wire() {
      return wire;
    }

    /** What a model wrote, read tolerantly; a measure outside the vocabulary fails. */
    @JsonCreator
    public static Measure read(String text) {
      EffectMeasure m =
          EffectMeasure.parse(text)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "'" + text + "' is not an effect measure Kosmos knows"));
      for (Measure candidate : values()) {
        if (candidate.measure == m) {
          return candidate;
        }
      }
      // a measure of the vocabulary the schema does not list (partial r, phi, ...)
      throw new IllegalArgumentException("'" + text + "' is not one of the listed measures");
    }
  }

  public record HypothesisDraft(
      @JsonPropertyDescription("A short local id, for example h1") String id,
      String statement,
      List<String> variables,
      @JsonPropertyDescription(
              "The effect it predicts: POSITIVE or NEGATIVE, NONE when it predicts no effect,"
                  + " UNSPECIFIED for an effect in either direction")
          EffectDirection expectedDirection) {}

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

  public record SynthesisDraft(
      @JsonPropertyDescription(
              "Two to five sentences that answer the objective directly (yes, no or how much,"
                  + " with effect sizes, CIs and adjusted p; null results too), each citing"
                  + " findings")
          List<StatementDraft> answer,
      List<StatementDraft> statements) {}

  public record StatementDraft(
      @JsonPropertyDescription("One or two sentences") String text,
      @JsonPropertyDescription("Ids of the findings it rests on, exactly as given")
          List<String> findingIds) {}
}
