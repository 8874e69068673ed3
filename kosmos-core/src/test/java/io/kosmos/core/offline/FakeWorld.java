package io.kosmos.core.offline;

import io.kosmos.api.Dataset;
import io.kosmos.api.Finding;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.HypothesisStatus;
import io.kosmos.api.Paper;
import io.kosmos.api.Relation;
import io.kosmos.api.Task;
import io.kosmos.api.WorldModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A world model the tests fill by hand. */
final class FakeWorld implements WorldModel {
  final List<Finding> findings = new ArrayList<>();
  final List<Hypothesis> hypotheses = new ArrayList<>();
  final List<Task> tried = new ArrayList<>();
  final List<Dataset> datasets = new ArrayList<>();
  final Map<String, String> notes = new LinkedHashMap<>();

  FakeWorld dataset(Dataset d) {
    datasets.add(d);
    return this;
  }

  FakeWorld note(String key, String value) {
    notes.put(key, value);
    return this;
  }

  FakeWorld finding(Finding f) {
    findings.add(f);
    return this;
  }

  @Override
  public List<Finding> findings() {
    return List.copyOf(findings);
  }

  @Override
  public Optional<Finding> finding(String id) {
    return findings.stream().filter(f -> f.id().equals(id)).findFirst();
  }

  @Override
  public List<Finding> recentFindings(int limit) {
    List<Finding> r = new ArrayList<>(findings);
    java.util.Collections.reverse(r);
    return r.subList(0, Math.min(limit, r.size()));
  }

  @Override
  public List<Finding> validatedFindings(int limit) {
    return findings.stream()
        .filter(Finding::isValidated)
        .sorted(Comparator.comparingDouble((Finding f) -> -f.validation().score()))
        .limit(limit)
        .toList();
  }

  @Override
  public List<Hypothesis> hypotheses() {
    return List.copyOf(hypotheses);
  }

  @Override
  public Optional<Hypothesis> hypothesis(String id) {
    return hypotheses.stream().filter(h -> h.id().equals(id)).findFirst();
  }

  @Override
  public List<Hypothesis> openHypotheses() {
    return hypotheses.stream().filter(h -> h.status() == HypothesisStatus.OPEN).toList();
  }

  @Override
  public List<Relation> conflicts() {
    return List.of();
  }

  @Override
  public List<Relation> relations() {
    return List.of();
  }

  @Override
  public List<String> openQuestions() {
    return List.of();
  }

  @Override
  public List<Paper> papers() {
    return List.of();
  }

  @Override
  public Optional<Paper> paper(String id) {
    return Optional.empty();
  }

  @Override
  public List<Task> triedTasks() {
    return List.copyOf(tried);
  }

  @Override
  public List<Dataset> datasets() {
    return List.copyOf(datasets);
  }

  @Override
  public Map<String, String> notes() {
    return Map.copyOf(notes);
  }
}
