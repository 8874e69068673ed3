package io.kosmos.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One unit of work in a {@link Plan}: a data analysis or a literature search.
 *
 * @param id unique within the run, for example {@code c3-t07}
 * @param kind what the task does
 * @param goal exploration or exploitation
 * @param description what to do, specific enough to carry out
 * @param expectedOutput what the task should produce, for example "a test of X against Y with
 *     effect size and 95% CI"
 * @param hypothesisId the hypothesis the task tests or follows up, or {@code null}
 * @param parameters role-specific hints the planner passes to the analyst (variables, test, query),
 *     free-form
 */
public record Task(
    String id,
    TaskKind kind,
    TaskGoal goal,
    String description,
    String expectedOutput,
    @Nullable String hypothesisId,
    Map<String, String> parameters) {

  /** Checks the components and copies the map. */
  public Task {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(expectedOutput, "expectedOutput");
    parameters = Map.copyOf(parameters);
  }

  /**
   * Returns a copy with another identifier.
   *
   * @param newId the identifier
   * @return the copy
   */
  public Task withId(String newId) {
    return new Task(newId, kind, goal, description, expectedOutput, hypothesisId, parameters);
  }

  /**
   * Starts a builder.
   *
   * @param kind what the task does
   * @return a new builder with goal {@link TaskGoal#EXPLORATION}
   */
  public static Builder builder(TaskKind kind) {
    return new Builder(kind);
  }

  /**
   * Builds {@link Task}s. Each option may be set once: setting it again fails with {@link
   * IllegalStateException} naming it. {@link #parameter(String, String)} adds a parameter and may
   * be called once per name.
   */
  public static final class Builder {
    private final OptionChecks checks = new OptionChecks();
    private String id = "";
    private final TaskKind kind;
    private TaskGoal goal = TaskGoal.EXPLORATION;
    private String description = "";
    private String expectedOutput = "";
    private String hypothesisId;
    private final Map<String, String> parameters = new LinkedHashMap<>();

    private Builder(TaskKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Sets the identifier; the engine assigns one when it is left empty.
     *
     * @param id the identifier
     * @return this builder
     */
    public Builder id(String id) {
      checks.once("id");
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * Sets the goal. Default {@link TaskGoal#EXPLORATION}.
     *
     * @param goal exploration or exploitation
     * @return this builder
     */
    public Builder goal(TaskGoal goal) {
      checks.once("goal");
      this.goal = Objects.requireNonNull(goal, "goal");
      return this;
    }

    /**
     * Sets the description.
     *
     * @param description what to do
     * @return this builder
     */
    public Builder description(String description) {
      checks.once("description");
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /**
     * Sets the expected output.
     *
     * @param expectedOutput what the task should produce
     * @return this builder
     */
    public Builder expectedOutput(String expectedOutput) {
      checks.once("expectedOutput");
      this.expectedOutput = Objects.requireNonNull(expectedOutput, "expectedOutput");
      return this;
    }

    /**
     * Sets the hypothesis the task serves.
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
     * Adds a parameter.
     *
     * @param key the name, not given before
     * @param value the value
     * @return this builder
     */
    public Builder parameter(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      checks.once("parameter '" + key + "'");
      parameters.put(key, value);
      return this;
    }

    /**
     * Builds the task.
     *
     * @return the task
     */
    public Task build() {
      return new Task(id, kind, goal, description, expectedOutput, hypothesisId, parameters);
    }
  }
}
