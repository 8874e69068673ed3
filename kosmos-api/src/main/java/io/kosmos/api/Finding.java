package io.kosmos.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A result of a task: a claim, the statistics behind it, and where it came from. Findings are what
 * the world model accumulates and what the report ranks and cites.
 *
 * <p>An analyst creates findings with provisional or empty ids; the engine gives each a run-wide
 * id, classifies it against what is known ({@link #classification()}), has it validated ({@link
 * #validation()}) and stores it.
 *
 * @param id unique within the run, for example {@code F-c2-t03-1}
 * @param kind data analysis or literature
 * @param claim the claim in one sentence, with its key numbers
 * @param summary a short account of how it was obtained, or empty
 * @param statistics the numbers behind it, or {@code null} for a literature finding
 * @param direction the effect's direction
 * @param hypothesisId the hypothesis it bears on, or {@code null}
 * @param citations what it rests on: notebook cells or paper passages; never empty
 * @param cycle the cycle that produced it
 * @param taskId the task that produced it
 * @param variables the variables it concerns (empty for literature)
 * @param figures figure files relative to the artifacts directory, for example {@code
 *     cycles/2/tasks/c2-t03/figures/cell5-1.png}
 * @param validation the validator's judgement, or {@code null} before validation
 * @param classification how it relates to earlier findings, or {@code null} before it is added to
 *     the world model
 * @param scope the effect it is about: in the whole sample (the default), in a subgroup, or an
 *     interaction; findings of different scopes are never compared with each other
 */
public record Finding(
    String id,
    FindingKind kind,
    String claim,
    String summary,
    @Nullable Statistics statistics,
    EffectDirection direction,
    @Nullable String hypothesisId,
    List<Citation> citations,
    int cycle,
    String taskId,
    List<String> variables,
    List<String> figures,
    @Nullable ValidationResult validation,
    @Nullable FindingClass classification,
    FindingScope scope) {

  /** Checks the components and copies the lists. */
  public Finding {
    scope = scope == null ? FindingScope.WHOLE_SAMPLE : scope;
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(claim, "claim");
    if (claim.isBlank()) {
      throw new IllegalArgumentException("a finding needs a claim");
    }
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(direction, "direction");
    citations = List.copyOf(citations);
    if (citations.isEmpty()) {
      throw new IllegalArgumentException(
          "a finding needs at least one citation (a notebook cell or a paper passage): " + claim);
    }
    Objects.requireNonNull(taskId, "taskId");
    variables = List.copyOf(variables);
    figures = List.copyOf(figures);
  }

  /**
   * A finding about the whole sample.
   *
   * @param id unique within the run
   * @param kind data analysis or literature
   * @param claim the claim in one sentence
   * @param summary how it was obtained, or empty
   * @param statistics the numbers behind it, or {@code null}
   * @param direction the effect's direction
   * @param hypothesisId the hypothesis it bears on, or {@code null}
   * @param citations what it rests on; never empty
   * @param cycle the cycle that produced it
   * @param taskId the task that produced it
   * @param variables the variables it concerns
   * @param figures figure files relative to the artifacts directory
   * @param validation the validator's judgement, or {@code null}
   * @param classification how it relates to earlier findings, or {@code null}
   */
  public Finding(
      String id,
      FindingKind kind,
      String claim,
      String summary,
      @Nullable Statistics statistics,
      EffectDirection direction,
      @Nullable String hypothesisId,
      List<Citation> citations,
      int cycle,
      String taskId,
      List<String> variables,
      List<String> figures,
      @Nullable ValidationResult validation,
      @Nullable FindingClass classification) {
    this(
        id,
        kind,
        claim,
        summary,
        statistics,
        direction,
        hypothesisId,
        citations,
        cycle,
        taskId,
        variables,
        figures,
        validation,
        classification,
        FindingScope.WHOLE_SAMPLE);
  }

  /**
   * Whether a validator passed it.
   *
   * @return {@code true} if validated and passed
   */
  public boolean isValidated() {
    return validation != null && validation.passed();
  }

  /**
   * Returns a copy with another id.
   *
   * @param newId the id
   * @return the copy
   */
  public Finding withId(String newId) {
    return toBuilder().id(newId).build();
  }

  /**
   * Returns a copy with a validation.
   *
   * @param result the validator's judgement
   * @return the copy
   */
  public Finding withValidation(ValidationResult result) {
    return toBuilder().validation(result).build();
  }

  /**
   * Returns a copy with a classification.
   *
   * @param findingClass how it relates to earlier findings
   * @return the copy
   */
  public Finding withClassification(FindingClass findingClass) {
    return toBuilder().classification(findingClass).build();
  }

  /**
   * Returns a copy with other statistics.
   *
   * @param newStatistics the statistics
   * @return the copy
   */
  public Finding withStatistics(Statistics newStatistics) {
    return toBuilder().statistics(newStatistics).build();
  }

  /**
   * Copies this finding into a builder. Each option may still be set once on it; setting one
   * replaces the copied value, and the adders ({@link Builder#citation}, {@link Builder#variable},
   * {@link Builder#figure}) add to the copied lists.
   *
   * @return a builder holding this finding
   */
  public Builder toBuilder() {
    Builder b = new Builder(kind);
    b.id = id;
    b.claim = claim;
    b.summary = summary;
    b.statistics = statistics;
    b.direction = direction;
    b.hypothesisId = hypothesisId;
    b.cycle = cycle;
    b.taskId = taskId;
    b.validation = validation;
    b.classification = classification;
    b.scope = scope;
    b.citations.addAll(citations);
    b.variables.addAll(variables);
    b.figures.addAll(figures);
    return b;
  }

  /**
   * Starts a builder.
   *
   * @param kind data analysis or literature
   * @return a new builder
   */
  public static Builder builder(FindingKind kind) {
    return new Builder(kind);
  }

  /**
   * Builds {@link Finding}s. Each option may be set once: setting it again fails with {@link
   * IllegalStateException} naming it; the adders ({@link #citation}, {@link #variable}, {@link
   * #figure}) may be called any number of times. A value out of range fails at once with {@link
   * IllegalArgumentException} naming the option and the value; {@link #build()} checks that there
   * is a claim and a citation.
   */
  public static final class Builder {
    private final OptionChecks checks = new OptionChecks();
    private final FindingKind kind;
    private String id = "";
    private String claim = "";
    private String summary = "";
    private Statistics statistics;
    private EffectDirection direction = EffectDirection.UNSPECIFIED;
    private String hypothesisId;
    private final List<Citation> citations = new ArrayList<>();
    private int cycle;
    private String taskId = "";
    private final List<String> variables = new ArrayList<>();
    private final List<String> figures = new ArrayList<>();
    private ValidationResult validation;
    private FindingClass classification;
    private FindingScope scope = FindingScope.WHOLE_SAMPLE;

    private Builder(FindingKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Sets the id; the engine assigns one when it is empty.
     *
     * @param id the id
     * @return this builder
     */
    public Builder id(String id) {
      checks.once("id");
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * Sets the claim.
     *
     * @param claim the claim in one sentence, not blank
     * @return this builder
     */
    public Builder claim(String claim) {
      checks.once("claim");
      Objects.requireNonNull(claim, "claim");
      if (claim.isBlank()) {
        throw new IllegalArgumentException("claim must not be blank, was '" + claim + "'");
      }
      this.claim = claim;
      return this;
    }

    /**
     * Sets the summary.
     *
     * @param summary how it was obtained
     * @return this builder
     */
    public Builder summary(String summary) {
      checks.once("summary");
      this.summary = Objects.requireNonNull(summary, "summary");
      return this;
    }

    /**
     * Sets the statistics.
     *
     * @param statistics the numbers, or {@code null}
     * @return this builder
     */
    public Builder statistics(@Nullable Statistics statistics) {
      checks.once("statistics");
      this.statistics = statistics;
      return this;
    }

    /**
     * Sets the effect direction.
     *
     * @param direction the direction
     * @return this builder
     */
    public Builder direction(EffectDirection direction) {
      checks.once("direction");
      this.direction = Objects.requireNonNull(direction, "direction");
      return this;
    }

    /**
     * Sets the hypothesis.
     *
     * @param hypothesisId the hypothesis, or {@code null}
     * @return this builder
     */
    public Builder hypothesisId(@Nullable String hypothesisId) {
      checks.once("hypothesisId");
      this.hypothesisId = hypothesisId;
      return this;
    }

    /**
     * Adds a citation.
     *
     * @param citation a notebook cell or paper passage
     * @return this builder
     */
    public Builder citation(Citation citation) {
      citations.add(Objects.requireNonNull(citation, "citation"));
      return this;
    }

    /**
     * Sets the cycle.
     *
     * @param cycle the cycle, 0 or more
     * @return this builder
     */
    public Builder cycle(int cycle) {
      checks.once("cycle");
      if (cycle < 0) {
        throw new IllegalArgumentException("cycle must be 0 or more, was " + cycle);
      }
      this.cycle = cycle;
      return this;
    }

    /**
     * Sets the task.
     *
     * @param taskId the task
     * @return this builder
     */
    public Builder taskId(String taskId) {
      checks.once("taskId");
      this.taskId = Objects.requireNonNull(taskId, "taskId");
      return this;
    }

    /**
     * Adds a variable.
     *
     * @param variable a column name
     * @return this builder
     */
    public Builder variable(String variable) {
      variables.add(Objects.requireNonNull(variable, "variable"));
      return this;
    }

    /**
     * Adds a figure.
     *
     * @param figure a path relative to the artifacts directory
     * @return this builder
     */
    public Builder figure(String figure) {
      figures.add(Objects.requireNonNull(figure, "figure"));
      return this;
    }

    /**
     * Sets the validation.
     *
     * @param validation the judgement, or {@code null}
     * @return this builder
     */
    public Builder validation(@Nullable ValidationResult validation) {
      checks.once("validation");
      this.validation = validation;
      return this;
    }

    /**
     * Sets the classification.
     *
     * @param classification the class, or {@code null}
     * @return this builder
     */
    public Builder classification(@Nullable FindingClass classification) {
      checks.once("classification");
      this.classification = classification;
      return this;
    }

    /**
     * Sets what the finding is about: the whole sample (the default), a subgroup or an interaction.
     *
     * @param scope the scope
     * @return this builder
     */
    public Builder scope(FindingScope scope) {
      checks.once("scope");
      this.scope = Objects.requireNonNull(scope, "scope");
      return this;
    }

    /**
     * Builds the finding.
     *
     * @return the finding
     * @throws IllegalArgumentException if the claim is blank or there is no citation
     */
    public Finding build() {
      return new Finding(
          id,
          kind,
          claim,
          summary,
          statistics,
          direction,
          hypothesisId,
          citations,
          cycle,
          taskId,
          variables,
          figures,
          validation,
          classification,
          scope);
    }
  }
}
