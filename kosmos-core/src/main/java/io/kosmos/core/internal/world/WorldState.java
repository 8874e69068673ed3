package io.kosmos.core.internal.world;

import io.kosmos.api.Citation;
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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The engine's world model: the read side of {@link WorldModel} plus the writes the engine makes
 * when it applies a committed task result ({@link #apply}) or a reassessment ({@link #revise}).
 *
 * <p>Adding a finding classifies it against the validated findings already known about the same
 * hypothesis (or, without one, the same set of variables), as the Kosmos paper does:
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
 * <p>Hypothesis status and confidence come from validated evidence only: with {@code s} validated
 * findings for and {@code r} against, it is refuted when {@code r > 0 && r >= s}, supported when
 * {@code s > r}, open otherwise, with confidence {@code (s + 1) / (s + r + 2)}. The evidence lists
 * and the supports/refutes relations name every finding that bears on it, validated or not.
 *
 * <p>Indexes keep queries bounded: findings by id and by position, validated findings in a sorted
 * set (score, then adjusted p), evidence per comparison key and outcome. Every query returns an
 * immutable copy of at most its limit, or, for the append-only lists (conflicts, tried tasks), an
 * immutable view that costs nothing; only {@link #findings()}, {@link #relations()} and the
 * hypothesis lists are copied whole. A read-write lock makes it safe from any thread. Adding a
 * finding whose id is already there changes nothing, which is what makes replaying committed
 * results idempotent.
 */
public final class WorldState implements WorldModel {

  private static final int MAX_CONFLICT_LINKS = 3;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<Dataset> datasets;
  private final List<Finding> findings = new ArrayList<>();
  private final Map<String, Integer> positionById = new HashMap<>();
  private final Map<String, Evidence> evidenceByKey = new HashMap<>();
  private final TreeSet<Integer> ranked = new TreeSet<>(this::compareRank);
  private final Map<String, HypothesisState> hypotheses = new LinkedHashMap<>();
  private final Map<String, String> hypothesisByStatement = new HashMap<>();
  // Snapshots of the hypothesis lists, rebuilt on the first query after a change: planning asks
  // for them every cycle, and they change only when findings are applied.
  private volatile List<Hypothesis> allHypotheses;
  private volatile List<Hypothesis> openHypotheses;
  private final Set<Relation> relations = new LinkedHashSet<>();
  private final Set<Relation> conflictSet = new java.util.HashSet<>();
  private final AppendOnlyList<Relation> conflicts = new AppendOnlyList<>();
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
        boolean existed = hypotheses.containsKey(h.id());
        String canonical = addHypothesisLocked(h);
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
      for (String h : newHypotheses) {
        for (Finding f : record.findings()) {
          relations.add(new Relation(h, Relation.Type.DERIVED_FROM, f.id()));
        }
      }
      String derivedFrom = record.task().parameters().get("derivedFrom");
      if (derivedFrom != null) {
        for (String source : derivedFrom.split("[,\\s]+")) {
          if (positionById.containsKey(source)) {
            for (Finding f : added) {
              relations.add(new Relation(f.id(), Relation.Type.DERIVED_FROM, source));
            }
          }
        }
      }
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
      return addHypothesisLocked(hypothesis);
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
      String key = comparisonKey(old);
      if (old.isValidated()) {
        ranked.remove(position);
        if (key != null) {
          evidenceByKey.get(key).remove(oldOutcome, position);
        }
      }
      findings.set(position, updated);
      if (updated.isValidated()) {
        ranked.add(position);
        if (key != null) {
          evidenceByKey.computeIfAbsent(key, k -> new Evidence()).add(newOutcome, position);
        }
      }
      HypothesisState h = old.hypothesisId() == null ? null : hypotheses.get(old.hypothesisId());
      if (h != null) {
        if (oldOutcome.supports() != newOutcome.supports()) {
          relations.remove(relationTo(old.id(), oldOutcome, h.id));
          relations.add(relationTo(old.id(), newOutcome, h.id));
          (oldOutcome.supports() ? h.supporting : h.refuting).remove(old.id());
          (newOutcome.supports() ? h.supporting : h.refuting).add(old.id());
        }
        recount(h);
        hypothesesChanged();
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
      List<Finding> out = new ArrayList<>(Math.min(Math.max(limit, 0), ranked.size()));
      Iterator<Integer> it = ranked.iterator();
      while (it.hasNext() && out.size() < limit) {
        out.add(findings.get(it.next()));
      }
      return Collections.unmodifiableList(out);
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

  /**
   * The number of validated findings.
   *
   * @return the count
   */
  public int validatedCount() {
    lock.readLock().lock();
    try {
      return ranked.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Hypothesis> hypotheses() {
    lock.readLock().lock();
    try {
      List<Hypothesis> cached = allHypotheses;
      if (cached == null) {
        List<Hypothesis> out = new ArrayList<>(hypotheses.size());
        for (HypothesisState h : hypotheses.values()) {
          out.add(h.snapshot());
        }
        cached = Collections.unmodifiableList(out);
        allHypotheses = cached;
      }
      return cached;
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
      List<Hypothesis> cached = openHypotheses;
      if (cached == null) {
        List<Hypothesis> out = new ArrayList<>();
        for (HypothesisState h : hypotheses.values()) {
          if (h.status == HypothesisStatus.OPEN) {
            out.add(h.snapshot());
          }
        }
        cached = Collections.unmodifiableList(out);
        openHypotheses = cached;
      }
      return cached;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Relation> conflicts() {
    lock.readLock().lock();
    try {
      return conflicts.snapshot();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Relation> relations() {
    lock.readLock().lock();
    try {
      return List.copyOf(relations);
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
    String key = comparisonKey(finding);
    Evidence evidence = key == null ? null : evidenceByKey.get(key);
    List<Integer> opposing = new ArrayList<>();
    boolean agreeing = false;
    if (evidence != null) {
      for (Outcome other : Outcome.values()) {
        IntList list = evidence.byOutcome.get(other);
        if (list == null || list.size() == 0) {
          continue;
        }
        if (outcome.conflictsWith(other)) {
          for (int i = list.size() - 1; i >= 0 && opposing.size() < MAX_CONFLICT_LINKS; i--) {
            opposing.add(list.get(i));
          }
        } else {
          agreeing = true;
        }
      }
    }
    boolean pruned = false;
    HypothesisState h =
        finding.hypothesisId() == null ? null : hypotheses.get(finding.hypothesisId());
    if (h != null) {
      HypothesisStatus before = h.status;
      (outcome.supports() ? h.supporting : h.refuting).add(finding.id());
      relations.add(relationTo(finding.id(), outcome, h.id));
      if (finding.isValidated()) {
        if (outcome.supports()) {
          h.validatedFor++;
        } else {
          h.validatedAgainst++;
        }
      }
      h.updateStatus();
      hypothesesChanged();
      pruned =
          finding.isValidated()
              && !outcome.supports()
              && before != HypothesisStatus.REFUTED
              && h.status == HypothesisStatus.REFUTED;
    }
    FindingClass findingClass;
    if (pruned) {
      findingClass = FindingClass.PRUNING;
    } else if (!opposing.isEmpty()) {
      findingClass = FindingClass.CONFLICT;
    } else if (agreeing) {
      findingClass = FindingClass.CONFIRMATION;
    } else {
      findingClass = FindingClass.NOVEL;
    }
    for (int other : opposing) {
      Relation r =
          new Relation(finding.id(), Relation.Type.CONFLICTS_WITH, findings.get(other).id());
      relations.add(r);
      if (conflictSet.add(r)) {
        conflicts.add(r);
      }
    }
    for (Citation c : finding.citations()) {
      if (c instanceof Citation.PaperPassage p) {
        relations.add(new Relation(finding.id(), Relation.Type.CITES, p.paperId()));
      }
    }
    Finding stored = finding.withClassification(findingClass);
    int position = findings.size();
    findings.add(stored);
    positionById.put(stored.id(), position);
    if (stored.isValidated()) {
      ranked.add(position);
      if (key != null) {
        evidenceByKey.computeIfAbsent(key, k -> new Evidence()).add(outcome, position);
      }
    }
    return stored;
  }

  private String addHypothesisLocked(Hypothesis hypothesis) {
    if (hypotheses.containsKey(hypothesis.id())) {
      return hypothesis.id();
    }
    String statementKey = normalize(hypothesis.statement());
    String known = hypothesisByStatement.get(statementKey);
    if (known != null) {
      return known;
    }
    hypotheses.put(hypothesis.id(), new HypothesisState(hypothesis));
    hypothesisByStatement.put(statementKey, hypothesis.id());
    hypothesesChanged();
    return hypothesis.id();
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

  private void hypothesesChanged() {
    allHypotheses = null;
    openHypotheses = null;
  }

  private void recount(HypothesisState h) {
    h.validatedFor = 0;
    h.validatedAgainst = 0;
    for (String id : h.supporting) {
      if (findings.get(positionById.get(id)).isValidated()) {
        h.validatedFor++;
      }
    }
    for (String id : h.refuting) {
      if (findings.get(positionById.get(id)).isValidated()) {
        h.validatedAgainst++;
      }
    }
    h.updateStatus();
  }

  private static Relation relationTo(String findingId, Outcome outcome, String hypothesisId) {
    return new Relation(
        findingId,
        outcome.supports() ? Relation.Type.SUPPORTS : Relation.Type.REFUTES,
        hypothesisId);
  }

  private String comparisonKey(Finding finding) {
    if (finding.hypothesisId() != null && hypotheses.containsKey(finding.hypothesisId())) {
      return "h:" + finding.hypothesisId();
    }
    if (!finding.variables().isEmpty()) {
      return "v:"
          + finding.variables().stream()
              .map(v -> v.strip().toLowerCase(Locale.ROOT))
              .sorted()
              .distinct()
              .reduce((a, b) -> a + "|" + b)
              .orElse("");
    }
    return null;
  }

  private int compareRank(Integer a, Integer b) {
    Finding fa = findings.get(a);
    Finding fb = findings.get(b);
    int byScore = Double.compare(fb.validation().score(), fa.validation().score());
    if (byScore != 0) {
      return byScore;
    }
    Double pa = fa.statistics() == null ? null : fa.statistics().significanceP();
    Double pb = fb.statistics() == null ? null : fb.statistics().significanceP();
    if (pa != null || pb != null) {
      if (pa == null) {
        return 1;
      }
      if (pb == null) {
        return -1;
      }
      int byP = Double.compare(pa, pb);
      if (byP != 0) {
        return byP;
      }
    }
    return Integer.compare(a, b);
  }

  static String normalize(String text) {
    return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /** Validated findings of one comparison key, by outcome, as positions. */
  private static final class Evidence {
    final Map<Outcome, IntList> byOutcome = new EnumMap<>(Outcome.class);

    void add(Outcome outcome, int position) {
      byOutcome.computeIfAbsent(outcome, o -> new IntList()).add(position);
    }

    void remove(Outcome outcome, int position) {
      IntList list = byOutcome.get(outcome);
      if (list != null) {
        list.remove(position);
      }
    }
  }

  /** A hypothesis with its evidence, mutable under the write lock. */
  private static final class HypothesisState {
    final String id;
    final String statement;
    final int proposedInCycle;
    final List<String> variables;
    final List<String> supporting = new ArrayList<>();
    final List<String> refuting = new ArrayList<>();
    int validatedFor;
    int validatedAgainst;
    HypothesisStatus status = HypothesisStatus.OPEN;
    private Hypothesis cached;

    HypothesisState(Hypothesis h) {
      this.id = h.id();
      this.statement = h.statement();
      this.proposedInCycle = h.proposedInCycle();
      this.variables = h.variables();
    }

    void updateStatus() {
      if (validatedAgainst > 0 && validatedAgainst >= validatedFor) {
        status = HypothesisStatus.REFUTED;
      } else if (validatedFor > validatedAgainst) {
        status = HypothesisStatus.SUPPORTED;
      } else {
        status = HypothesisStatus.OPEN;
      }
      cached = null;
    }

    Hypothesis snapshot() {
      Hypothesis h = cached;
      if (h == null) {
        double confidence = (validatedFor + 1.0) / (validatedFor + validatedAgainst + 2.0);
        h =
            new Hypothesis(
                id,
                statement,
                status,
                confidence,
                supporting,
                refuting,
                proposedInCycle,
                variables);
        cached = h;
      }
      return h;
    }
  }

  /**
   * Orders findings for display: validated ones by rank first, then the rest in the order added.
   *
   * @return the comparator
   */
  public static Comparator<Finding> displayOrder() {
    return Comparator.comparing((Finding f) -> !f.isValidated())
        .thenComparing((Finding f) -> f.validation() == null ? 0.0 : -f.validation().score())
        .thenComparing(
            (Finding f) ->
                f.statistics() == null || f.statistics().significanceP() == null
                    ? Double.MAX_VALUE
                    : f.statistics().significanceP());
  }
}
