package io.kosmos.core.internal.world;

import io.kosmos.api.Dataset;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingClass;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.HypothesisStatus;
import io.kosmos.api.Paper;
import io.kosmos.api.Relation;
import io.kosmos.api.Task;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.artifacts.TaskRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * The engine's world model: the read side of {@link WorldModel} plus the writes the engine makes
 * when it applies a committed task result ({@link #apply}) or a reassessment ({@link #revise}).
 *
 * <p>Adding a finding classifies it against the validated findings already known about the same
 * hypothesis (or, without one, the same set of variables) and of the same {@linkplain
 * io.kosmos.api.FindingScope scope}, as the Kosmos paper does. Findings of different scopes are
 * never compared: no effect in one subgroup next to a strong one in another is effect modification,
 * and a null interaction says nothing against a main effect. For the same reason such a null is no
 * evidence on a hypothesis that predicts an effect ({@link HypothesisState#bearsOn}).
 *
 * <ul>
 *   <li>{@link FindingClass#PRUNING}: it is validated, finds no effect, and this turns its
 *       hypothesis to {@link HypothesisStatus#REFUTED};
 *   <li>{@link FindingClass#CONFLICT}: a validated earlier finding has the opposite direction or
 *       the opposite significance (a {@link Relation.Type#CONFLICTS_WITH} relation links them, to
 *       the three most recent such findings);
 *   <li>{@link FindingClass#CONFIRMATION}: a validated earlier finding agrees;
 *   <li>{@link FindingClass#NOVEL}: nothing comparable was known.
 * </ul>
 *
 * <p>Whether a finding supports its hypothesis depends on what the hypothesis predicts: no effect
 * supports a hypothesis of no effect ({@link HypothesisState}). Hypothesis status and confidence
 * come from validated evidence only; the supports/refutes relations name every finding that bears
 * on a hypothesis, validated or not.
 *
 * <p>Indexes keep queries bounded: findings by id and by position, validated findings in a sorted
 * set ({@link FindingRanking}), evidence per comparison key and outcome ({@link EvidenceIndex}),
 * the hypotheses with their lists cached ({@link Hypotheses}). Every query returns an immutable
 * copy of at most its limit, or, for the append-only lists (conflicts, tried tasks), an immutable
 * view that costs nothing; only {@link #findings()}, {@link #relations()} and the hypothesis lists
 * are copied whole. A read-write lock makes it safe from any thread. Adding a finding whose id is
 * already there changes nothing, which is what makes replaying committed results idempotent.
 */
public final class WorldState implements WorldModel {

  private static final int MAX_CONFLICT_LINKS = 3;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<Dataset> datasets;
  private final List<Finding> findings = new ArrayList<>();
  private final Map<String, Integer> positionById = new HashMap<>();
  private final EvidenceIndex evidence = new EvidenceIndex();
  private final FindingRanking ranked = new FindingRanking(findings);
  private final Hypotheses hypotheses = new Hypotheses();
  private final Relations relations = new Relations();
  private final Set<String> questions = new LinkedHashSet<>();
  private final Set<String> questionKeys = new java.util.HashSet<>();
  private final Map<String, Paper> papers = new LinkedHashMap<>();
  private final AppendOnlyList<Task> tried = new AppendOnlyList<>();
  private final Set<String> triedIds = new java.util.HashSet<>();
  private final Map<String, String> notes = new LinkedHashMap<>();

  /**
   * Creates an empty world model.
   *
   * @param datasets the run's datasets
   */
  public WorldState(List<Dataset> datasets) {
    this.datasets = List.copyOf(datasets);
  }

  // ---- writes ------------------------------------------------------------------------------

  /**
   * Applies a committed task result: records the task as tried and, if it succeeded, adds its
   * hypotheses, papers, findings, questions and notes. Applying the same result again changes
   * nothing.
   *
   * @param record the result
   * @return the findings added now, classified, in order (empty on a replay)
   */
  public List<Finding> apply(TaskRecord record) {
    lock.writeLock().lock();
    try {
      addTriedLocked(record.task());
      if (!record.succeeded()) {
        return List.of();
      }
      Map<String, String> alias = new HashMap<>();
      List<String> newHypotheses = new ArrayList<>();
      for (Hypothesis h : record.hypotheses()) {
        boolean existed = hypotheses.contains(h.id());
        String canonical = hypotheses.add(h);
        alias.put(h.id(), canonical);
        if (!existed && canonical.equals(h.id())) {
          newHypotheses.add(canonical);
        }
      }
      for (Paper paper : record.papers()) {
        papers.putIfAbsent(paper.id(), paper);
      }
      List<Finding> added = new ArrayList<>();
      for (Finding finding : record.findings()) {
        Finding f = finding;
        if (f.hypothesisId() != null && alias.containsKey(f.hypothesisId())) {
          f = f.toBuilder().hypothesisId(alias.get(f.hypothesisId())).build();
        }
        if (positionById.containsKey(f.id())) {
          continue;
        }
        added.add(addFindingLocked(f));
      }
      relations.hypothesesDerived(newHypotheses, record.findings());
      relations.findingsDerived(
          added, record.task().parameters().get("derivedFrom"), positionById::containsKey);
      for (String q : record.openQuestions()) {
        addQuestionLocked(q);
      }
      notes.putAll(new java.util.TreeMap<>(record.notes()));
      return added;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Adds a finding and classifies it. A finding whose id is already there is not added again.
   *
   * @param finding the finding, with its final id
   * @return the stored finding, with its classification
   */
  public Finding addFinding(Finding finding) {
    lock.writeLock().lock();
    try {
      Integer existing = positionById.get(finding.id());
      if (existing != null) {
        return findings.get(existing);
      }
      return addFindingLocked(finding);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Adds a hypothesis; one with the same statement (ignoring case and spacing) as a known one is
   * merged into it.
   *
   * @param hypothesis the hypothesis, with its final id; status and evidence are ignored
   * @return the id it is known by
   */
  public String addHypothesis(Hypothesis hypothesis) {
    lock.writeLock().lock();
    try {
      return hypotheses.add(hypothesis);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Records a task as tried.
   *
   * @param task the task
   */
  public void addTriedTask(Task task) {
    lock.writeLock().lock();
    try {
      addTriedLocked(task);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Replaces the statistics and validation of a finding (a reassessment), and updates what depends
   * on them: its rank, its outcome, the hypothesis it bears on. Its classification stays as it was
   * when it was added.
   *
   * @param revised the finding with new statistics and validation
   * @return whether a finding with that id exists
   */
  public boolean revise(Finding revised) {
    lock.writeLock().lock();
    try {
      Integer position = positionById.get(revised.id());
      if (position == null) {
        return false;
      }
      Finding old = findings.get(position);
      Finding updated =
          old.toBuilder().statistics(revised.statistics()).validation(revised.validation()).build();
      Outcome oldOutcome = Outcome.of(old);
      Outcome newOutcome = Outcome.of(updated);
      String key = EvidenceIndex.key(old, hypotheses);
      if (old.isValidated()) {
        ranked.remove(position);
        if (key != null) {
          evidence.remove(key, oldOutcome, position);
        }
      }
      findings.set(position, updated);
      if (updated.isValidated()) {
        ranked.add(position);
        if (key != null) {
          evidence.add(key, newOutcome, position);
        }
      }
      HypothesisState h = hypotheses.get(old.hypothesisId());
      if (h != null) {
        @Nullable Outcome before = h.bearsOn(old.scope(), oldOutcome) ? oldOutcome : null;
        @Nullable Outcome after = h.bearsOn(old.scope(), newOutcome) ? newOutcome : null;
        boolean moved =
            before == null
                ? after != null
                : after == null || h.supportedBy(before) != h.supportedBy(after);
        if (moved) {
          if (before != null) {
            relations.removeEvidence(old.id(), h.supportedBy(before), h.id);
          }
          if (after != null) {
            relations.evidence(old.id(), h.supportedBy(after), h.id);
          }
          h.moveEvidence(old.id(), before, after);
        }
        h.recount(id -> findings.get(positionById.get(id)).isValidated());
        hypotheses.changed();
      }
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  // ---- reads -------------------------------------------------------------------------------

  @Override
  public List<Finding> findings() {
    lock.readLock().lock();
    try {
      return List.copyOf(findings);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<Finding> finding(String id) {
    lock.readLock().lock();
    try {
      Integer position = positionById.get(id);
      return position == null ? Optional.empty() : Optional.of(findings.get(position));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Finding> recentFindings(int limit) {
    lock.readLock().lock();
    try {
      List<Finding> out = new ArrayList<>(Math.min(Math.max(limit, 0), findings.size()));
      for (int i = findings.size() - 1; i >= 0 && out.size() < limit; i--) {
        out.add(findings.get(i));
      }
      return Collections.unmodifiableList(out);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Finding> validatedFindings(int limit) {
    lock.readLock().lock();
    try {
      return ranked.top(limit);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The number of findings.
   *
   * @return the count
   */
  public int findingCount() {
    lock.readLock().lock();
    try {
      return findings.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Hypothesis> hypotheses() {
    lock.readLock().lock();
    try {
      return hypotheses.all();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<Hypothesis> hypothesis(String id) {
    lock.readLock().lock();
    try {
      HypothesisState h = hypotheses.get(id);
      return h == null ? Optional.empty() : Optional.of(h.snapshot());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Hypothesis> openHypotheses() {
    lock.readLock().lock();
    try {
      return hypotheses.open();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Relation> conflicts() {
    lock.readLock().lock();
    try {
      return relations.conflicts();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Relation> relations() {
    lock.readLock().lock();
    try {
      return relations.copy();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<String> openQuestions() {
    lock.readLock().lock();
    try {
      return List.copyOf(questions);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Paper> papers() {
    lock.readLock().lock();
    try {
      return List.copyOf(papers.values());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<Paper> paper(String id) {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(papers.get(id));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Task> triedTasks() {
    lock.readLock().lock();
    try {
      return tried.snapshot();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Dataset> datasets() {
    return datasets;
  }

  @Override
  public Map<String, String> notes() {
    lock.readLock().lock();
    try {
      return Collections.unmodifiableMap(new LinkedHashMap<>(notes));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<String> note(String key) {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(notes.get(key));
    } finally {
      lock.readLock().unlock();
    }
  }

  // ---- internals ---------------------------------------------------------------------------

  private Finding addFindingLocked(Finding finding) {
    Outcome outcome = Outcome.of(finding);
    String key = EvidenceIndex.key(finding, hypotheses);
    EvidenceIndex.Comparison met = evidence.compare(key, outcome, MAX_CONFLICT_LINKS);
    boolean pruned = false;
    HypothesisState h = hypotheses.get(finding.hypothesisId());
    if (h != null && h.bearsOn(finding.scope(), outcome)) {
      pruned = h.addEvidence(finding.id(), outcome, finding.isValidated());
      relations.evidence(finding.id(), h.supportedBy(outcome), h.id);
      hypotheses.changed();
    }
    for (int other : met.opposing()) {
      relations.conflict(finding.id(), findings.get(other).id());
    }
    relations.cites(finding);
    Finding stored = finding.withClassification(met.classify(pruned));
    int position = findings.size();
    findings.add(stored);
    positionById.put(stored.id(), position);
    if (stored.isValidated()) {
      ranked.add(position);
      if (key != null) {
        evidence.add(key, outcome, position);
      }
    }
    return stored;
  }

  private void addTriedLocked(Task task) {
    if (triedIds.add(task.id())) {
      tried.add(task);
    }
  }

  private void addQuestionLocked(String question) {
    String q = question.strip();
    if (!q.isEmpty() && questionKeys.add(normalize(q))) {
      questions.add(q);
    }
  }

  static String normalize(String text) {
    return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /**
   * Orders findings for display: validated ones by rank first, then the rest in the order added.
   *
   * @return the comparator
   */
  public static Comparator<Finding> displayOrder() {
    return FindingRanking.displayOrder();
  }
}
