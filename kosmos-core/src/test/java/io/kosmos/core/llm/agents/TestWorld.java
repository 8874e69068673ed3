package io.kosmos.core.llm.agents;

import io.kosmos.api.Dataset;
import io.kosmos.api.Finding;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.Paper;
import io.kosmos.api.Relation;
import io.kosmos.api.Task;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.world.WorldState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The engine's world model, with notes that tests can set directly. */
final class TestWorld implements WorldModel {
  final WorldState state;
  final Map<String, String> notes = new LinkedHashMap<>();

  TestWorld(List<Dataset> datasets) {
    this.state = new WorldState(datasets);
  }

  TestWorld() {
    this(List.of(FakeAnalysisContext.dataset()));
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
    return Map.copyOf(notes);
  }
}
