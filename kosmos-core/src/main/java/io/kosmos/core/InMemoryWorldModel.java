package io.kosmos.core;

import io.kosmos.api.Dataset;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingClass;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.Paper;
import io.kosmos.api.PlanCreator;
import io.kosmos.api.Relation;
import io.kosmos.api.Task;
import io.kosmos.api.Validator;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.world.WorldState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A world model held in memory and filled by hand, with the engine's own rules: a finding added is
 * classified against the validated findings about the same hypothesis or variables ({@link
 * FindingClass}), hypotheses take their status and confidence from validated evidence, and queries
 * are bounded as in a run. Use it to test your own roles ({@link PlanCreator}, {@link Validator},
 * report writers) against a world model of your making, and to measure the world model at a size no
 * test run reaches:
 *
 * <pre>{@code
 * InMemoryWorldModel world = new InMemoryWorldModel(List.of());
 * world.addHypothesis(Hypothesis.open("H1", "BMI drives progression", 1, List.of("bmi")));
 * Finding stored = world.addFinding(finding); // classified: NOVEL, CONFIRMATION, CONFLICT or PRUNING
 * Plan plan = myPlanner.plan(new PlanningContext(objective, 1, 5, 10, 0.7, List.of(), world, List.of(), false));
 * }</pre>
 *
 * <p>Thread-safe. A run's world model is the engine's and is read through {@link
 * io.kosmos.api.ResearchWorkflow#world()}; this one is never part of a run.
 */
public final class InMemoryWorldModel implements WorldModel {

  private final WorldState state;

  /**
   * Creates an empty world model.
   *
   * @param datasets the datasets it describes, for {@link #datasets()}
   */
  public InMemoryWorldModel(List<Dataset> datasets) {
    this.state = new WorldState(datasets);
  }

  /**
   * Adds a finding and classifies it, as the engine does when it applies a task's result. A finding
   * whose id is already there is not added again.
   *
   * @param finding the finding, with its id
   * @return the stored finding, with its classification
   */
  public Finding addFinding(Finding finding) {
    return state.addFinding(finding);
  }

  /**
   * Adds a hypothesis; one with the same statement (ignoring case and spacing) as a known one is
   * merged into it. Its status and evidence are ignored: they come from the findings added.
   *
   * @param hypothesis the hypothesis, with its id
   * @return the id it is known by
   */
  public String addHypothesis(Hypothesis hypothesis) {
    return state.addHypothesis(hypothesis);
  }

  /**
   * Records a task as tried, for the novelty check and the planner.
   *
   * @param task the task, with its id
   */
  public void addTriedTask(Task task) {
    state.addTriedTask(task);
  }

  @Override
  public List<Finding> findings() {
    return state.findings();
  }

  @Override
  public Optional<Finding> finding(String id) {
    return state.finding(id);
  }

  @Override
  public List<Finding> recentFindings(int limit) {
    return state.recentFindings(limit);
  }

  @Override
  public List<Finding> validatedFindings(int limit) {
    return state.validatedFindings(limit);
  }

  @Override
  public List<Hypothesis> hypotheses() {
    return state.hypotheses();
  }

  @Override
  public Optional<Hypothesis> hypothesis(String id) {
    return state.hypothesis(id);
  }

  @Override
  public List<Hypothesis> openHypotheses() {
    return state.openHypotheses();
  }

  @Override
  public List<Relation> conflicts() {
    return state.conflicts();
  }

  @Override
  public List<Relation> relations() {
    return state.relations();
  }

  @Override
  public List<String> openQuestions() {
    return state.openQuestions();
  }

  @Override
  public List<Paper> papers() {
    return state.papers();
  }

  @Override
  public Optional<Paper> paper(String id) {
    return state.paper(id);
  }

  @Override
  public List<Task> triedTasks() {
    return state.triedTasks();
  }

  @Override
  public List<Dataset> datasets() {
    return state.datasets();
  }

  @Override
  public Map<String, String> notes() {
    return state.notes();
  }

  @Override
  public Optional<String> note(String key) {
    return state.note(key);
  }
}
