package io.kosmos.core.internal.world;

import io.kosmos.api.Hypothesis;
import io.kosmos.api.HypothesisStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hypotheses of the {@link WorldState}, in the order they were proposed, used under its lock. A
 * hypothesis with the same statement as a known one (ignoring case and spacing) is merged into it.
 * The lists planning asks for every cycle are cached until a hypothesis changes, which happens only
 * when findings are applied.
 */
final class Hypotheses {
  private final Map<String, HypothesisState> byId = new LinkedHashMap<>();
  private final Map<String, String> idByStatement = new HashMap<>();
  private volatile List<Hypothesis> all;
  private volatile List<Hypothesis> open;

  /**
   * Adds a hypothesis, or finds the known one with the same statement.
   *
   * @param hypothesis the hypothesis, with its final id; status and evidence are ignored
   * @return the id it is known by
   */
  String add(Hypothesis hypothesis) {
    if (byId.containsKey(hypothesis.id())) {
      return hypothesis.id();
    }
    String statementKey = WorldState.normalize(hypothesis.statement());
    String known = idByStatement.get(statementKey);
    if (known != null) {
      return known;
    }
    byId.put(hypothesis.id(), new HypothesisState(hypothesis));
    idByStatement.put(statementKey, hypothesis.id());
    changed();
    return hypothesis.id();
  }

  boolean contains(String id) {
    return byId.containsKey(id);
  }

  /**
   * A hypothesis, to record evidence on it; call {@link #changed} after.
   *
   * @param id its id, or {@code null}
   * @return the hypothesis, or {@code null} if there is none with that id
   */
  HypothesisState get(String id) {
    return id == null ? null : byId.get(id);
  }

  /** Drops the cached lists: a hypothesis was added or its evidence changed. */
  void changed() {
    all = null;
    open = null;
  }

  List<Hypothesis> all() {
    List<Hypothesis> cached = all;
    if (cached == null) {
      List<Hypothesis> out = new ArrayList<>(byId.size());
      for (HypothesisState h : byId.values()) {
        out.add(h.snapshot());
      }
      cached = Collections.unmodifiableList(out);
      all = cached;
    }
    return cached;
  }

  List<Hypothesis> open() {
    List<Hypothesis> cached = open;
    if (cached == null) {
      List<Hypothesis> out = new ArrayList<>();
      for (HypothesisState h : byId.values()) {
        if (h.status() == HypothesisStatus.OPEN) {
          out.add(h.snapshot());
        }
      }
      cached = Collections.unmodifiableList(out);
      open = cached;
    }
    return cached;
  }
}
